#include "tools/train_command.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/activity_model_file.h"
#include "tools/cli_status.h"
#include "tools/eval/activity_training.h"

namespace minsense::tools {
namespace {

bool ParseWhole(std::string_view s, int lo, int hi, int* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && *out >= lo && *out <= hi;
}

}  // namespace

const char* TrainUsage() {
  return "usage: minsense train --corpus DIR [DIR...] --out FILE\n"
         "                      [--hidden N] [--epochs N] [--seed N] [--threads N]\n"
         "  Replays every recording of the corpora through the pipeline, fits the\n"
         "  activity model on the window features (still, walking, running, cycling,\n"
         "  in-vehicle: the classes the corpora hold) and writes it as a text-format\n"
         "  ActivityModel. Deterministic: the same corpora and flags give the same file.\n"
         "  The committed model is pipeline/models/activity_model.textproto; check a\n"
         "  model with `minsense eval --cv subjects --model FILE`.\n";
}

int RunTrain(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
  auto Fail = [&err](const std::string& reason) {
    PrintErrorLine(err, "minsense train", reason);
    return kExitUsage;
  };
  std::vector<std::string> dirs;
  std::string out_path;
  eval::ActivityTrainingOptions options;
  int threads = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    auto next = [&](std::string_view* value) {
      if (i + 1 >= args.size() || args[i + 1].starts_with("--")) return false;
      *value = args[++i];
      return true;
    };
    std::string_view value;
    int n = 0;
    if (a == "--help" || a == "-h") {
      out << TrainUsage();
      return kExitOk;
    } else if (a == "--corpus") {
      if (!next(&value)) return Fail("--corpus needs at least one folder");
      dirs.emplace_back(value);
      while (i + 1 < args.size() && !args[i + 1].starts_with("--")) dirs.emplace_back(args[++i]);
    } else if (a == "--out") {
      if (!next(&value)) return Fail("--out needs a file name");
      out_path = value;
    } else if (a == "--hidden") {
      if (!next(&value) || !ParseWhole(value, 1, kernels::kMlpMaxHidden, &n))
        return Fail("--hidden needs a whole number from 1 to 64");
      options.mlp.hidden = n;
    } else if (a == "--epochs") {
      if (!next(&value) || !ParseWhole(value, 1, 100000, &n))
        return Fail("--epochs needs a whole number from 1 to 100000");
      options.mlp.epochs = n;
    } else if (a == "--seed") {
      if (!next(&value) || !ParseWhole(value, 0, 1 << 30, &n))
        return Fail("--seed needs a whole number from 0 to 2^30");
      options.mlp.seed = static_cast<uint64_t>(n);
    } else if (a == "--threads") {
      if (!next(&value) || !ParseWhole(value, 1, 256, &n))
        return Fail("--threads needs a whole number from 1 to 256");
      threads = n;
    } else {
      return Fail("unknown argument '" + std::string(a) + "' (see minsense train --help)");
    }
  }
  if (dirs.empty()) return Fail("--corpus DIR is required");
  if (out_path.empty()) return Fail("--out FILE is required");

  std::function<void(int, int)> progress;
  if (isatty(STDERR_FILENO) != 0) {
    progress = [](int done, int total) {
      std::fprintf(stderr, "\r  replaying %d/%d recordings", done, total);
      if (done == total) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    };
  }
  eval::RunConfig config;
  StatusOr<eval::WindowDataset> data = eval::CollectWindowDataset(dirs, config, threads, progress);
  if (!data.ok()) return Fail(data.status().message());

  std::string corpora;
  for (const std::string& dir : dirs)
    corpora += (corpora.empty() ? "" : " ") + std::filesystem::path(dir).filename().string();
  const std::string trained_on = "minsense train --corpus " + corpora + " --hidden " +
                                 std::to_string(options.mlp.hidden) + " --epochs " +
                                 std::to_string(options.mlp.epochs) + " --seed " +
                                 std::to_string(options.mlp.seed);
  StatusOr<v1::ActivityModel> model = eval::TrainActivityModel(
      *data, [](const eval::RecordingWindows&) { return true; }, options, trained_on);
  if (!model.ok()) return Fail(model.status().message());

  eval::LabelScores fit;
  if (Status s = eval::ScoreRecordings(
          *data, [](const eval::RecordingWindows&) { return true; }, *model,
          static_cast<int>(config.options.stable_windows()), &fit);
      !s.ok()) {
    return Fail(s.message());
  }

  const std::string text = ActivityModelText(
      *model,
      "minsense activity model, written by `minsense train`; do not edit by hand.\n"
      "Trained on public corpora (see their SOURCE.txt for licences); holds weights only.");
  const std::string tmp_path = out_path + ".tmp";
  {
    std::ofstream file(tmp_path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) return Fail("cannot write " + tmp_path);
  }
  std::error_code ec;
  std::filesystem::rename(tmp_path, out_path, ec);
  if (ec) return Fail("cannot rename " + tmp_path + " to " + out_path);

  out << "wrote " << out_path << " (" << text.size() << " bytes): " << model->trained_on() << "\n";
  out << "fit on the training windows (not a test figure; use minsense eval --cv): "
      << "still/walking/running "
      << std::to_string(100.0 * fit.still_walk_run_accuracy()).substr(0, 5) << "% of "
      << fit.still_walk_run_windows() << " windows\n";
  return out ? kExitOk : kExitOutputError;
}

}  // namespace minsense::tools
