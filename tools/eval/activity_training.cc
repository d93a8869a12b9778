#include "tools/eval/activity_training.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

#include "pipeline/accel_csv_reader.h"
#include "pipeline/activity_features.h"
#include "pipeline/activity_labels.h"
#include "pipeline/label_smoother.h"
#include "pipeline/pipeline.h"
#include "pipeline/secure_zero.h"
#include "pipeline/trained_activity_classifier.h"
#include "tools/eval/manifest.h"
#include "tools/eval/parallel_jobs.h"

namespace minsense::eval {
namespace {

constexpr std::array<v1::Activity, 5> kModelClasses = {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING,
                                                       v1::ACTIVITY_RUNNING, v1::ACTIVITY_CYCLING,
                                                       v1::ACTIVITY_IN_VEHICLE};

// A window counts as stepping throughout when no interval between its true
// steps (or from its edges to them) is longer than this.
constexpr double kMaxStepPauseS = 2.0;

void Add(LabelScores::Confusion* into, const LabelScores::Confusion& from) {
  for (size_t i = 0; i < into->size(); ++i)
    for (size_t j = 0; j < (*into)[i].size(); ++j) (*into)[i][j] += from[i][j];
}

void Merge(LabelScores* into, const LabelScores& from) {
  Add(&into->confusion, from.confusion);
  for (const auto& [position, confusion] : from.by_position)
    Add(&into->by_position[position], confusion);
  for (size_t i = 0; i < into->confidence_windows.size(); ++i) {
    into->confidence_windows[i] += from.confidence_windows[i];
    into->confidence_correct[i] += from.confidence_correct[i];
  }
}

int SwrWindows(const LabelScores::Confusion& c) {
  int n = 0;
  for (v1::Activity t : {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_RUNNING})
    for (int v : c[static_cast<size_t>(t)]) n += v;
  return n;
}

double SwrAccuracy(const LabelScores::Confusion& c) {
  int right = 0;
  for (v1::Activity t : {v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_RUNNING})
    right += c[static_cast<size_t>(t)][static_cast<size_t>(t)];
  const int n = SwrWindows(c);
  return n ? static_cast<double>(right) / n : 0;
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * fraction);
  return buf;
}

std::string Fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

StatusOr<std::vector<AccelSample>> ReadAllSamples(const std::string& path) {
  StatusOr<std::unique_ptr<AccelCsvReader>> reader =
      AccelCsvReader::Open(path, AccelUnits::kMetersPerSecondSquared);
  if (!reader.ok()) return reader.status();
  std::vector<AccelSample> out;
  std::array<AccelSample, 4096> batch{};
  while (true) {
    StatusOr<size_t> n = (*reader)->ReadBatch(batch);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    out.insert(out.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  SecureZero(batch.data(), sizeof(batch));
  return out;
}

void Wipe(std::vector<AccelSample>* samples) {
  SecureZero(samples->data(), samples->size() * sizeof(AccelSample));
  samples->clear();
}

// TeachesModel: whether a labelled window trains the model. Walking and running are told apart
// by the cadence above all, so their windows from a recording whose sampling rate is doubtful
// (its cadence off by an unknown factor: the manifest says not to use it for cadence) would
// teach the model wrong cadences; they are scored, not trained on.
bool TeachesModel(const RecordingWindows& rec, const LabelledWindow& w) {
  return !(IsStepping(w.truth) && rec.rate_uncertain);
}

}  // namespace

WindowFeatures ScaleIntensity(const WindowFeatures& f, float scale) {
  WindowFeatures out = f;
  out.magnitude_std_mps2 *= scale;
  out.gait_rms_mps2 *= scale;
  out.jerk_rms_mps3 *= scale;
  out.orientation_change_mps2 *= scale;
  out.magnitude_min_mps2 =
      f.magnitude_mean_mps2 - scale * (f.magnitude_mean_mps2 - f.magnitude_min_mps2);
  out.magnitude_max_mps2 =
      f.magnitude_mean_mps2 + scale * (f.magnitude_max_mps2 - f.magnitude_mean_mps2);
  if (out.magnitude_min_mps2 < 0) out.magnitude_min_mps2 = 0;
  return out;
}

v1::Activity WindowTruth(v1::Activity expected, const std::vector<double>& true_steps,
                         double t_end_seconds, double window_seconds) {
  if (expected == v1::ACTIVITY_UNSPECIFIED || expected == v1::ACTIVITY_UNKNOWN) {
    return v1::ACTIVITY_UNSPECIFIED;
  }
  if (true_steps.empty()) return expected;
  const double t0 = t_end_seconds - window_seconds;
  const auto first = std::lower_bound(true_steps.begin(), true_steps.end(), t0);
  const auto last = std::upper_bound(true_steps.begin(), true_steps.end(), t_end_seconds);
  if (first == last) return v1::ACTIVITY_UNSPECIFIED;
  if (*first - t0 > kMaxStepPauseS || t_end_seconds - *(last - 1) > kMaxStepPauseS) {
    return v1::ACTIVITY_UNSPECIFIED;
  }
  for (auto it = first + 1; it != last; ++it) {
    if (*it - *(it - 1) > kMaxStepPauseS) return v1::ACTIVITY_UNSPECIFIED;
  }
  return expected;
}

StatusOr<WindowDataset> CollectWindowDataset(const std::vector<std::string>& dirs,
                                             const RunConfig& config, int threads,
                                             const std::function<void(int, int)>& progress) {
  std::vector<Corpus> corpora;
  for (const std::string& dir : dirs) {
    StatusOr<Corpus> c = LoadCorpus(dir);
    if (!c.ok()) return c.status();
    corpora.push_back(std::move(c).value());
  }
  struct Job {
    const Corpus* corpus;
    const ManifestEntry* entry;
  };
  std::vector<Job> jobs;
  for (const Corpus& c : corpora)
    for (const ManifestEntry& e : c.entries)
      if (!e.accel_file.empty()) jobs.push_back({&c, &e});

  WindowDataset data;
  data.recordings.resize(jobs.size());
  const Status status = RunJobsInParallel(
      jobs.size(), threads,
      [&](size_t i) {
        const Job& job = jobs[i];
        StatusOr<RecordingRun> run = RunRecording(job.corpus->dir, *job.entry, config);
        if (!run.ok()) return run.status();
        RecordingWindows& rec = data.recordings[i];
        const ManifestEntry& e = *job.entry;
        rec.corpus = job.corpus->name;
        rec.id = e.id;
        rec.subject = e.subject;
        rec.position = e.position.empty() ? "unknown" : e.position;
        rec.activity = e.activity;
        rec.detail = e.detail;
        rec.rate_uncertain = e.rate_uncertain;
        const v1::Activity expected = ExpectedActivity(e.activity);
        rec.windows.reserve(run->windows.size());
        for (const WindowReport& w : run->windows) {
          rec.windows.push_back({w.features, WindowTruth(expected, run->true_steps, w.t_end_seconds,
                                                         config.options.window_seconds())});
        }
        return Status::Ok();
      },
      progress);
  if (!status.ok()) return status;
  return data;
}

StatusOr<v1::ActivityModel> TrainActivityModel(
    const WindowDataset& data, const std::function<bool(const RecordingWindows&)>& use,
    const ActivityTrainingOptions& options, const std::string& trained_on) {
  // Which classes have windows, and how many per (corpus, class).
  std::map<std::pair<std::string, int>, int> group_count;
  std::set<int> present;
  for (const RecordingWindows& rec : data.recordings) {
    if (!use(rec)) continue;
    for (const LabelledWindow& w : rec.windows) {
      if (std::find(kModelClasses.begin(), kModelClasses.end(), w.truth) == kModelClasses.end())
        continue;
      if (!TeachesModel(rec, w)) continue;
      ++group_count[{rec.corpus, w.truth}];
      present.insert(w.truth);
    }
  }
  std::vector<v1::Activity> classes;
  for (v1::Activity a : kModelClasses)
    if (present.count(a)) classes.push_back(a);
  if (classes.size() < 2) return FailedPreconditionError("training needs windows of 2 classes");

  const std::vector<float>& scales = options.intensity_scales;
  if (scales.empty()) return InvalidArgumentError("intensity_scales needs at least 1.0");
  int rows = 0;
  for (const auto& [key, n] : group_count) rows += n;
  rows *= static_cast<int>(scales.size());
  Eigen::MatrixXd x(rows, kActivityFeatureCount);
  std::vector<int> labels;
  std::vector<double> weights;
  labels.reserve(static_cast<size_t>(rows));
  weights.reserve(static_cast<size_t>(rows));
  Eigen::Index row = 0;
  for (const RecordingWindows& rec : data.recordings) {
    if (!use(rec)) continue;
    for (const LabelledWindow& w : rec.windows) {
      const auto cls = std::find(classes.begin(), classes.end(), w.truth);
      if (cls == classes.end() || !TeachesModel(rec, w)) continue;
      const double weight = (IsRide(w.truth) ? options.vehicle_class_weight : 1.0) /
                            group_count[{rec.corpus, w.truth}] / static_cast<double>(scales.size());
      for (float scale : scales) {
        const std::array<float, kActivityFeatureCount> f =
            ActivityFeatureVector(ScaleIntensity(w.features, scale));
        for (int c = 0; c < kActivityFeatureCount; ++c) x(row, c) = f[static_cast<size_t>(c)];
        labels.push_back(static_cast<int>(cls - classes.begin()));
        weights.push_back(weight);
        ++row;
      }
    }
  }
  const Eigen::RowVectorXd mean = x.colwise().mean();
  Eigen::RowVectorXd scale =
      ((x.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(rows)).sqrt();
  for (Eigen::Index c = 0; c < scale.size(); ++c) scale(c) = std::max(scale(c), 1e-3);
  const Eigen::MatrixXd z = (x.rowwise() - mean).array().rowwise() / scale.array();

  const kernels::MlpParameters p =
      kernels::TrainMlp(z, labels, weights, static_cast<int>(classes.size()), options.mlp);
  if (p.shape.inputs == 0) return InternalError("training rejected its inputs");

  v1::ActivityModel m;
  m.set_format_version(1);
  m.set_trained_on(trained_on + "; " + std::to_string(rows) + " windows");
  for (std::string_view name : ActivityFeatureNames()) m.add_feature_names(std::string(name));
  for (Eigen::Index c = 0; c < mean.size(); ++c) {
    m.add_feature_mean(static_cast<float>(mean(c)));
    m.add_feature_scale(static_cast<float>(scale(c)));
  }
  for (v1::Activity a : classes) m.add_classes(a);
  m.set_hidden_units(static_cast<uint32_t>(p.shape.hidden));
  for (float v : p.w1) m.add_hidden_weights(v);
  for (float v : p.b1) m.add_hidden_bias(v);
  for (float v : p.w2) m.add_output_weights(v);
  for (float v : p.b2) m.add_output_bias(v);
  m.set_min_probability(options.min_probability);
  m.set_medium_probability(options.medium_probability);
  m.set_high_probability(options.high_probability);
  m.set_still_max_magnitude_std_mps2(options.still_max_magnitude_std_mps2);
  m.set_vehicle_min_probability(options.vehicle_min_probability);
  m.set_running_needs_gait_period(options.running_needs_gait_period);
  return m;
}

double LabelScores::still_walk_run_accuracy() const { return SwrAccuracy(confusion); }
int LabelScores::still_walk_run_windows() const { return SwrWindows(confusion); }

int LabelScores::vehicle_windows() const {
  int n = 0;
  for (v1::Activity t : {v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE})
    for (int v : confusion[static_cast<size_t>(t)]) n += v;
  return n;
}

double LabelScores::vehicle_stepping_fraction() const {
  int stepping = 0;
  for (v1::Activity t : {v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE}) {
    stepping += confusion[static_cast<size_t>(t)][v1::ACTIVITY_WALKING] +
                confusion[static_cast<size_t>(t)][v1::ACTIVITY_RUNNING];
  }
  const int n = vehicle_windows();
  return n ? static_cast<double>(stepping) / n : 0;
}

Status ScoreRecordings(const WindowDataset& data,
                       const std::function<bool(const RecordingWindows&)>& use,
                       const v1::ActivityModel& model, int stable_windows, LabelScores* scores) {
  StatusOr<TrainedActivityClassifier> classifier = TrainedActivityClassifier::Create(model);
  if (!classifier.ok()) return classifier.status();
  for (const RecordingWindows& rec : data.recordings) {
    if (!use(rec)) continue;
    LabelSmoother smoother(stable_windows);
    LabelScores::Confusion& by_position = scores->by_position[rec.corpus + "/" + rec.position];
    for (const LabelledWindow& w : rec.windows) {
      const ActivityDecision d = classifier->Classify(w.features);
      const v1::Activity reported = smoother.Update(d.activity, d.confidence);
      if (w.truth == v1::ACTIVITY_UNSPECIFIED) continue;
      ++scores->confusion[static_cast<size_t>(w.truth)][static_cast<size_t>(reported)];
      ++by_position[static_cast<size_t>(w.truth)][static_cast<size_t>(reported)];
      ++scores->confidence_windows[static_cast<size_t>(d.confidence)];
      if (d.activity == w.truth) ++scores->confidence_correct[static_cast<size_t>(d.confidence)];
    }
  }
  return Status::Ok();
}

StatusOr<std::vector<CrossValidationReport>> CrossValidate(const WindowDataset& data,
                                                           CrossValidation kind, int folds,
                                                           const ActivityTrainingOptions& options,
                                                           int stable_windows, int threads) {
  if (folds < 2) return InvalidArgumentError("cross-validation needs at least 2 folds");
  std::vector<std::string> corpora;
  for (const RecordingWindows& rec : data.recordings)
    if (std::find(corpora.begin(), corpora.end(), rec.corpus) == corpora.end())
      corpora.push_back(rec.corpus);

  // Fold of each recording within its corpus (kSubjects), by sorted subject
  // or, for corpora with fewer subjects than folds, by sorted recording id.
  std::vector<int> fold_of(data.recordings.size(), 0);
  std::vector<std::string> methods(corpora.size());
  for (size_t c = 0; c < corpora.size(); ++c) {
    std::set<std::string> subjects, ids;
    for (const RecordingWindows& rec : data.recordings) {
      if (rec.corpus != corpora[c]) continue;
      subjects.insert(rec.subject);
      ids.insert(rec.id);
    }
    const bool by_subject = static_cast<int>(subjects.size()) >= folds;
    const std::set<std::string>& keys = by_subject ? subjects : ids;
    methods[c] =
        kind == CrossValidation::kCorpora
            ? "corpus left out"
            : std::to_string(folds) + (by_subject ? " subject folds (" : " recording folds (") +
                  std::to_string(keys.size()) + (by_subject ? " subjects)" : " recordings)");
    for (size_t i = 0; i < data.recordings.size(); ++i) {
      const RecordingWindows& rec = data.recordings[i];
      if (rec.corpus != corpora[c]) continue;
      const auto it = keys.find(by_subject ? rec.subject : rec.id);
      fold_of[i] = static_cast<int>(std::distance(keys.begin(), it)) % folds;
    }
  }

  struct Task {
    size_t corpus;
    int fold;
  };
  std::vector<Task> tasks;
  for (size_t c = 0; c < corpora.size(); ++c) {
    if (kind == CrossValidation::kCorpora) {
      tasks.push_back({c, -1});
    } else {
      for (int f = 0; f < folds; ++f) tasks.push_back({c, f});
    }
  }
  auto index_of = [&data](const RecordingWindows& rec) {
    return static_cast<size_t>(&rec - data.recordings.data());
  };
  std::vector<LabelScores> task_scores(tasks.size());
  const Status status = RunJobsInParallel(tasks.size(), threads, [&](size_t t) {
    const Task task = tasks[t];
    const std::string& corpus = corpora[task.corpus];
    auto held_out = [&](const RecordingWindows& rec) {
      if (rec.corpus != corpus) return false;
      return task.fold < 0 || fold_of[index_of(rec)] == task.fold;
    };
    StatusOr<v1::ActivityModel> model = TrainActivityModel(
        data, [&](const RecordingWindows& rec) { return !held_out(rec); }, options,
        "cross-validation");
    if (!model.ok()) return model.status();
    return ScoreRecordings(data, held_out, *model, stable_windows, &task_scores[t]);
  });
  if (!status.ok()) return status;
  std::vector<CrossValidationReport> reports(corpora.size());
  for (size_t c = 0; c < corpora.size(); ++c) {
    reports[c].corpus = corpora[c];
    reports[c].method = methods[c];
  }
  for (size_t t = 0; t < tasks.size(); ++t) Merge(&reports[tasks[t].corpus].scores, task_scores[t]);
  return reports;
}

StatusOr<ChangeDelayReport> MeasureChangeDelays(const std::string& corpus_dir,
                                                const RunConfig& config, double part_seconds) {
  StatusOr<Corpus> corpus = LoadCorpus(corpus_dir);
  if (!corpus.ok()) return corpus.status();
  // Per subject, the first recording of each activity (level walking
  // preferred over stairs).
  std::map<std::string, std::map<v1::Activity, const ManifestEntry*>> by_subject;
  for (const ManifestEntry& e : corpus->entries) {
    const v1::Activity a = ExpectedActivity(e.activity);
    if (e.accel_file.empty() ||
        (a != v1::ACTIVITY_STILL && a != v1::ACTIVITY_WALKING && a != v1::ACTIVITY_RUNNING)) {
      continue;
    }
    if (a == v1::ACTIVITY_WALKING && e.detail.find("stairs") != std::string::npos) continue;
    by_subject[e.subject].emplace(a, &e);
  }
  ChangeDelayReport report;
  for (const auto& [subject, recordings] : by_subject) {
    // Each recording is read once per subject, not once per splice it is in.
    std::map<v1::Activity, std::vector<AccelSample>> samples;
    for (const auto& [activity, entry] : recordings) {
      StatusOr<std::vector<AccelSample>> read =
          ReadAllSamples(corpus->dir + "/" + entry->accel_file);
      if (!read.ok()) {
        for (auto& [unused, held] : samples) Wipe(&held);
        return read.status();
      }
      samples[activity] = std::move(read).value();
    }
    for (const auto& [from_activity, from] : recordings) {
      for (const auto& [to_activity, to] : recordings) {
        if (from_activity == to_activity) continue;
        const std::vector<AccelSample>* a = &samples[from_activity];
        const std::vector<AccelSample>* b = &samples[to_activity];
        if (a->size() < 2 || b->empty()) continue;
        const double a_end = a->back().t_seconds;
        const double period = a_end - (*a)[a->size() - 2].t_seconds;
        const double splice_t = a_end + (period > 0 ? period : 0.01);
        const double b_start = b->front().t_seconds;

        StatusOr<std::unique_ptr<Pipeline>> created =
            config.model ? Pipeline::Create(config.options, config.policy, *config.model)
                         : Pipeline::Create(config.options, config.policy);
        if (!created.ok()) return created.status();
        std::optional<double> delay;
        // A copy: clang before 16 cannot capture a structured binding.
        const v1::Activity target = to_activity;
        (*created)->SetWindowObserver([&](const WindowReport& w) {
          if (!delay && w.t_end_seconds > splice_t && w.activity == target) {
            delay = w.t_end_seconds - splice_t;
          }
        });
        for (const AccelSample& s : *a)
          if (s.t_seconds >= a_end - part_seconds) (*created)->PushAccel(s);
        for (AccelSample s : *b) {
          if (s.t_seconds > b_start + part_seconds) break;
          s.t_seconds = s.t_seconds - b_start + splice_t;
          (*created)->PushAccel(s);
        }
        ++report.splices;
        if (delay) {
          report.delays_s.push_back(*delay);
          report.kinds.push_back(ActivityShortName(from_activity) + "->" +
                                 ActivityShortName(to_activity));
        } else {
          ++report.never;
        }
      }
    }
    for (auto& [unused, held] : samples) Wipe(&held);
  }
  return report;
}

namespace {

constexpr std::array<v1::Activity, 6> kReportedColumns = {
    v1::ACTIVITY_STILL,   v1::ACTIVITY_WALKING,    v1::ACTIVITY_RUNNING,
    v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE, v1::ACTIVITY_UNKNOWN};

std::string ConfusionText(const LabelScores::Confusion& c, const std::string& indent) {
  std::string out = indent + "truth \\ reported";
  for (v1::Activity a : kReportedColumns) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), " %10s", ActivityShortName(a).c_str());
    out += buf;
  }
  out += "\n";
  for (v1::Activity t : kModelClasses) {
    int n = 0;
    for (int v : c[static_cast<size_t>(t)]) n += v;
    if (n == 0) continue;
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%-16s", ActivityShortName(t).c_str());
    out += indent + buf;
    for (v1::Activity a : kReportedColumns) {
      std::snprintf(buf, sizeof(buf), " %10d", c[static_cast<size_t>(t)][static_cast<size_t>(a)]);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

std::string ConfusionJson(const LabelScores::Confusion& c) {
  std::string out = "{";
  bool first_row = true;
  for (v1::Activity t : kModelClasses) {
    int n = 0;
    for (int v : c[static_cast<size_t>(t)]) n += v;
    if (n == 0) continue;
    out += first_row ? "\"" : ",\"";
    out += ActivityShortName(t) + "\":{";
    first_row = false;
    bool first = true;
    for (v1::Activity a : kReportedColumns) {
      out += first ? "\"" : ",\"";
      out += ActivityShortName(a) +
             "\":" + std::to_string(c[static_cast<size_t>(t)][static_cast<size_t>(a)]);
      first = false;
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace

std::string FormatCrossValidation(const std::vector<CrossValidationReport>& reports) {
  std::string out;
  for (const CrossValidationReport& r : reports) {
    const LabelScores& s = r.scores;
    out += r.corpus + " (" + r.method + "): still/walking/running " +
           Percent(s.still_walk_run_accuracy()) + " of " +
           std::to_string(s.still_walk_run_windows()) + " windows";
    if (s.vehicle_windows() > 0) {
      out += "; cycling/vehicle called stepping " + Percent(s.vehicle_stepping_fraction()) +
             " of " + std::to_string(s.vehicle_windows());
    }
    out += "\n";
    out += ConfusionText(s.confusion, "  ");
    for (const auto& [position, c] : s.by_position) {
      if (SwrWindows(c) == 0) continue;
      out += "  " + position + ": " + Percent(SwrAccuracy(c)) + " of " +
             std::to_string(SwrWindows(c)) + "\n";
    }
    out += "  raw confidence:";
    for (v1::Confidence level : {v1::CONFIDENCE_LOW, v1::CONFIDENCE_MEDIUM, v1::CONFIDENCE_HIGH}) {
      const int n = s.confidence_windows[static_cast<size_t>(level)];
      const int ok = s.confidence_correct[static_cast<size_t>(level)];
      out += ' ';
      out += v1::Confidence_Name(level).substr(11);
      out += ' ';
      out += n ? Percent(static_cast<double>(ok) / n) : std::string("-");
      out += " right of " + std::to_string(n) + ";";
    }
    out += "\n";
  }
  return out;
}

std::string CrossValidationJson(const std::vector<CrossValidationReport>& reports) {
  std::string out = "[";
  for (size_t i = 0; i < reports.size(); ++i) {
    const CrossValidationReport& r = reports[i];
    const LabelScores& s = r.scores;
    out += i ? "," : "";
    out += "{\"corpus\":\"" + r.corpus + "\",\"method\":\"" + r.method +
           "\",\"still_walk_run_accuracy\":" + Fixed(s.still_walk_run_accuracy(), 5) +
           ",\"still_walk_run_windows\":" + std::to_string(s.still_walk_run_windows()) +
           ",\"vehicle_stepping_fraction\":" + Fixed(s.vehicle_stepping_fraction(), 5) +
           ",\"vehicle_windows\":" + std::to_string(s.vehicle_windows()) +
           ",\"confusion\":" + ConfusionJson(s.confusion) + ",\"positions\":{";
    bool first = true;
    for (const auto& [position, c] : s.by_position) {
      out += first ? "\"" : ",\"";
      out += position + "\":{\"still_walk_run_accuracy\":" + Fixed(SwrAccuracy(c), 5) +
             ",\"windows\":" + std::to_string(SwrWindows(c)) +
             ",\"confusion\":" + ConfusionJson(c) + "}";
      first = false;
    }
    out += "},\"confidence\":{";
    first = true;
    for (v1::Confidence level : {v1::CONFIDENCE_LOW, v1::CONFIDENCE_MEDIUM, v1::CONFIDENCE_HIGH}) {
      out += first ? "\"" : ",\"";
      out += v1::Confidence_Name(level).substr(11) +
             "\":{\"windows\":" + std::to_string(s.confidence_windows[static_cast<size_t>(level)]) +
             ",\"correct\":" + std::to_string(s.confidence_correct[static_cast<size_t>(level)]) +
             "}";
      first = false;
    }
    out += "}}";
  }
  return out + "]";
}

std::string FormatChangeDelays(const ChangeDelayReport& r) {
  std::string out = "label change delay on " + std::to_string(r.splices) +
                    " spliced recordings: median " + Fixed(Percentile(r.delays_s, 50), 1) +
                    " s, 90th percentile " + Fixed(Percentile(r.delays_s, 90), 1) +
                    " s; not reported within the splice: " + std::to_string(r.never) + "\n";
  std::map<std::string, std::vector<double>> by_kind;
  for (size_t i = 0; i < r.delays_s.size(); ++i) by_kind[r.kinds[i]].push_back(r.delays_s[i]);
  for (const auto& [kind, delays] : by_kind) {
    out += "  " + kind + ": median " + Fixed(Percentile(delays, 50), 1) + " s over " +
           std::to_string(delays.size()) + "\n";
  }
  return out;
}

std::string ChangeDelayJson(const ChangeDelayReport& r) {
  return "{\"splices\":" + std::to_string(r.splices) +
         ",\"median_s\":" + Fixed(Percentile(r.delays_s, 50), 3) +
         ",\"p90_s\":" + Fixed(Percentile(r.delays_s, 90), 3) +
         ",\"never\":" + std::to_string(r.never) + "}";
}

}  // namespace minsense::eval
