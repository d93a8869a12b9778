#include "tools/eval/parallel_jobs.h"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

namespace minsense::eval {

Status RunJobsInParallel(size_t count, int threads, const std::function<Status(size_t)>& job,
                         const JobProgress& progress) {
  std::vector<Status> errors(count);
  std::atomic<int> done{0};
  std::mutex progress_mutex;
  int reported = 0;  // Guarded by progress_mutex.
  std::optional<tbb::global_control> limit;
  if (threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
  }
  // The release store here, the acquire load at the start of each task, the
  // release at its end and the acquire after the loop order the tasks' work
  // after everything written before the call and before what follows it.
  // oneTBB does that already, inside libtbb, where ThreadSanitizer cannot see
  // it (Debian's libtbb is not instrumented); these make it visible, at no
  // measurable cost.
  done.store(0, std::memory_order_release);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 1),
                    [&](const tbb::blocked_range<size_t>& r) {
                      static_cast<void>(done.load(std::memory_order_acquire));
                      for (size_t i = r.begin(); i != r.end(); ++i) {
                        errors[i] = job(i);
                        ++done;
                        if (progress) {
                          // Counted under the lock, so the calls see 1, 2, ..., count in order.
                          std::lock_guard<std::mutex> lock(progress_mutex);
                          progress(++reported, static_cast<int>(count));
                        }
                      }
                      done.fetch_add(0, std::memory_order_release);
                    });
  static_cast<void>(done.load(std::memory_order_acquire));
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace minsense::eval
