#include "tools/eval/corpus_evaluator.h"

#include <algorithm>
#include <optional>

#include "tools/eval/parallel_jobs.h"

namespace minsense::eval {

StatusOr<std::vector<RecordingMetrics>> EvaluateCorpora(const std::vector<std::string>& dirs,
                                                        const EvaluateOptions& options) {
  struct Job {
    const Corpus* corpus;
    const ManifestEntry* entry;
  };
  std::vector<Corpus> corpora;
  corpora.reserve(dirs.size());
  for (const std::string& dir : dirs) {
    StatusOr<Corpus> c = LoadCorpus(dir);
    if (!c.ok()) return c.status();
    corpora.push_back(std::move(c).value());
  }
  std::vector<Job> jobs;
  for (const Corpus& c : corpora) {
    for (const ManifestEntry& e : c.entries) {
      if (e.accel_file.empty()) continue;
      if (!options.activities.empty() &&
          std::find(options.activities.begin(), options.activities.end(), e.activity) ==
              options.activities.end()) {
        continue;
      }
      jobs.push_back({&c, &e});
    }
  }

  // One recording per task: recordings are large enough that scheduling cost
  // is negligible, and each task holds one pipeline and one reader buffer.
  std::vector<std::optional<RecordingMetrics>> results(jobs.size());
  const Status status = RunJobsInParallel(
      jobs.size(), options.threads,
      [&](size_t i) {
        const Job& job = jobs[i];
        StatusOr<RecordingRun> run = RunRecording(job.corpus->dir, *job.entry, options.run);
        if (!run.ok()) return run.status();
        results[i] = ComputeRecordingMetrics(job.corpus->name, *job.entry, *run, options.run);
        return Status::Ok();
      },
      options.progress);
  if (!status.ok()) return status;
  std::vector<RecordingMetrics> out;
  out.reserve(jobs.size());
  for (std::optional<RecordingMetrics>& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace minsense::eval
