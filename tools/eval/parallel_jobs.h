// parallel_jobs.h: runs independent jobs (one recording, one cross-validation
// fold) on oneTBB threads, with a serialised progress callback and errors
// reported in job order, so that a batch fails the same way whatever the
// thread count. A JobGraph adds prerequisites, so that work of different
// kinds (recordings to read, then folds that need them all, beside other
// recordings) shares the threads in one run and no part's tail leaves a core
// idle.
//
//   Status s = RunJobsInParallel(recordings.size(), /*threads=*/0,
//       [&](size_t i) { return Replay(recordings[i]); },
//       [](int done, int total) { ShowProgress(done, total); });
//
//   JobGraph graph;
//   std::vector<size_t> reads;
//   for (size_t i = 0; i < n; ++i) reads.push_back(graph.Add([&, i] { return Read(i); }));
//   const size_t merged = graph.Add([&] { return Merge(); }, reads, JobGraph::kUncounted);
//   for (int f = 0; f < folds; ++f) graph.Add([&, f] { return Fold(f); }, {merged});
//   Status s = RunJobGraph(graph, /*threads=*/2);
#ifndef MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_
#define MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_

#include <cstddef>
#include <functional>
#include <vector>

#include "pipeline/status.h"

namespace minsense::eval {

// progress(done, total) after each finished job; calls never overlap and
// `done` counts 1, 2, ..., total in order.
using JobProgress = std::function<void(int done, int total)>;

// JobGraph is a set of jobs, each with the jobs that must succeed before it
// starts. A job is identified by the index Add returned (0, 1, 2, ...).
class JobGraph {
 public:
  // Whether a job counts in the progress callback's `done` and `total`.
  enum Progress { kCounted, kUncounted };

  // Add appends a job that starts once every job in `after` (indices that
  // Add returned before) has returned OK, and returns its index. The index
  // is also the job's priority: of the jobs that may start, the lowest
  // index starts first, so add long jobs, and those that others wait for,
  // first.
  size_t Add(std::function<Status()> job, std::vector<size_t> after = {},
             Progress progress = kCounted);

  size_t size() const { return jobs_.size(); }

 private:
  friend Status RunJobGraph(const JobGraph& graph, int threads, const JobProgress& progress);

  struct Job {
    std::function<Status()> run;
    std::vector<size_t> after;
    bool counted = true;
  };
  std::vector<Job> jobs_;
};

// RunJobGraph runs the jobs of `graph` on at most `threads` threads (0:
// oneTBB's default, all cores). Every job whose prerequisites succeeded
// runs, even when another job fails; a job with a failed prerequisite (or
// one skipped in turn) is skipped, and still counts as done for progress.
// The result is the error of the lowest index that failed, or OK. A job
// writes only to its own outputs, which its dependants may read: everything
// a job wrote is visible to the jobs that start after it and to the caller
// when this returns. Memory: one small task per job at a time.
Status RunJobGraph(const JobGraph& graph, int threads, const JobProgress& progress = {});

// RunJobsInParallel calls job(i) once for every i in [0, count), one index a
// task, on at most `threads` threads (0: oneTBB's default, all cores), lower
// indices first. Every job runs even when another fails; the result is the
// error of the lowest index that failed, or OK. A job writes only to its own
// slot of the caller's output: everything it wrote is visible to the caller
// when this returns.
Status RunJobsInParallel(size_t count, int threads, const std::function<Status(size_t)>& job,
                         const JobProgress& progress = {});

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_
