#include "tools/eval/corpus_evaluator.h"

#include <algorithm>

namespace minsense::eval {

CorpusReplayJobs::CorpusReplayJobs(const std::vector<Corpus>& corpora,
                                   const EvaluateOptions& options)
    : options_(options) {
  for (const Corpus& c : corpora) {
    for (const ManifestEntry& e : c.entries) {
      if (e.accel_file.empty()) continue;
      if (!options.activities.empty() &&
          std::find(options.activities.begin(), options.activities.end(), e.activity) ==
              options.activities.end()) {
        continue;
      }
      jobs_.push_back({&c, &e});
    }
  }
}

void CorpusReplayJobs::AddTo(JobGraph* graph) {
  results_.assign(jobs_.size(), std::nullopt);
  statuses_.assign(jobs_.size(), Status::Ok());
  // One recording per job: recordings are large enough that scheduling cost
  // is negligible, and each job holds one pipeline and one reader buffer.
  for (size_t i = 0; i < jobs_.size(); ++i) {
    graph->Add([this, i] {
      const Job& job = jobs_[i];
      StatusOr<RecordingRun> run = RunRecording(job.corpus->dir, *job.entry, options_.run);
      if (!run.ok()) {
        statuses_[i] = run.status();
        return statuses_[i];
      }
      results_[i] = ComputeRecordingMetrics(job.corpus->name, *job.entry, *run, options_.run);
      return Status::Ok();
    });
  }
}

StatusOr<std::vector<RecordingMetrics>> CorpusReplayJobs::TakeMetrics() {
  for (const Status& s : statuses_) {
    if (!s.ok()) return s;
  }
  if (results_.size() != jobs_.size() ||
      std::any_of(results_.begin(), results_.end(), [](const auto& r) { return !r; })) {
    return FailedPreconditionError("the recordings' replays did not all run");
  }
  std::vector<RecordingMetrics> out;
  out.reserve(results_.size());
  for (std::optional<RecordingMetrics>& r : results_) out.push_back(std::move(*r));
  results_.clear();
  return out;
}

StatusOr<std::vector<RecordingMetrics>> EvaluateCorpora(const std::vector<std::string>& dirs,
                                                        const EvaluateOptions& options) {
  std::vector<Corpus> corpora;
  corpora.reserve(dirs.size());
  for (const std::string& dir : dirs) {
    StatusOr<Corpus> c = LoadCorpus(dir);
    if (!c.ok()) return c.status();
    corpora.push_back(std::move(c).value());
  }
  CorpusReplayJobs replays(corpora, options);
  JobGraph graph;
  replays.AddTo(&graph);
  const Status status = RunJobGraph(graph, options.threads, options.progress);
  if (!status.ok()) return status;
  return replays.TakeMetrics();
}

}  // namespace minsense::eval
