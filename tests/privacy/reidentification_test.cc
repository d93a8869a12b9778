// Re-identification: can an attacker tell who is who? On motionsense (19
// people, 15 recordings each) a 1-nearest-neighbour attacker is trained on
// each person's earlier trials and tested on their later ones (trial numbers
// 11 and up: one recording per activity kind and person), from
//   (a) features of the raw 6 s windows (what a server would get if raw data
//       left the device): per-axis mean and standard deviation, mean and
//       standard deviation of |a|, mean absolute change of |a|; each window
//       votes, the recording takes the majority;
//   (b) only the messages the default policy emits for the same recording:
//       label shares, share of messages with cadence, mean cadence, mean
//       confidence, message count and last time bucket.
// Features are standardised on the training set. Ties between equally near
// neighbours are voted; a tie left between k subjects scores 1/k when the
// true one is among them (the expected score of a random draw), so that
// identical egress streams score chance, not the first subject.
// The egress attack must stay at most 2x chance (2/19).
// Printed beside it, never instead of it: the attack without each group of
// egress features, per activity kind, how much one recording moves it, a
// bootstrap interval over the test recordings, a leave-one-trial-out
// estimate over all 285 recordings, other attackers (1-NN within the same
// main label, 3-NN, logistic regression) and an attacker-free plug-in
// mutual information between the person and the whole stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/accel_csv_reader.h"
#include "tests/privacy/privacy_data.h"
#include "tools/eval/manifest.h"
#include "tools/eval/recording_run.h"

namespace minsense {
namespace {

using Features = std::vector<double>;

struct Example {
  int subject = 0;
  Features features;
};

// TrialNumber: ms-wlk_15-s01 -> 15.
int TrialNumber(const std::string& id) {
  const size_t underscore = id.find('_');
  const size_t dash = id.find('-', underscore);
  return std::stoi(id.substr(underscore + 1, dash - underscore - 1));
}

// TrialKind: ms-wlk_15-s01 -> wlk.
std::string TrialKind(const std::string& id) {
  const size_t dash = id.find('-');
  return id.substr(dash + 1, id.find('_') - dash - 1);
}

// IsTestTrial: the later trials (11 and up) are the test set.
bool IsTestTrial(const std::string& id) { return TrialNumber(id) >= 11; }

std::vector<AccelSample> ReadAll(const std::string& path) {
  std::vector<AccelSample> samples;
  auto opened = AccelCsvReader::Open(path, AccelUnits::kMetersPerSecondSquared);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.status().ToString();
    return samples;
  }
  std::vector<AccelSample> batch(4096);
  for (;;) {
    auto n = (*opened)->ReadBatch(batch);
    if (!n.ok() || *n == 0) break;
    samples.insert(samples.end(), batch.begin(), batch.begin() + static_cast<long>(*n));
  }
  return samples;
}

// RawWindowFeatures: one feature vector per 6 s window (300 samples at
// 50 Hz), every 2 s.
std::vector<Features> RawWindowFeatures(const std::vector<AccelSample>& s) {
  std::vector<Features> out;
  constexpr size_t kWindow = 300;
  constexpr size_t kHop = 100;
  for (size_t start = 0; start + kWindow <= s.size(); start += kHop) {
    double sum[4] = {0, 0, 0, 0};
    double sq[4] = {0, 0, 0, 0};
    double change = 0;
    double previous = 0;
    for (size_t i = start; i < start + kWindow; ++i) {
      const double v[3] = {s[i].x_mps2, s[i].y_mps2, s[i].z_mps2};
      const double m = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      for (int c = 0; c < 3; ++c) {
        sum[c] += v[c];
        sq[c] += v[c] * v[c];
      }
      sum[3] += m;
      sq[3] += m * m;
      if (i > start) change += std::fabs(m - previous);
      previous = m;
    }
    Features f;
    for (int c = 0; c < 4; ++c) {
      const double mean = sum[c] / kWindow;
      f.push_back(mean);
      f.push_back(std::sqrt(std::max(0.0, sq[c] / kWindow - mean * mean)));
    }
    f.push_back(change / (kWindow - 1));
    out.push_back(f);
  }
  return out;
}

Features EgressFeatures(const std::vector<v1::ActivityUpdate>& messages) {
  Features f(6, 0.0);
  double with_cadence = 0;
  double cadence_sum = 0;
  double confidence = 0;
  double last_bucket = 0;
  for (const auto& m : messages) {
    if (m.activity() >= 1 && m.activity() <= 6) f[static_cast<size_t>(m.activity() - 1)] += 1;
    if (m.has_cadence_spm()) {
      with_cadence += 1;
      cadence_sum += m.cadence_spm();
    }
    confidence += static_cast<double>(static_cast<int>(m.confidence()));
    last_bucket = std::max(last_bucket, static_cast<double>(m.time_bucket_minutes()));
  }
  const double n = std::max<double>(1.0, static_cast<double>(messages.size()));
  for (double& share : f) share /= n;
  f.push_back(with_cadence / n);
  f.push_back(with_cadence > 0 ? cadence_sum / with_cadence : 0);
  f.push_back(confidence / n);
  f.push_back(static_cast<double>(messages.size()));
  f.push_back(last_bucket);
  return f;
}

// Standardiser: per-feature mean and standard deviation of a training set.
struct Standardiser {
  std::vector<double> mean;
  std::vector<double> scale;
  explicit Standardiser(const std::vector<Example>& train) {
    const size_t d = train.front().features.size();
    mean.assign(d, 0);
    scale.assign(d, 0);
    for (const auto& e : train) {
      for (size_t j = 0; j < d; ++j) mean[j] += e.features[j];
    }
    for (double& m : mean) m /= static_cast<double>(train.size());
    for (const auto& e : train) {
      for (size_t j = 0; j < d; ++j) scale[j] += std::pow(e.features[j] - mean[j], 2);
    }
    for (double& s : scale) {
      s = std::sqrt(s / static_cast<double>(train.size()));
      if (s < 1e-12) s = 1;
    }
  }
  Features Apply(const Features& f) const {
    Features out(f.size());
    for (size_t j = 0; j < f.size(); ++j) out[j] = (f[j] - mean[j]) / scale[j];
    return out;
  }
};

// NearestSubjects: 1-NN over standardised train examples; the subjects that
// tie after voting.
std::vector<int> NearestSubjects(const std::vector<Example>& train, const Features& query) {
  double best = INFINITY;
  std::map<int, int> votes;
  for (const auto& e : train) {
    double d = 0;
    for (size_t j = 0; j < query.size(); ++j) d += std::pow(e.features[j] - query[j], 2);
    if (d < best - 1e-12) {
      best = d;
      votes.clear();
    }
    if (d <= best + 1e-12) ++votes[e.subject];
  }
  int top = 0;
  for (const auto& [subject, n] : votes) top = std::max(top, n);
  std::vector<int> tied;
  for (const auto& [subject, n] : votes) {
    if (n == top) tied.push_back(subject);
  }
  return tied;
}

// Credit: 1/k when `subject` is among the k tied subjects, else 0.
double Credit(const std::vector<int>& tied, int subject) {
  for (int s : tied) {
    if (s == subject) return 1.0 / static_cast<double>(tied.size());
  }
  return 0;
}

std::vector<Example> Standardise(const Standardiser& s, std::vector<Example> v) {
  for (auto& e : v) e.features = s.Apply(e.features);
  return v;
}

// ---------------------------------------------------------------------------
// Beside the defined measurement: how much the figure can be trusted. None of
// this replaces it; it is printed so that a reviewer can see what identifies
// people and how noisy the figure is.

// kFeatureGroups: the egress features, by what they come from.
struct FeatureGroup {
  const char* name;
  size_t first;
  size_t count;
};
constexpr FeatureGroup kFeatureGroups[] = {
    {"label shares", 0, 6}, {"cadence share", 6, 1}, {"mean cadence", 7, 1},
    {"confidence", 8, 1},   {"message count", 9, 1}, {"last time bucket", 10, 1},
};

// Without: the examples without the features of group `g`.
std::vector<Example> Without(const std::vector<Example>& v, const FeatureGroup& g) {
  std::vector<Example> out = v;
  for (auto& e : out) {
    e.features.erase(e.features.begin() + static_cast<long>(g.first),
                     e.features.begin() + static_cast<long>(g.first + g.count));
  }
  return out;
}

// Only: the examples with only the features of group `g`.
std::vector<Example> Only(const std::vector<Example>& v, const FeatureGroup& g) {
  std::vector<Example> out = v;
  for (auto& e : out) {
    e.features = Features(e.features.begin() + static_cast<long>(g.first),
                          e.features.begin() + static_cast<long>(g.first + g.count));
  }
  return out;
}

// NearestCredits: per test example, the credit of the defined 1-NN attacker.
std::vector<double> NearestCredits(const std::vector<Example>& train,
                                   const std::vector<Example>& test) {
  const Standardiser scale(train);
  const std::vector<Example> train_std = Standardise(scale, train);
  std::vector<double> credits;
  for (const auto& e : test) {
    credits.push_back(Credit(NearestSubjects(train_std, scale.Apply(e.features)), e.subject));
  }
  return credits;
}

// SameLabelNearestCredits: 1-NN among the train recordings whose most
// frequent label is that of the test recording (walks are compared with
// walks, runs with runs).
std::vector<double> SameLabelNearestCredits(const std::vector<Example>& train,
                                            const std::vector<Example>& test) {
  auto main_label = [](const Example& e) {
    return std::max_element(e.features.begin(), e.features.begin() + 6) - e.features.begin();
  };
  const Standardiser scale(train);
  const std::vector<Example> train_std = Standardise(scale, train);
  std::vector<double> credits;
  for (const auto& e : test) {
    std::vector<Example> same;
    for (size_t i = 0; i < train.size(); ++i) {
      if (main_label(train[i]) == main_label(e)) same.push_back(train_std[i]);
    }
    credits.push_back(
        same.empty() ? 0.0 : Credit(NearestSubjects(same, scale.Apply(e.features)), e.subject));
  }
  return credits;
}

// KNearestCredits: k-NN; every train example within the k-th smallest
// distance votes, those at exactly that distance share what is left of the k
// votes (so that the order of the train set never decides).
std::vector<double> KNearestCredits(const std::vector<Example>& train,
                                    const std::vector<Example>& test, size_t k) {
  const Standardiser scale(train);
  const std::vector<Example> train_std = Standardise(scale, train);
  std::vector<double> credits;
  for (const auto& e : test) {
    const Features q = scale.Apply(e.features);
    std::vector<double> d(train_std.size());
    for (size_t i = 0; i < train_std.size(); ++i) {
      for (size_t j = 0; j < q.size(); ++j) d[i] += std::pow(train_std[i].features[j] - q[j], 2);
    }
    std::vector<double> sorted = d;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(k - 1), sorted.end());
    const double radius = sorted[k - 1];
    double closer = 0, at = 0;
    for (double x : d) {
      if (x < radius - 1e-12) closer += 1;
      if (std::fabs(x - radius) <= 1e-12) at += 1;
    }
    std::map<int, double> votes;
    for (size_t i = 0; i < d.size(); ++i) {
      if (d[i] < radius - 1e-12) votes[train_std[i].subject] += 1;
      if (std::fabs(d[i] - radius) <= 1e-12) {
        votes[train_std[i].subject] += (static_cast<double>(k) - closer) / at;
      }
    }
    double top = 0;
    for (const auto& [s, n] : votes) top = std::max(top, n);
    std::vector<int> tied;
    for (const auto& [s, n] : votes) {
      if (n >= top - 1e-9) tied.push_back(s);
    }
    credits.push_back(Credit(tied, e.subject));
  }
  return credits;
}

// LogisticCredits: multinomial logistic regression on the standardised
// features (L2 1e-3, full-batch gradient descent); the credit is split over
// subjects of equal highest score.
std::vector<double> LogisticCredits(const std::vector<Example>& train,
                                    const std::vector<Example>& test, int people) {
  const Standardiser scale(train);
  const std::vector<Example> train_std = Standardise(scale, train);
  const size_t d = train_std.front().features.size() + 1;  // + bias.
  const auto classes = static_cast<size_t>(people);
  std::vector<double> w(classes * d, 0.0);
  auto scores = [&](const Features& x, std::vector<double>* p) {
    p->assign(classes, 0.0);
    double top = -INFINITY;
    for (size_t c = 0; c < classes; ++c) {
      double s = w[c * d + d - 1];
      for (size_t j = 0; j + 1 < d; ++j) s += w[c * d + j] * x[j];
      (*p)[c] = s;
      top = std::max(top, s);
    }
    return top;
  };
  std::vector<double> p, grad(w.size());
  const double n = static_cast<double>(train_std.size());
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::fill(grad.begin(), grad.end(), 0.0);
    for (const auto& e : train_std) {
      const double top = scores(e.features, &p);
      double z = 0;
      for (double& s : p) z += (s = std::exp(s - top));
      for (size_t c = 0; c < classes; ++c) {
        const double r = p[c] / z - (static_cast<int>(c) == e.subject ? 1.0 : 0.0);
        for (size_t j = 0; j + 1 < d; ++j) grad[c * d + j] += r * e.features[j] / n;
        grad[c * d + d - 1] += r / n;
      }
    }
    for (size_t i = 0; i < w.size(); ++i) w[i] -= 0.5 * (grad[i] + 1e-3 * w[i]);
  }
  std::vector<double> credits;
  for (const auto& e : test) {
    const double top = scores(scale.Apply(e.features), &p);
    std::vector<int> tied;
    for (size_t c = 0; c < classes; ++c) {
      if (p[c] >= top - 1e-9) tied.push_back(static_cast<int>(c));
    }
    credits.push_back(Credit(tied, e.subject));
  }
  return credits;
}

// StreamKey: the whole egress stream of a recording, every field of every
// message, as text.
std::string StreamKey(const std::vector<v1::ActivityUpdate>& messages) {
  std::string key;
  for (const auto& m : messages) {
    key += std::to_string(m.activity()) + "," + std::to_string(m.confidence()) + "," +
           (m.has_cadence_spm() ? std::to_string(m.cadence_spm()) : "-") + "," +
           std::to_string(m.time_bucket_minutes()) + ";";
  }
  return key;
}

// PlugInMutualInformationBits: I(subject; stream) of the empirical joint
// distribution. It needs no attacker, but with a few recordings per distinct
// stream it overstates the true figure; it is for comparing policies on the
// same recordings.
double PlugInMutualInformationBits(const std::vector<std::pair<int, std::string>>& pairs) {
  std::map<int, double> subjects;
  std::map<std::string, double> keys;
  std::map<std::pair<int, std::string>, double> joint;
  for (const auto& p : pairs) {
    subjects[p.first] += 1;
    keys[p.second] += 1;
    joint[p] += 1;
  }
  const double n = static_cast<double>(pairs.size());
  auto entropy = [n](const auto& counts) {
    double h = 0;
    for (const auto& [unused, c] : counts) h -= c / n * std::log2(c / n);
    return h;
  };
  return entropy(subjects) + entropy(keys) - entropy(joint);
}

double Mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// LeaveOneTrialOut: every recording is tested once, by `attack` trained on
// all the other trials (of every person).
std::vector<double> LeaveOneTrialOut(
    const std::map<int, std::vector<Example>>& by_trial,
    const std::function<std::vector<double>(const std::vector<Example>&,
                                            const std::vector<Example>&)>& attack) {
  std::vector<double> credits;
  for (const auto& [trial, held_out] : by_trial) {
    std::vector<Example> train;
    for (const auto& [other, v] : by_trial) {
      if (other != trial) train.insert(train.end(), v.begin(), v.end());
    }
    const std::vector<double> c = attack(train, held_out);
    credits.insert(credits.end(), c.begin(), c.end());
  }
  return credits;
}

// BootstrapInterval: the 5th and 95th percentiles of the mean credit over
// test sets resampled with replacement (fixed seed).
std::pair<double, double> BootstrapInterval(const std::vector<double>& credits) {
  std::mt19937_64 rng(20261129);
  std::uniform_int_distribution<size_t> pick(0, credits.size() - 1);
  std::vector<double> means;
  for (int b = 0; b < 10000; ++b) {
    double sum = 0;
    for (size_t i = 0; i < credits.size(); ++i) sum += credits[pick(rng)];
    means.push_back(sum / static_cast<double>(credits.size()));
  }
  std::sort(means.begin(), means.end());
  return {means[means.size() * 5 / 100], means[means.size() * 95 / 100]};
}

TEST(ReidentificationTest, EgressStreamIsAtMostTwiceChance) {
  REQUIRE_CORPUS("motionsense");
  const std::string dir = testing::DataDir() + "/motionsense";
  auto corpus = eval::LoadCorpus(dir);
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();

  std::map<std::string, int> subject_ids;
  std::vector<Example> raw_train;
  std::vector<std::vector<Example>> raw_test;  // Windows of each test recording.
  std::vector<Example> egress_train;
  std::vector<Example> egress_test;
  std::vector<std::string> test_kinds;                  // "wlk", ... of each test recording.
  std::map<int, std::vector<Example>> egress_by_trial;  // Every recording, by trial number.
  std::vector<std::pair<int, std::string>> streams;     // Every recording's whole stream.
  for (const eval::ManifestEntry& e : corpus->entries) {
    const int subject =
        subject_ids.emplace(e.subject, static_cast<int>(subject_ids.size())).first->second;
    const bool test = IsTestTrial(e.id);
    std::vector<Example> windows;
    for (auto& f : RawWindowFeatures(ReadAll(dir + "/" + e.accel_file))) {
      windows.push_back(Example{subject, std::move(f)});
    }
    auto run = eval::RunRecording(dir, e, eval::RunConfig());
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    Example egress{subject, EgressFeatures(run->messages)};
    egress_by_trial[TrialNumber(e.id)].push_back(egress);
    streams.emplace_back(subject, StreamKey(run->messages));
    if (test) {
      raw_test.push_back(std::move(windows));
      egress_test.push_back(std::move(egress));
      test_kinds.push_back(TrialKind(e.id));
    } else {
      raw_train.insert(raw_train.end(), windows.begin(), windows.end());
      egress_train.push_back(std::move(egress));
    }
  }
  const int people = static_cast<int>(subject_ids.size());
  ASSERT_EQ(people, 19);
  ASSERT_FALSE(raw_test.empty());

  const Standardiser raw_scale(raw_train);
  const std::vector<Example> raw_train_std = Standardise(raw_scale, raw_train);
  double raw_correct = 0;
  int raw_recordings = 0;
  for (const auto& windows : raw_test) {
    if (windows.empty()) continue;
    ++raw_recordings;
    // Each window votes (split over its ties); the recording takes the
    // subjects with the most votes.
    std::map<int, double> votes;
    for (const auto& w : windows) {
      const std::vector<int> tied = NearestSubjects(raw_train_std, raw_scale.Apply(w.features));
      for (int s : tied) votes[s] += 1.0 / static_cast<double>(tied.size());
    }
    double top = 0;
    for (const auto& [subject, n] : votes) top = std::max(top, n);
    std::vector<int> best;
    for (const auto& [subject, n] : votes) {
      if (n >= top - 1e-9) best.push_back(subject);
    }
    raw_correct += Credit(best, windows.front().subject);
  }

  const std::vector<double> egress_credits = NearestCredits(egress_train, egress_test);
  double egress_correct = 0;
  for (double c : egress_credits) egress_correct += c;

  const double chance = 1.0 / people;
  const double raw_accuracy = raw_correct / raw_recordings;
  const double egress_accuracy = egress_correct / static_cast<double>(egress_test.size());
  std::printf(
      "[reidentification] %d people, %zu test recordings; chance %.3f\n"
      "[reidentification] (a) raw windows:   %.3f (%.1f of %d), %.2fx chance\n"
      "[reidentification] (b) egress stream: %.3f (%.1f of %zu), %.2fx chance\n",
      people, egress_test.size(), chance, raw_accuracy, raw_correct, raw_recordings,
      raw_accuracy / chance, egress_accuracy, egress_correct, egress_test.size(),
      egress_accuracy / chance);

  // Beside it: how noisy the figure is.
  const double n_test = static_cast<double>(egress_test.size());
  const auto [low, high] = BootstrapInterval(egress_credits);
  std::printf(
      "[reidentification] one test recording more or less right moves (b) by %.2fx chance; "
      "2x chance is %.1f of %.0f\n"
      "[reidentification] (b) bootstrap over test recordings, 90%% interval: %.2fx-%.2fx chance\n",
      1.0 / n_test / chance, 2.0 * chance * n_test, n_test, low / chance, high / chance);
  const std::vector<double> loto_credits = LeaveOneTrialOut(egress_by_trial, NearestCredits);
  std::printf("[reidentification] (b) leave one trial out, %zu recordings: %.2fx chance\n",
              loto_credits.size(), Mean(loto_credits) / chance);
  // Without an attacker: how much the whole streams say about who it is.
  std::set<std::string> distinct;
  for (const auto& p : streams) distinct.insert(p.second);
  std::printf(
      "[reidentification] (b) all %zu recordings: %zu distinct egress streams, plug-in mutual "
      "information with the person %.2f bits (of %.2f)\n",
      streams.size(), distinct.size(), PlugInMutualInformationBits(streams), std::log2(people));
  // Per activity kind of the test recording.
  std::map<std::string, std::pair<double, int>> by_kind;
  for (size_t i = 0; i < egress_credits.size(); ++i) {
    by_kind[test_kinds[i]].first += egress_credits[i];
    by_kind[test_kinds[i]].second += 1;
  }
  for (const auto& [kind, v] : by_kind) {
    std::printf("[reidentification] (b) %s recordings: %.1f of %d right\n", kind.c_str(), v.first,
                v.second);
  }
  // What identifies people: the attack without one feature group at a time.
  for (const FeatureGroup& g : kFeatureGroups) {
    std::printf("[reidentification] (b) without %s: %.2fx chance\n", g.name,
                Mean(NearestCredits(Without(egress_train, g), Without(egress_test, g))) / chance);
  }
  // The tempo is an output the product promises; what it gives away alone:
  const FeatureGroup& cadence = kFeatureGroups[2];
  std::printf(
      "[reidentification] (b) from the mean cadence alone: %.2fx chance\n",
      Mean(NearestCredits(Only(egress_train, cadence), Only(egress_test, cadence))) / chance);
  // Other attackers, so that the figure is not an artefact of one.
  std::printf(
      "[reidentification] (b) 1-NN among recordings of the same main label: %.2fx chance; "
      "3-NN: %.2fx chance\n"
      "[reidentification] (b) logistic regression: %.2fx chance; "
      "logistic regression, leave one trial out: %.2fx chance\n",
      Mean(SameLabelNearestCredits(egress_train, egress_test)) / chance,
      Mean(KNearestCredits(egress_train, egress_test, 3)) / chance,
      Mean(LogisticCredits(egress_train, egress_test, people)) / chance,
      Mean(LeaveOneTrialOut(
          egress_by_trial,
          [people](const std::vector<Example>& train, const std::vector<Example>& test) {
            return LogisticCredits(train, test, people);
          })) /
          chance);

  // Bar: 2x chance. Met, narrowly: 1.99x (11.9 of 114; leave one trial out
  // over all 285 recordings 1.93x), with the model that reads the step-lag
  // autocorrelation (2.06x with the one before, 2.003x before that). One
  // recording is 0.17x chance, the bootstrap 90% interval is 1.31x-2.71x,
  // and the figure moved between 1.60x and 2.06x across the last five
  // models: the bar is met on this sample, not with a margin. What
  // identifies people is the tempo (without the mean cadence 1.07x) and, a
  // little, the confidence (without it 1.82x): both outputs the product
  // promises.
  EXPECT_LE(egress_accuracy, 2.0 * chance);
  EXPECT_GT(raw_accuracy, egress_accuracy);  // The attacker itself works.
}

}  // namespace
}  // namespace minsense
