// corpus_evaluator.h: replays every recording of some corpora in parallel
// (oneTBB) and returns their metrics in manifest order, whatever the thread
// count, so that results are deterministic.
//
//   EvaluateOptions opts;
//   StatusOr<std::vector<RecordingMetrics>> m = EvaluateCorpora({dir}, opts);
//
// CorpusReplayJobs does the same as jobs of a JobGraph, to share the threads
// with other work (such as a GPS corpus's cross-validation).
#ifndef MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_
#define MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/eval/evaluation.h"
#include "tools/eval/parallel_jobs.h"

namespace minsense::eval {

struct EvaluateOptions {
  RunConfig run;
  int threads = 0;  // 0: oneTBB's default (all cores).
  // Only recordings whose manifest activity is in this list (empty: all).
  std::vector<std::string> activities;
  // progress(done, total) is called from worker threads, serialised.
  std::function<void(int, int)> progress;
};

// EvaluateCorpora fails on an unreadable manifest or recording.
StatusOr<std::vector<RecordingMetrics>> EvaluateCorpora(const std::vector<std::string>& dirs,
                                                        const EvaluateOptions& options);

// CorpusReplayJobs: the replays of EvaluateCorpora over loaded corpora, one
// job per accelerometer recording (counted for progress), added in manifest
// order. options.threads and options.progress are the graph run's business.
//
//   CorpusReplayJobs replays(corpora, options);
//   JobGraph graph;
//   replays.AddTo(&graph);
//   RunJobGraph(graph, threads);
//   StatusOr<std::vector<RecordingMetrics>> m = replays.TakeMetrics();
class CorpusReplayJobs {
 public:
  // `corpora` and `options` must outlive this object.
  CorpusReplayJobs(const std::vector<Corpus>& corpora, const EvaluateOptions& options);
  CorpusReplayJobs(const CorpusReplayJobs&) = delete;
  CorpusReplayJobs& operator=(const CorpusReplayJobs&) = delete;

  // AddTo adds the jobs to *graph, once; they refer to this object, which
  // must outlive the graph's run.
  void AddTo(JobGraph* graph);

  // TakeMetrics, after the run: the metrics in manifest order, or the error
  // of the first recording (in manifest order) that failed.
  StatusOr<std::vector<RecordingMetrics>> TakeMetrics();

 private:
  struct Job {
    const Corpus* corpus;
    const ManifestEntry* entry;
  };
  const EvaluateOptions& options_;
  std::vector<Job> jobs_;
  std::vector<std::optional<RecordingMetrics>> results_;
  std::vector<Status> statuses_;
};

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_
