#include "tools/eval_command.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
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

  const bool show_progress = isatty(STDERR_FILENO) != 0;
  if (show_progress) {
    options.progress = [](int done, int total) {
      std::fprintf(stderr, "\r  %d/%d recordings", done, total);
      if (done == total) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    };
  }

  // Every manifest is read first. A corpus that cannot be read ends the run,
  // after the GPS corpora listed before it are reported (as when the corpora
  // were taken one by one).
  std::vector<eval::Corpus> corpora;
  Status load_error = Status::Ok();
  for (const std::string& dir : dirs) {
    StatusOr<eval::Corpus> corpus = eval::LoadCorpus(dir);
    if (!corpus.ok()) {
      load_error = corpus.status();
      break;
    }
    corpora.push_back(std::move(corpus).value());
  }
  // GPS-only corpora have no accelerometer recording to replay: they are
  // judged on the GPS transport mode, by day-grouped cross-validation.
  eval::GpsTrainingOptions gps_options;
  gps_options.threads = options.threads;
  std::vector<std::unique_ptr<eval::GpsCrossValidationJobs>> gps;
  std::vector<eval::Corpus> accel_corpora;
  dirs.clear();
  for (eval::Corpus& corpus : corpora) {
    if (eval::IsGpsOnlyCorpus(corpus)) {
      gps.push_back(std::make_unique<eval::GpsCrossValidationJobs>(corpus, gps_options));
    } else {
      dirs.push_back(corpus.dir);
      accel_corpora.push_back(std::move(corpus));
    }
  }
  // One set of jobs: the GPS corpora's recordings, then their folds (the
  // longest jobs, so they start as early as they can), then, for the plain
  // figures, every accelerometer replay, so that neither part's tail leaves
  // a thread idle.
  eval::JobGraph graph;
  for (const auto& g : gps) g->AddTo(&graph);
  std::optional<eval::CorpusReplayJobs> replays;
  if (cv.empty() && !change_delay && load_error.ok() && !accel_corpora.empty()) {
    replays.emplace(accel_corpora, options);
    replays->AddTo(&graph);
  }
  const Status run_status = eval::RunJobGraph(graph, options.threads, options.progress);
  std::vector<std::string> gps_json;
  for (const auto& g : gps) {
    if (!g->status().ok()) return Fail(g->status().message());
    const eval::GpsCrossValidation gps_cv = g->cross_validation();
    if (json) {
      gps_json.push_back(eval::FormatGpsJson(g->corpus_name(), g->windows(), gps_cv));
    } else {
      out << eval::FormatGpsTable(g->corpus_name(), g->windows(), gps_cv);
    }
  }
  if (!load_error.ok()) return Fail(load_error.message());
  if (!replays && !run_status.ok()) return Fail(run_status.message());
  if (dirs.empty()) {
    if (json) {
      out << "{\"gps_corpora\":[";
      for (size_t i = 0; i < gps_json.size(); ++i) out << (i > 0 ? "," : "") << gps_json[i];
      out << "]}\n";
    }
    return out ? kExitOk : kExitOutputError;
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
  StatusOr<std::vector<eval::RecordingMetrics>> metrics = replays->TakeMetrics();
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
