#include "tools/eval_command.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "pipeline/trained_activity_classifier.h"
#include "tools/activity_model_file.h"
#include "tools/cli_status.h"
#include "tools/eval/activity_training.h"
#include "tools/eval/corpus_evaluator.h"
#include "tools/eval/gps_transport_training.h"
#include "tools/flags.h"

namespace minsense::tools {
namespace {

constexpr std::string_view kCrossValidations[] = {"subjects", "corpora"};

constexpr FlagSpec kEvalFlags[] = {
    {.name = "corpus", .kind = FlagKind::kWordList},
    {.name = "json", .kind = FlagKind::kSwitch},
    {.name = "threads"},
    {.name = "decimate-hz"},
    {.name = "activity", .repeatable = true},
    {.name = "model"},
    {.name = "cv", .allowed_values = kCrossValidations},
    {.name = "folds"},
    {.name = "change-delay", .kind = FlagKind::kSwitch},
};

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
  auto Fail = [&err](std::string_view reason) { return UsageError(err, "minsense eval", reason); };
  CommandStart start =
      StartCommand(args, kEvalFlags, "eval", "minsense eval", EvalUsage(), out, err);
  if (!start.flags) return start.exit_code;
  const ParsedFlags* flags = &*start.flags;
  std::vector<std::string> dirs;
  for (std::string_view dir : flags->values("corpus")) dirs.emplace_back(dir);
  if (dirs.empty()) return Fail("--corpus DIR is required");
  eval::EvaluateOptions options;
  const bool json = flags->has("json");
  const bool change_delay = flags->has("change-delay");
  const std::string cv(flags->value_or("cv", ""));
  const StatusOr<int> threads = WholeNumberFlag(*flags, "threads", 1, 256, options.threads);
  const StatusOr<int> folds = WholeNumberFlag(*flags, "folds", 2, 50, 5);
  const StatusOr<double> decimate_hz =
      NumberFlag(*flags, "decimate-hz", 5, 1000, options.run.decimate_to_hz);
  for (const Status& s : {threads.status(), folds.status(), decimate_hz.status()}) {
    if (!s.ok()) return Fail(s.message());
  }
  options.threads = *threads;
  options.run.decimate_to_hz = *decimate_hz;
  for (std::string_view activity : flags->values("activity")) {
    options.activities.emplace_back(activity);
  }
  if (flags->has("model")) {
    // Read and check the model once, with its reason, before any replay.
    StatusOr<v1::ActivityModel> model =
        ReadActivityModelFile(std::string(flags->value_or("model", "")));
    if (!model.ok()) return Fail(model.status().message());
    if (StatusOr<TrainedActivityClassifier> checked = TrainedActivityClassifier::Create(*model);
        !checked.ok()) {
      return Fail(checked.status().message());
    }
    options.run.model = std::make_shared<const v1::ActivityModel>(std::move(model).value());
  }

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
  if (!cv.empty()) {
    StatusOr<eval::WindowDataset> data =
        eval::CollectWindowDataset(dirs, options.run, options.threads, options.progress);
    if (!data.ok()) return Fail(data.status().message());
    StatusOr<std::vector<eval::CrossValidationReport>> reports = eval::CrossValidate(
        *data,
        cv == "subjects" ? eval::CrossValidation::kSubjects : eval::CrossValidation::kCorpora,
        *folds, eval::ActivityTrainingOptions(),
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
