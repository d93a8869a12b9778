#include "tools/eval/gps_transport_training.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <optional>
#include <string_view>

#include "pipeline/activity_fusion.h"
#include "pipeline/gps_csv_reader.h"
#include "pipeline/gps_ingest_guard.h"
#include "pipeline/transport_mode_classifier.h"
#include "tools/eval/evaluation.h"
#include "tools/eval/parallel_jobs.h"
#include "tools/zeroing_sample_buffer.h"

namespace minsense::eval {
namespace {

int ClassIndex(const std::string& activity) {
  const v1::Activity a = ExpectedActivity(activity);
  for (size_t i = 0; i < kTransportClasses.size(); ++i) {
    if (kTransportClasses[i] == a) return static_cast<int>(i);
  }
  return -1;
}

// ReadRecording cuts one recording into windows the way Pipeline does in
// GPS-only mode (see Pipeline::Impl::OnGpsStep).
StatusOr<GpsRecordingWindows> ReadRecording(const std::string& path, int class_index,
                                            const GpsTrainingOptions& options) {
  StatusOr<std::unique_ptr<GpsCsvReader>> opened = GpsCsvReader::Open(path);
  if (!opened.ok()) return opened.status();
  GpsCsvReader& reader = **opened;
  GpsIngestGuard guard;
  GpsSpeedTracker tracker(GpsSpeedTracker::kDefaultCapacity);
  GpsRecordingWindows out;
  tools::ZeroingSampleBuffer<GpsFix> buffer(256);  // Wiped on every return.
  const std::span<GpsFix> batch = buffer.span();
  bool armed = false, had_valid = false, have_day = false;
  double next_t = 0;
  int64_t day = 0;
  for (;;) {
    StatusOr<size_t> n = reader.ReadBatch(batch);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      ++out.fixes_in;
      const GpsVerdict v = guard.Check(batch[i]);
      if (!v.accepted) {
        ++out.rejected[static_cast<size_t>(v.reason)];
        continue;
      }
      ++out.fixes_accepted;
      if (!have_day) {
        day = static_cast<int64_t>(std::floor(batch[i].t_seconds / 86400.0));
        have_day = true;
      }
      if (!v.has_step) continue;
      tracker.Push(v.step);
      const double t = v.step.t_seconds;
      if (!armed) {
        armed = true;
        next_t = t + options.hop_seconds;
        continue;
      }
      if (t < next_t) continue;
      while (next_t <= t) next_t += options.hop_seconds;
      const GpsWindowFeatures f = tracker.Features(t, options.window_seconds);
      if (!f.valid) continue;
      had_valid = true;
      GpsWindowSample s;
      s.features = f;
      s.class_index = class_index;
      s.day = day;
      out.windows.push_back(s);
    }
  }
  static_cast<void>(had_valid);
  buffer.Wipe();
  out.malformed_rows = reader.malformed_rows();
  return out;
}

// GpsEntries: the recordings of the corpus that ExtractGpsWindows reads.
std::vector<const ManifestEntry*> GpsEntries(const Corpus& corpus) {
  std::vector<const ManifestEntry*> entries;
  for (const ManifestEntry& e : corpus.entries) {
    if (!e.gps_file.empty() && ClassIndex(e.activity) >= 0) entries.push_back(&e);
  }
  return entries;
}

// ReadEntry reads one recording of GpsEntries into *out.
Status ReadEntry(const Corpus& corpus, const ManifestEntry& entry,
                 const GpsTrainingOptions& options, std::optional<GpsRecordingWindows>* out) {
  StatusOr<GpsRecordingWindows> r =
      ReadRecording(corpus.dir + "/" + entry.gps_file, ClassIndex(entry.activity), options);
  if (!r.ok()) return r.status();
  *out = std::move(r).value();
  return Status::Ok();
}

// GatherWindows joins the recordings read (all of them) in manifest order.
GpsCorpusWindows GatherWindows(const std::vector<const ManifestEntry*>& entries,
                               std::vector<std::optional<GpsRecordingWindows>>* results) {
  GpsCorpusWindows out;
  size_t windows = 0;
  for (const std::optional<GpsRecordingWindows>& r : *results) windows += r->windows.size();
  out.windows.reserve(windows);
  out.recording_ids.reserve(entries.size());
  out.recording_details.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    GpsRecordingWindows& r = *(*results)[i];
    const int recording = static_cast<int>(out.recording_ids.size());
    out.recording_ids.push_back(entries[i]->id);
    out.recording_details.push_back(entries[i]->detail);
    for (GpsWindowSample& s : r.windows) {
      s.recording = recording;
      out.windows.push_back(s);
    }
    out.fixes_in += r.fixes_in;
    out.fixes_accepted += r.fixes_accepted;
    out.malformed_rows += r.malformed_rows;
    for (size_t k = 0; k < r.rejected.size(); ++k) out.rejected[k] += r.rejected[k];
    ++out.recordings;
    (*results)[i].reset();  // Its windows are copied.
  }
  return out;
}

}  // namespace

bool IsGpsOnlyCorpus(const Corpus& corpus) {
  if (corpus.entries.empty()) return false;
  for (const ManifestEntry& e : corpus.entries) {
    if (!e.accel_file.empty() || e.gps_file.empty()) return false;
  }
  return true;
}

StatusOr<GpsCorpusWindows> ExtractGpsWindows(const std::string& dir,
                                             const GpsTrainingOptions& options) {
  StatusOr<Corpus> corpus = LoadCorpus(dir);
  if (!corpus.ok()) return corpus.status();
  const std::vector<const ManifestEntry*> entries = GpsEntries(*corpus);
  std::vector<std::optional<GpsRecordingWindows>> results(entries.size());
  const Status status = RunJobsInParallel(entries.size(), options.threads, [&](size_t i) {
    return ReadEntry(*corpus, *entries[i], options, &results[i]);
  });
  if (!status.ok()) return status;
  return GatherWindows(entries, &results);
}

bool ImpossibleLabel(const GpsWindowSample& s) {
  const v1::Activity a = kTransportClasses[static_cast<size_t>(s.class_index)];
  return (a == v1::ACTIVITY_WALKING && s.features.median_speed_mps > kMaxWalkingSpeedMps) ||
         (a == v1::ACTIVITY_CYCLING && s.features.median_speed_mps > kMaxCyclingSpeedMps);
}

v1::GpsTransportModel TrainGpsTransportModel(const GpsCorpusWindows& data,
                                             const std::vector<size_t>& all_indices,
                                             const GpsTrainingOptions& options) {
  std::vector<size_t> indices;
  for (size_t i : all_indices) {
    if (!options.drop_impossible_labels || !ImpossibleLabel(data.windows[i])) indices.push_back(i);
  }
  constexpr int d = kGpsFeatureCount;
  constexpr int k = static_cast<int>(kTransportClasses.size());
  const Eigen::Index n = static_cast<Eigen::Index>(indices.size());
  Eigen::MatrixXd x(n, d + 1);
  Eigen::VectorXi y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const GpsWindowSample& s = data.windows[indices[static_cast<size_t>(i)]];
    const std::array<double, d> v = GpsFeatureVector(s.features);
    for (int j = 0; j < d; ++j) x(i, j) = v[static_cast<size_t>(j)];
    x(i, d) = 1;
    y(i) = s.class_index;
  }
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d), scale = Eigen::VectorXd::Ones(d);
  if (n > 0) {
    mean = x.leftCols(d).colwise().mean().transpose();
    for (int j = 0; j < d; ++j) {
      const double var = (x.col(j).array() - mean(j)).square().mean();
      scale(j) = var > 1e-12 ? std::sqrt(var) : 1.0;
      x.col(j) = (x.col(j).array() - mean(j)) / scale(j);
    }
  }
  // Sample weights: each class the same total weight (or 1 per window).
  std::array<double, k> class_count{};
  for (Eigen::Index i = 0; i < n; ++i) class_count[static_cast<size_t>(y(i))] += 1;
  int present = 0;
  for (double c : class_count) present += c > 0;
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double c = class_count[static_cast<size_t>(y(i))];
    w(i) = std::pow(static_cast<double>(n) / (present * c), options.class_weight_power);
  }
  // Newton's method on the penalised negative log-likelihood. The last class
  // is the reference only through the penalty; all K rows are fitted.
  const int p = d + 1;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(k * p);
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(k * p, options.l2);
  for (int c = 0; c < k; ++c) penalty(c * p + d) = 1e-6;  // Biases almost free.
  for (int iter = 0; iter < options.newton_iterations; ++iter) {
    Eigen::VectorXd grad = penalty.cwiseProduct(theta);
    Eigen::MatrixXd hess = penalty.asDiagonal();
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Matrix<double, k, 1> z;
      for (int c = 0; c < k; ++c) z(c) = x.row(i).dot(theta.segment(c * p, p));
      z.array() -= z.maxCoeff();
      Eigen::Matrix<double, k, 1> prob = z.array().exp();
      prob /= prob.sum();
      const Eigen::RowVectorXd xi = x.row(i);
      for (int a = 0; a < k; ++a) {
        const double r = prob(a) - (y(i) == a ? 1.0 : 0.0);
        grad.segment(a * p, p) += w(i) * r * xi.transpose();
        for (int b = a; b < k; ++b) {
          const double h = w(i) * prob(a) * ((a == b ? 1.0 : 0.0) - prob(b));
          hess.block(a * p, b * p, p, p).noalias() += h * (xi.transpose() * xi);
        }
      }
    }
    for (int a = 0; a < k; ++a) {
      for (int b = a + 1; b < k; ++b) {
        hess.block(b * p, a * p, p, p) = hess.block(a * p, b * p, p, p).transpose();
      }
    }
    const Eigen::VectorXd step = hess.ldlt().solve(grad);
    theta -= step;
    if (step.norm() < 1e-8) break;
  }

  v1::GpsTransportModel model;
  model.set_version(kGpsTransportModelVersion);
  model.set_window_seconds(options.window_seconds);
  model.set_hop_seconds(options.hop_seconds);
  for (std::string_view name : GpsFeatureNames()) model.add_feature_names(std::string(name));
  for (int j = 0; j < d; ++j) {
    model.add_feature_mean(mean(j));
    model.add_feature_scale(scale(j));
  }
  for (v1::Activity a : kTransportClasses) model.add_classes(a);
  for (int i = 0; i < k * p; ++i) model.add_weights(theta(i));
  return model;
}

namespace {

// SplitByDay ranks the UTC days of the windows; day rank % folds is a day's fold.
GpsDayFolds SplitByDay(const GpsCorpusWindows& data, const GpsTrainingOptions& options) {
  GpsDayFolds split;
  for (const GpsWindowSample& s : data.windows) split.day_rank[s.day] = 0;
  int rank = 0;
  for (auto& [day, r] : split.day_rank) r = rank++;
  split.days = rank;
  split.folds = std::max(2, std::min(options.folds, split.days));
  return split;
}

// ScoreDayFold trains without the windows of `fold` and scores them.
GpsCrossValidation ScoreDayFold(const GpsCorpusWindows& data, const GpsDayFolds& split, int fold,
                                const GpsTrainingOptions& options) {
  GpsCrossValidation part;
  if (fold < 0 || fold >= split.folds) return part;
  std::vector<size_t> train, test;
  for (size_t i = 0; i < data.windows.size(); ++i) {
    (split.day_rank.at(data.windows[i].day) % split.folds == fold ? test : train).push_back(i);
  }
  if (test.empty() || train.empty()) return part;
  const v1::GpsTransportModel model = TrainGpsTransportModel(data, train, options);
  StatusOr<std::unique_ptr<TransportModeClassifier>> classifier =
      TransportModeClassifier::Create(model);
  if (!classifier.ok()) return part;  // A fold without a model scores nothing.
  for (size_t i : test) {
    const GpsWindowSample& s = data.windows[i];
    const v1::Activity predicted = (*classifier)->Classify(s.features).activity;
    ++part.confusion[static_cast<size_t>(s.class_index)][static_cast<size_t>(predicted)];
    ++part.windows;
    const bool right = predicted == kTransportClasses[static_cast<size_t>(s.class_index)];
    part.correct += right;
    if (ImpossibleLabel(s)) {
      ++part.impossible_windows;
    } else {
      part.correct_possible += right;
    }
  }
  return part;
}

GpsCrossValidation SumGpsDayFolds(const GpsDayFolds& split,
                                  const std::vector<GpsCrossValidation>& per_fold) {
  GpsCrossValidation cv;
  cv.days = split.days;
  cv.folds = split.folds;
  for (const GpsCrossValidation& part : per_fold) {
    cv.windows += part.windows;
    cv.correct += part.correct;
    cv.impossible_windows += part.impossible_windows;
    cv.correct_possible += part.correct_possible;
    for (size_t r = 0; r < cv.confusion.size(); ++r) {
      for (size_t c = 0; c < cv.confusion[r].size(); ++c)
        cv.confusion[r][c] += part.confusion[r][c];
    }
  }
  return cv;
}

}  // namespace

GpsCrossValidation CrossValidateByDay(const GpsCorpusWindows& data,
                                      const GpsTrainingOptions& options) {
  const GpsDayFolds split = SplitByDay(data, options);
  // The folds train and score independently, in parallel; their counts add up
  // in any order to the same figures.
  std::vector<GpsCrossValidation> per_fold(static_cast<size_t>(split.folds));
  const Status status = RunJobsInParallel(per_fold.size(), options.threads, [&](size_t fold) {
    per_fold[fold] = ScoreDayFold(data, split, static_cast<int>(fold), options);
    return Status::Ok();
  });
  static_cast<void>(status);  // The jobs never fail.
  return SumGpsDayFolds(split, per_fold);
}

GpsCrossValidationJobs::GpsCrossValidationJobs(const Corpus& corpus,
                                               const GpsTrainingOptions& options)
    : corpus_(corpus), options_(options), entries_(GpsEntries(corpus)) {}

void GpsCrossValidationJobs::AddTo(JobGraph* graph) {
  reads_.assign(entries_.size(), std::nullopt);
  read_statuses_.assign(entries_.size(), Status::Ok());
  std::vector<size_t> read_jobs;
  read_jobs.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    read_jobs.push_back(graph->Add([this, i] {
      read_statuses_[i] = ReadEntry(corpus_, *entries_[i], options_, &reads_[i]);
      return read_statuses_[i];
    }));
  }
  const size_t gathered = graph->Add(
      [this] {
        windows_ = GatherWindows(entries_, &reads_);
        split_ = SplitByDay(windows_, options_);
        return Status::Ok();
      },
      std::move(read_jobs), JobGraph::kUncounted);
  // As many fold jobs as there can be folds; those beyond the corpus's days
  // score nothing.
  per_fold_.assign(static_cast<size_t>(std::max(2, options_.folds)), GpsCrossValidation());
  for (size_t f = 0; f < per_fold_.size(); ++f) {
    graph->Add(
        [this, f] {
          per_fold_[f] = ScoreDayFold(windows_, split_, static_cast<int>(f), options_);
          return Status::Ok();
        },
        {gathered}, JobGraph::kUncounted);
  }
}

Status GpsCrossValidationJobs::status() const {
  for (const Status& s : read_statuses_) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

GpsCrossValidation GpsCrossValidationJobs::cross_validation() const {
  return SumGpsDayFolds(split_, per_fold_);
}

namespace {

constexpr std::array<v1::Activity, 5> kPredictedColumns = {
    v1::ACTIVITY_STILL, v1::ACTIVITY_WALKING, v1::ACTIVITY_CYCLING, v1::ACTIVITY_IN_VEHICLE,
    v1::ACTIVITY_UNKNOWN};

// Cat appends parts to *out (avoids GCC 12's false -Wrestrict on chains of
// operator+ that start with a literal).
void Cat(std::string* out, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) out->append(p);
}

std::string Percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * v);
  return buf;
}

}  // namespace

std::string FormatGpsTable(const std::string& corpus_name, const GpsCorpusWindows& data,
                           const GpsCrossValidation& cv) {
  std::string out = corpus_name + ": GPS-only transport mode, " + std::to_string(cv.windows) +
                    " windows of " + std::to_string(data.recordings) + " recordings, " +
                    std::to_string(cv.folds) + "-fold cross-validation by day (" +
                    std::to_string(cv.days) + " days): " + Percent(cv.accuracy()) +
                    " windows right\n  (" + std::to_string(cv.impossible_windows) +
                    " windows labelled walking or cycling at a speed no walker or rider holds; " +
                    "without them " + Percent(cv.accuracy_possible()) + ")\n";
  char line[256];
  std::snprintf(line, sizeof(line), "  %-12s %8s %8s %8s %10s %8s %8s\n", "truth \\ label", "STILL",
                "WALKING", "CYCLING", "IN_VEHICLE", "UNKNOWN", "recall");
  out += line;
  for (size_t t = 0; t < kTransportClasses.size(); ++t) {
    int total = 0;
    for (int v : cv.confusion[t]) total += v;
    const auto& row = cv.confusion[t];
    std::snprintf(
        line, sizeof(line), "  %-13s %8d %8d %8d %10d %8d %8s\n",
        ActivityShortName(kTransportClasses[t]).c_str(), row[v1::ACTIVITY_STILL],
        row[v1::ACTIVITY_WALKING], row[v1::ACTIVITY_CYCLING], row[v1::ACTIVITY_IN_VEHICLE],
        row[v1::ACTIVITY_UNKNOWN],
        Percent(total > 0 ? static_cast<double>(row[kTransportClasses[t]]) / total : 0).c_str());
    out += line;
  }
  Cat(&out, {"  GPS ingest guard: ", std::to_string(data.fixes_in), " fixes, ",
             std::to_string(data.fixes_accepted), " accepted, ",
             std::to_string(data.malformed_rows), " malformed rows; rejected"});
  for (int r = 0; r < kGpsRejectReasonCount; ++r) {
    if (static_cast<GpsRejectReason>(r) == GpsRejectReason::kMalformedRow) continue;
    Cat(&out, {" ", GpsRejectReasonName(static_cast<GpsRejectReason>(r)), "=",
               std::to_string(data.rejected[static_cast<size_t>(r)])});
  }
  out += "\n";
  return out;
}

std::string FormatGpsJson(const std::string& corpus_name, const GpsCorpusWindows& data,
                          const GpsCrossValidation& cv) {
  char acc[32];
  std::snprintf(acc, sizeof(acc), "%.4f", cv.accuracy());
  std::string out;
  Cat(&out, {"{\"corpus\":\"", corpus_name, "\",\"gps_transport\":{\"recordings\":",
             std::to_string(data.recordings), ",\"windows\":", std::to_string(cv.windows),
             ",\"correct\":", std::to_string(cv.correct), ",\"accuracy\":", acc,
             ",\"folds\":", std::to_string(cv.folds),
             ",\"impossible_label_windows\":", std::to_string(cv.impossible_windows),
             ",\"days\":", std::to_string(cv.days), ",\"confusion\":{"});
  for (size_t t = 0; t < kTransportClasses.size(); ++t) {
    if (t > 0) out += ',';
    Cat(&out, {"\"", ActivityShortName(kTransportClasses[t]), "\":{"});
    for (size_t c = 0; c < kPredictedColumns.size(); ++c) {
      if (c > 0) out += ',';
      Cat(&out, {"\"", ActivityShortName(kPredictedColumns[c]),
                 "\":", std::to_string(cv.confusion[t][kPredictedColumns[c]])});
    }
    out += '}';
  }
  Cat(&out, {"},\"guard\":{\"fixes_in\":", std::to_string(data.fixes_in),
             ",\"fixes_accepted\":", std::to_string(data.fixes_accepted), ",\"rejected\":{"});
  for (int r = 0; r < kGpsRejectReasonCount; ++r) {
    if (r > 0) out += ',';
    const uint64_t count = static_cast<GpsRejectReason>(r) == GpsRejectReason::kMalformedRow
                               ? data.malformed_rows
                               : data.rejected[static_cast<size_t>(r)];
    Cat(&out,
        {"\"", GpsRejectReasonName(static_cast<GpsRejectReason>(r)), "\":", std::to_string(count)});
  }
  out += "}}}}";
  return out;
}

}  // namespace minsense::eval
