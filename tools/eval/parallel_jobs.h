// parallel_jobs.h: runs independent jobs (one recording, one cross-validation
// fold) on oneTBB threads, with a serialised progress callback and errors
// reported in job order, so that a batch fails the same way whatever the
// thread count.
//
//   Status s = RunJobsInParallel(recordings.size(), /*threads=*/0,
//       [&](size_t i) { return Replay(recordings[i]); },
//       [](int done, int total) { ShowProgress(done, total); });
#ifndef MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_
#define MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_

#include <cstddef>
#include <functional>

#include "pipeline/status.h"

namespace minsense::eval {

// progress(done, total) after each finished job; calls never overlap and
// `done` counts 1, 2, ..., total in order.
using JobProgress = std::function<void(int done, int total)>;

// RunJobsInParallel calls job(i) once for every i in [0, count), one index a
// task, on at most `threads` threads (0: oneTBB's default, all cores). Every
// job runs even when another fails; the result is the error of the lowest
// index that failed, or OK. A job writes only to its own slot of the caller's
// output: everything it wrote is visible to the caller when this returns.
Status RunJobsInParallel(size_t count, int threads, const std::function<Status(size_t)>& job,
                         const JobProgress& progress = {});

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_PARALLEL_JOBS_H_
