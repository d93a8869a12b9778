#include "tools/eval/evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "pipeline/activity_labels.h"

namespace minsense::eval {
namespace {

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

void AddTo(GroupSummary* g, const RecordingMetrics& r) {
  ++g->recordings;
  g->windows += r.windows;
  g->correct_windows += r.correct_windows;
  if (r.windows > 0 && r.majority == r.expected) ++g->majority_correct;
  for (int i = 0; i < kActivityCount; ++i) g->label_counts[i] += r.label_counts[i];
  if (r.median_cadence_spm) {
    ++g->cadence_recordings;
    g->median_cadences.push_back(*r.median_cadence_spm);
  }
  g->cadence_abs_errors_spm.insert(g->cadence_abs_errors_spm.end(),
                                   r.cadence_abs_errors_spm.begin(),
                                   r.cadence_abs_errors_spm.end());
  g->cadence_abs_errors_all_spm.insert(g->cadence_abs_errors_all_spm.end(),
                                       r.cadence_abs_errors_all_spm.begin(),
                                       r.cadence_abs_errors_all_spm.end());
  g->cadence_abs_errors_regular_spm.insert(g->cadence_abs_errors_regular_spm.end(),
                                           r.cadence_abs_errors_regular_spm.begin(),
                                           r.cadence_abs_errors_regular_spm.end());
  if (r.step_error_pct) g->step_abs_errors_pct.push_back(std::fabs(*r.step_error_pct));
  if (r.first_cadence_latency_s) {
    ++g->latency_recordings;
    g->max_first_cadence_latency_s =
        std::max(g->max_first_cadence_latency_s, *r.first_cadence_latency_s);
  }
  if (!IsStepping(r.expected) && r.expected != v1::ACTIVITY_UNSPECIFIED) {
    g->false_steps += r.steps;
    g->still_minutes += r.duration_s / 60.0;
  }
  g->bytes_in += r.bytes_in;
  g->bytes_out += r.bytes_out;
  g->messages += r.messages;
  g->duration_s += r.duration_s;
}

}  // namespace

v1::Activity ExpectedActivity(const std::string& a) {
  if (a == "still") return v1::ACTIVITY_STILL;
  if (a == "walking") return v1::ACTIVITY_WALKING;
  if (a == "running") return v1::ACTIVITY_RUNNING;
  if (a == "cycling") return v1::ACTIVITY_CYCLING;
  if (a == "in_vehicle") return v1::ACTIVITY_IN_VEHICLE;
  return v1::ACTIVITY_UNSPECIFIED;
}

std::string ActivityShortName(v1::Activity a) {
  const std::string& full = v1::Activity_Name(a);
  constexpr std::string_view kPrefix = "ACTIVITY_";
  return full.size() > kPrefix.size() ? full.substr(kPrefix.size()) : full;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return v[lo] * (1 - frac) + v[hi] * frac;
}

double Mean(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double WalkStart(const std::vector<double>& true_steps) {
  if (true_steps.empty()) return 0.0;
  size_t bout_begin = 0;
  for (size_t i = 1; i < true_steps.size(); ++i) {
    if (true_steps[i] - true_steps[i - 1] > kMaxBoutIntervalS) bout_begin = i;
    if (i + 1 - bout_begin >= static_cast<size_t>(kBoutSteps)) return true_steps[bout_begin];
  }
  return true_steps.front();
}

RecordingMetrics ComputeRecordingMetrics(const std::string& corpus_name, const ManifestEntry& e,
                                         const RecordingRun& run, const RunConfig& config) {
  RecordingMetrics m;
  m.corpus = corpus_name;
  m.id = e.id;
  m.subject = e.subject;
  m.position = e.position;
  m.activity = e.activity;
  m.detail = e.detail;
  m.expected = ExpectedActivity(e.activity);
  m.duration_s = e.duration_s;
  m.windows = static_cast<int>(run.windows.size());
  m.steps = run.ledger.steps;
  m.steps_gt = e.steps_gt;
  m.messages = run.ledger.messages_out;
  m.bytes_in = run.ledger.bytes_in;
  m.bytes_out = run.ledger.bytes_out;
  m.samples_in = run.ledger.samples_in;
  m.rejected = run.ledger.rejected_total();

  const double window_s = config.options.window_seconds();
  std::vector<double> cadences;
  const double activity_start = WalkStart(run.true_steps);
  std::vector<double> intervals;
  for (size_t i = 1; i < run.true_steps.size(); ++i) {
    intervals.push_back(run.true_steps[i] - run.true_steps[i - 1]);
  }
  const double median_interval = Percentile(intervals, 50);
  for (const WindowReport& w : run.windows) {
    ++m.label_counts[w.activity];
    if (w.activity == m.expected) ++m.correct_windows;
    if (w.stepping && w.cadence_spm > 0) {
      cadences.push_back(w.cadence_spm);
      if (!m.first_cadence_latency_s) m.first_cadence_latency_s = w.t_end_seconds - activity_start;
    }
    if (run.true_steps.empty()) continue;
    // Truth over all true steps inside the window; only windows that are
    // stepping throughout (steps span at least half of it) are scored.
    const double t0 = w.t_end_seconds - window_s;
    const auto first = std::lower_bound(run.true_steps.begin(), run.true_steps.end(), t0);
    const auto last =
        std::upper_bound(run.true_steps.begin(), run.true_steps.end(), w.t_end_seconds);
    const auto n = last - first;
    if (n < 3) continue;
    const double span = *(last - 1) - *first;
    if (span < 0.5 * window_s) continue;
    const double truth = 60.0 * static_cast<double>(n - 1) / span;
    bool bounce = false;
    bool regular = true;
    for (auto it = first + 1; it != last; ++it) {
      const double interval = *it - *(it - 1);
      bounce |= interval < kMinTrueStepIntervalS;
      regular &= interval * kRegularTruthFactor >= median_interval &&
                 interval <= kRegularTruthFactor * median_interval;
    }
    if (w.stepping && w.cadence_spm > 0) {
      const double error = std::fabs(w.cadence_spm - truth);
      m.cadence_abs_errors_all_spm.push_back(error);
      if (!bounce) m.cadence_abs_errors_spm.push_back(error);
      if (regular) m.cadence_abs_errors_regular_spm.push_back(error);
    } else {
      ++m.truth_windows_without_cadence;
    }
  }
  if (!IsStepping(m.expected)) m.first_cadence_latency_s.reset();
  int best = 0;
  for (int i = 0; i < kActivityCount; ++i) {
    if (m.label_counts[i] > m.label_counts[best]) best = i;
  }
  m.majority = static_cast<v1::Activity>(best);
  m.cadence_windows = static_cast<int>(cadences.size());
  if (!cadences.empty()) m.median_cadence_spm = Percentile(cadences, 50);
  if (e.steps_gt && *e.steps_gt > 0) {
    m.step_error_pct = 100.0 * (static_cast<double>(m.steps) - *e.steps_gt) / *e.steps_gt;
    if (median_interval > 0.0) {
      // Split steps (see step_error_merged_truth_pct), counted in time order.
      int split = 0;
      for (size_t i = 0; i + 1 < intervals.size(); ++i) {
        const double pair = intervals[i] + intervals[i + 1];
        if (intervals[i] * kRegularTruthFactor < median_interval &&
            intervals[i + 1] * kRegularTruthFactor < median_interval &&
            pair * kRegularTruthFactor >= median_interval &&
            pair <= kRegularTruthFactor * median_interval) {
          ++split;
          ++i;
        }
      }
      const int merged = *e.steps_gt - split;
      if (merged > 0) {
        m.step_error_merged_truth_pct =
            100.0 * (static_cast<double>(m.steps) - merged) / static_cast<double>(merged);
      }
    }
  }
  return m;
}

std::vector<GroupSummary> Summarise(const std::vector<RecordingMetrics>& recordings) {
  std::map<std::string, GroupSummary> groups;
  for (const RecordingMetrics& r : recordings) {
    for (const std::string& key :
         {r.corpus + "/" + r.activity, r.corpus + "/" + r.activity + "/" + r.detail,
          r.corpus + "/position=" + (r.position.empty() ? "-" : r.position)}) {
      GroupSummary& g = groups[key];
      g.key = key;
      AddTo(&g, r);
    }
  }
  std::vector<GroupSummary> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  return out;
}

std::string FormatTable(const std::vector<GroupSummary>& groups) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof(line), "%-44s %5s %6s %7s %7s %-22s %7s %7s %7s %7s %7s\n", "group",
                "recs", "wins", "win_acc", "maj_acc", "cadence_med (min-max)", "cad_mae", "cad_p95",
                "stp_err", "stp_max", "fstep/m");
  out += line;
  for (const GroupSummary& g : groups) {
    std::string cadence = "-";
    if (!g.median_cadences.empty()) {
      cadence =
          Fixed(Percentile(g.median_cadences, 50), 0) + " (" +
          Fixed(*std::min_element(g.median_cadences.begin(), g.median_cadences.end()), 0) + "-" +
          Fixed(*std::max_element(g.median_cadences.begin(), g.median_cadences.end()), 0) + ")";
    }
    const bool has_cad = !g.cadence_abs_errors_spm.empty();
    const bool has_steps = !g.step_abs_errors_pct.empty();
    std::snprintf(
        line, sizeof(line), "%-44s %5d %6d %6.1f%% %6.1f%% %-22s %7s %7s %7s %7s %7s\n",
        g.key.c_str(), g.recordings, g.windows, 100.0 * g.window_accuracy(),
        g.recordings ? 100.0 * g.majority_correct / g.recordings : 0.0, cadence.c_str(),
        has_cad ? Fixed(Mean(g.cadence_abs_errors_spm), 2).c_str() : "-",
        has_cad ? Fixed(Percentile(g.cadence_abs_errors_spm, 95), 2).c_str() : "-",
        has_steps ? (Fixed(Mean(g.step_abs_errors_pct), 2) + "%").c_str() : "-",
        has_steps ? (Fixed(Percentile(g.step_abs_errors_pct, 100), 2) + "%").c_str() : "-",
        g.still_minutes > 0 ? Fixed(static_cast<double>(g.false_steps) / g.still_minutes, 2).c_str()
                            : "-");
    out += line;
  }
  out +=
      "cad_mae/cad_p95: spm against the step ground truth, windows whose true step intervals\n"
      "include one under 0.2 s (foot-switch bounces) left out; --json has both, and the\n"
      "figures over windows whose true intervals are all within 1.6x of the median.\n";
  return out;
}

std::string FormatJson(const std::vector<GroupSummary>& groups,
                       const std::vector<RecordingMetrics>& recordings) {
  std::string out = "{\"groups\":[";
  bool first = true;
  for (const GroupSummary& g : groups) {
    if (!first) out += ',';
    first = false;
    out += "{\"key\":" + JsonString(g.key) + ",\"recordings\":" + std::to_string(g.recordings) +
           ",\"windows\":" + std::to_string(g.windows) +
           ",\"window_accuracy\":" + Fixed(g.window_accuracy(), 4) +
           ",\"majority_correct\":" + std::to_string(g.majority_correct) + ",\"labels\":{";
    for (int i = 1; i < kActivityCount; ++i) {
      if (i > 1) out += ',';
      out += JsonString(ActivityShortName(static_cast<v1::Activity>(i))) + ":" +
             std::to_string(g.label_counts[i]);
    }
    out += "}";
    if (!g.cadence_abs_errors_spm.empty()) {
      out +=
          ",\"cadence_mae_spm\":" + Fixed(Mean(g.cadence_abs_errors_spm), 3) +
          ",\"cadence_p95_spm\":" + Fixed(Percentile(g.cadence_abs_errors_spm, 95), 3) +
          ",\"cadence_windows_scored\":" + std::to_string(g.cadence_abs_errors_spm.size()) +
          ",\"cadence_mae_all_spm\":" + Fixed(Mean(g.cadence_abs_errors_all_spm), 3) +
          ",\"cadence_p95_all_spm\":" + Fixed(Percentile(g.cadence_abs_errors_all_spm, 95), 3) +
          ",\"cadence_windows_all\":" + std::to_string(g.cadence_abs_errors_all_spm.size()) +
          ",\"cadence_mae_regular_truth_spm\":" + Fixed(Mean(g.cadence_abs_errors_regular_spm), 3) +
          ",\"cadence_p95_regular_truth_spm\":" +
          Fixed(Percentile(g.cadence_abs_errors_regular_spm, 95), 3) +
          ",\"cadence_windows_regular_truth\":" +
          std::to_string(g.cadence_abs_errors_regular_spm.size());
    }
    if (!g.step_abs_errors_pct.empty()) {
      out += ",\"step_error_mean_pct\":" + Fixed(Mean(g.step_abs_errors_pct), 3) +
             ",\"step_error_worst_pct\":" + Fixed(Percentile(g.step_abs_errors_pct, 100), 3);
    }
    if (g.still_minutes > 0) {
      out += ",\"false_steps_per_minute\":" +
             Fixed(static_cast<double>(g.false_steps) / g.still_minutes, 3);
    }
    if (g.latency_recordings > 0) {
      out += ",\"max_first_cadence_latency_s\":" + Fixed(g.max_first_cadence_latency_s, 2);
    }
    out += ",\"bytes_in\":" + std::to_string(g.bytes_in) +
           ",\"bytes_out\":" + std::to_string(g.bytes_out) +
           ",\"messages\":" + std::to_string(g.messages) + "}";
  }
  out += "],\"recordings\":[";
  first = true;
  for (const RecordingMetrics& r : recordings) {
    if (!first) out += ',';
    first = false;
    out += "{\"corpus\":" + JsonString(r.corpus) + ",\"id\":" + JsonString(r.id) +
           ",\"activity\":" + JsonString(r.activity) + ",\"detail\":" + JsonString(r.detail) +
           ",\"position\":" + JsonString(r.position) + ",\"windows\":" + std::to_string(r.windows) +
           ",\"correct_windows\":" + std::to_string(r.correct_windows) +
           ",\"majority\":" + JsonString(ActivityShortName(r.majority)) +
           ",\"steps\":" + std::to_string(r.steps);
    if (r.median_cadence_spm) out += ",\"median_cadence_spm\":" + Fixed(*r.median_cadence_spm, 1);
    if (r.step_error_pct) out += ",\"step_error_pct\":" + Fixed(*r.step_error_pct, 2);
    if (r.step_error_merged_truth_pct) {
      out += ",\"step_error_merged_truth_pct\":" + Fixed(*r.step_error_merged_truth_pct, 2);
    }
    if (r.first_cadence_latency_s) {
      out += ",\"first_cadence_latency_s\":" + Fixed(*r.first_cadence_latency_s, 2);
    }
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace minsense::eval
