#include "tools/eval/corpus_evaluator.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

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

  std::vector<std::optional<RecordingMetrics>> results(jobs.size());
  std::vector<Status> errors(jobs.size());
  std::atomic<int> done{0};
  std::mutex progress_mutex;
  std::optional<tbb::global_control> limit;
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism,
                  static_cast<size_t>(options.threads));
  }
  // One recording per task: recordings are large enough that scheduling cost
  // is negligible, and each task holds one pipeline and one reader buffer.
  // The release store here, the acquire load at the start of each task, the
  // release at its end and the acquire after the loop order the tasks' work
  // after everything written above and before what follows. oneTBB does that
  // already, inside libtbb, where ThreadSanitizer cannot see it (Debian's
  // libtbb is not instrumented); these make it visible, at no measurable cost.
  done.store(0, std::memory_order_release);
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, jobs.size(), 1), [&](const tbb::blocked_range<size_t>& r) {
        static_cast<void>(done.load(std::memory_order_acquire));
        for (size_t i = r.begin(); i != r.end(); ++i) {
          const Job& job = jobs[i];
          StatusOr<RecordingRun> run = RunRecording(job.corpus->dir, *job.entry, options.run);
          if (run.ok()) {
            results[i] = ComputeRecordingMetrics(job.corpus->name, *job.entry, *run, options.run);
          } else {
            errors[i] = run.status();
          }
          const int n = ++done;
          if (options.progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            options.progress(n, static_cast<int>(jobs.size()));
          }
        }
        done.fetch_add(0, std::memory_order_release);
      });
  static_cast<void>(done.load(std::memory_order_acquire));
  std::vector<RecordingMetrics> out;
  out.reserve(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!errors[i].ok()) return errors[i];
    out.push_back(std::move(*results[i]));
  }
  return out;
}

}  // namespace minsense::eval
