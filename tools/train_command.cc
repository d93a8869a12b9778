#include "tools/train_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/activity_model_file.h"
#include "tools/cli_status.h"
#include "tools/eval/activity_training.h"
#include "tools/flags.h"

namespace minsense::tools {
namespace {

constexpr FlagSpec kTrainFlags[] = {
    {.name = "corpus", .kind = FlagKind::kWordList},
    {.name = "out"},
    {.name = "hidden"},
    {.name = "epochs"},
    {.name = "seed"},
    {.name = "threads"},
};

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
  auto Fail = [&err](std::string_view reason) { return UsageError(err, "minsense train", reason); };
  CommandStart start =
      StartCommand(args, kTrainFlags, "train", "minsense train", TrainUsage(), out, err);
  if (!start.flags) return start.exit_code;
  const ParsedFlags* flags = &*start.flags;
  std::vector<std::string> dirs;
  for (std::string_view dir : flags->values("corpus")) dirs.emplace_back(dir);
  const std::string out_path(flags->value_or("out", ""));
  if (dirs.empty()) return Fail("--corpus DIR is required");
  if (out_path.empty()) return Fail("--out FILE is required");
  eval::ActivityTrainingOptions options;
  const StatusOr<int> hidden =
      WholeNumberFlag(*flags, "hidden", 1, kernels::kMlpMaxHidden, options.mlp.hidden);
  const StatusOr<int> epochs = WholeNumberFlag(*flags, "epochs", 1, 100000, options.mlp.epochs);
  const StatusOr<int> seed =
      WholeNumberFlag(*flags, "seed", 0, 1 << 30, static_cast<int>(options.mlp.seed));
  const StatusOr<int> threads = WholeNumberFlag(*flags, "threads", 1, 256, 0);
  for (const Status& s : {hidden.status(), epochs.status(), seed.status(), threads.status()}) {
    if (!s.ok()) return Fail(s.message());
  }
  options.mlp.hidden = *hidden;
  options.mlp.epochs = *epochs;
  options.mlp.seed = static_cast<uint64_t>(*seed);

  std::function<void(int, int)> progress;
  if (isatty(STDERR_FILENO) != 0) {
    progress = [](int done, int total) {
      std::fprintf(stderr, "\r  replaying %d/%d recordings", done, total);
      if (done == total) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    };
  }
  eval::RunConfig config;
  StatusOr<eval::WindowDataset> data = eval::CollectWindowDataset(dirs, config, *threads, progress);
  if (!data.ok()) return Fail(data.status().message());

  std::string corpora;
  for (const std::string& dir : dirs) {
    if (!corpora.empty()) corpora += ' ';
    corpora += std::filesystem::path(dir).filename().string();
  }
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
