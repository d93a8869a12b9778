#include "tools/eval_command.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/activity_model_file.h"
#include "tools/cli_status.h"
#include "tools/eval/activity_training.h"
#include "tools/eval/corpus_evaluator.h"
#include "tools/eval/gps_transport_training.h"

namespace minsense::tools {
namespace {

bool ParseDouble(std::string_view s, double* out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

const char* EvalUsage() {
  return "usage: minsense eval --corpus DIR [DIR...] [--json] [--threads N]\n"
         "                     [--decimate-hz HZ] [--activity NAME]... [--model FILE]\n"
         "                     [--cv subjects|corpora] [--folds N] [--change-delay]\n"
         "  Replays every recording of each corpus manifest in parallel and prints\n"
         "  label accuracy, cadence and step-count figures per corpus, activity and\n"
         "  carry position (a table, or JSON with --json). A GPS-only corpus (such as\n"
         "  geolife) gets the GPS transport-mode figures instead: day-grouped\n"
         "  cross-validation accuracy and confusion matrix, and what the GPS ingest\n"
         "  guard rejected.\n"
         "  --model FILE        run this activity model instead of the built-in one\n"
         "  --cv subjects       instead: train the activity model without a group of\n"
         "                      subjects (--folds groups per corpus, default 5) and test\n"
         "                      on them, for every group: label confusion matrix per\n"
         "                      corpus, accuracy per carry position (JSON: confusion\n"
         "                      per position), reliability of each confidence level\n"
         "  --cv corpora        instead: train without each corpus, test on it\n"
         "  --change-delay      instead: splice recordings of one subject's activities\n"
         "                      and report how long the label takes to follow\n";
}

int RunEval(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
  auto Fail = [&err](const std::string& reason) {
    PrintErrorLine(err, "minsense eval", reason);
    return kExitUsage;
  };
  std::vector<std::string> dirs;
  eval::EvaluateOptions options;
  bool json = false;
  std::string cv;
  int folds = 5;
  bool change_delay = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    auto next = [&](std::string_view* value) {
      if (i + 1 >= args.size() || args[i + 1].starts_with("--")) return false;
      *value = args[++i];
      return true;
    };
    std::string_view value;
    if (a == "--help" || a == "-h") {
      out << EvalUsage();
      return kExitOk;
    } else if (a == "--corpus") {
      if (!next(&value)) return Fail("--corpus needs at least one folder");
      dirs.emplace_back(value);
      while (i + 1 < args.size() && !args[i + 1].starts_with("--")) dirs.emplace_back(args[++i]);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--threads") {
      double n = 0;
      if (!next(&value) || !ParseDouble(value, &n) || n < 1 || n > 256 ||
          n != static_cast<int>(n)) {
        return Fail("--threads needs a whole number from 1 to 256");
      }
      options.threads = static_cast<int>(n);
    } else if (a == "--decimate-hz") {
      double hz = 0;
      if (!next(&value) || !ParseDouble(value, &hz) || hz < 5 || hz > 1000) {
        return Fail("--decimate-hz needs a rate from 5 to 1000 Hz");
      }
      options.run.decimate_to_hz = hz;
    } else if (a == "--model") {
      if (!next(&value)) return Fail("--model needs a model file");
      StatusOr<v1::ActivityModel> model = ReadActivityModelFile(std::string(value));
      if (!model.ok()) return Fail(model.status().message());
      options.run.model = std::make_shared<const v1::ActivityModel>(std::move(model).value());
    } else if (a == "--cv") {
      if (!next(&value) || (value != "subjects" && value != "corpora"))
        return Fail("--cv needs 'subjects' or 'corpora'");
      cv = value;
    } else if (a == "--folds") {
      double n = 0;
      if (!next(&value) || !ParseDouble(value, &n) || n < 2 || n > 50 || n != static_cast<int>(n))
        return Fail("--folds needs a whole number from 2 to 50");
      folds = static_cast<int>(n);
    } else if (a == "--change-delay") {
      change_delay = true;
    } else if (a == "--activity") {
      if (!next(&value)) return Fail("--activity needs a manifest activity name");
      options.activities.emplace_back(value);
    } else {
      return Fail("unknown argument '" + std::string(a) + "' (see minsense eval --help)");
    }
  }
  if (dirs.empty()) return Fail("--corpus DIR is required");

  // GPS-only corpora have no accelerometer recording to replay: they are
  // judged on the GPS transport mode, by day-grouped cross-validation.
  std::vector<std::string> gps_json;
  for (auto it = dirs.begin(); it != dirs.end();) {
    StatusOr<eval::Corpus> corpus = eval::LoadCorpus(*it);
    if (!corpus.ok()) return Fail(corpus.status().message());
    if (!eval::IsGpsOnlyCorpus(*corpus)) {
      ++it;
      continue;
    }
    eval::GpsTrainingOptions gps_options;
    gps_options.threads = options.threads;
    StatusOr<eval::GpsCorpusWindows> windows = eval::ExtractGpsWindows(*it, gps_options);
    if (!windows.ok()) return Fail(windows.status().message());
    const eval::GpsCrossValidation gps_cv = eval::CrossValidateByDay(*windows, gps_options);
    if (json) {
      gps_json.push_back(eval::FormatGpsJson(corpus->name, *windows, gps_cv));
    } else {
      out << eval::FormatGpsTable(corpus->name, *windows, gps_cv);
    }
    it = dirs.erase(it);
  }
  if (dirs.empty()) {
    if (json) {
      out << "{\"gps_corpora\":[";
      for (size_t i = 0; i < gps_json.size(); ++i) out << (i > 0 ? "," : "") << gps_json[i];
      out << "]}\n";
    }
    return out ? kExitOk : kExitOutputError;
  }

  const bool show_progress = isatty(STDERR_FILENO) != 0;
  if (show_progress) {
    options.progress = [](int done, int total) {
      std::fprintf(stderr, "\r  %d/%d recordings", done, total);
      if (done == total) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    };
  }
  if (options.run.model) {
    // Reject a bad model once, with its reason, before any replay.
    StatusOr<std::unique_ptr<Pipeline>> probe =
        Pipeline::Create(options.run.options, options.run.policy, *options.run.model);
    if (!probe.ok()) return Fail(probe.status().message());
  }
  if (!cv.empty()) {
    StatusOr<eval::WindowDataset> data =
        eval::CollectWindowDataset(dirs, options.run, options.threads, options.progress);
    if (!data.ok()) return Fail(data.status().message());
    StatusOr<std::vector<eval::CrossValidationReport>> reports = eval::CrossValidate(
        *data,
        cv == "subjects" ? eval::CrossValidation::kSubjects : eval::CrossValidation::kCorpora,
        folds, eval::ActivityTrainingOptions(),
        static_cast<int>(options.run.options.stable_windows()), options.threads);
    if (!reports.ok()) return Fail(reports.status().message());
    out << (json ? eval::CrossValidationJson(*reports) + "\n"
                 : eval::FormatCrossValidation(*reports));
    return out ? kExitOk : kExitOutputError;
  }
  if (change_delay) {
    eval::ChangeDelayReport all;
    for (const std::string& dir : dirs) {
      StatusOr<eval::ChangeDelayReport> r = eval::MeasureChangeDelays(dir, options.run, 60);
      if (!r.ok()) return Fail(r.status().message());
      all.splices += r->splices;
      all.never += r->never;
      all.delays_s.insert(all.delays_s.end(), r->delays_s.begin(), r->delays_s.end());
      all.kinds.insert(all.kinds.end(), r->kinds.begin(), r->kinds.end());
    }
    out << (json ? eval::ChangeDelayJson(all) + "\n" : eval::FormatChangeDelays(all));
    return out ? kExitOk : kExitOutputError;
  }
  StatusOr<std::vector<eval::RecordingMetrics>> metrics = eval::EvaluateCorpora(dirs, options);
  if (!metrics.ok()) return Fail(metrics.status().message());
  const std::vector<eval::GroupSummary> groups = eval::Summarise(*metrics);
  if (json) {
    std::string text = eval::FormatJson(groups, *metrics);
    if (!gps_json.empty() && text.size() > 1 && text.back() == '}') {
      // The GPS figures join the accelerometer figures' object.
      text.pop_back();
      text += ",\"gps_corpora\":[";
      for (size_t i = 0; i < gps_json.size(); ++i) text += (i > 0 ? "," : "") + gps_json[i];
      text += "]}";
    }
    out << text << "\n";
  } else {
    out << eval::FormatTable(groups);
  }
  return out ? kExitOk : kExitOutputError;
}

}  // namespace minsense::tools
