#include "tools/eval/parallel_jobs.h"

#include <tbb/global_control.h>
#include <tbb/task_group.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace minsense::eval {
namespace {

// GraphRun is one run of a JobGraph. Jobs that may start wait in `ready_`, a
// min-heap of indices; every push spawns one oneTBB task that pops the
// lowest index there and runs that job, so there are as many tasks as ready
// jobs and a task never waits. All shared state is behind `mutex_`: each job
// starts after acquiring it and publishes its status under it, which orders
// a job's writes before its dependants.
//
// oneTBB orders a task after the code that spawned it and `wait` after every
// task, but inside libtbb, where ThreadSanitizer cannot see it (Debian's
// libtbb is not instrumented). The release store of `handoff_` before the
// tasks are spawned, the acquire load at the start of each task, the release
// at its end and the acquire after `wait` make that order visible (the
// mutex itself is built before the tasks start), at no measurable cost.
class GraphRun {
 public:
  GraphRun(const std::vector<const std::function<Status()>*>& runs,
           const std::vector<std::vector<size_t>>& dependants, std::vector<size_t> waiting,
           const std::vector<bool>& counted, const JobProgress& progress)
      : runs_(runs),
        dependants_(dependants),
        counted_(counted),
        progress_(progress),
        waiting_(std::move(waiting)),
        statuses_(runs.size()),
        skipped_(runs.size(), false) {
    for (bool c : counted_) total_ += c ? 1 : 0;
  }

  // Run runs every job and returns the error of the lowest failed index.
  Status Run() {
    size_t initial = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (size_t i = 0; i < waiting_.size(); ++i) {
        if (waiting_[i] == 0) ready_.push(i);
      }
      initial = ready_.size();
    }
    handoff_.store(0, std::memory_order_release);
    for (size_t k = 0; k < initial; ++k) group_.run([this] { RunOne(); });
    group_.wait();
    static_cast<void>(handoff_.load(std::memory_order_acquire));
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::optional<Status>& s : statuses_) {
      if (s && !s->ok()) return *s;
    }
    return Status::Ok();
  }

 private:
  void RunOne() {
    static_cast<void>(handoff_.load(std::memory_order_acquire));
    size_t i = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      i = ready_.top();
      ready_.pop();
    }
    Status status = (*runs_[i])();
    const bool ok = status.ok();
    size_t spawn = 0;
    int finished = counted_[i] ? 1 : 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      statuses_[i] = std::move(status);
      if (ok) {
        for (size_t d : dependants_[i]) {
          if (--waiting_[d] == 0 && !skipped_[d]) {
            ready_.push(d);
            ++spawn;
          }
        }
      } else {
        // Skip everything that waits, directly or not, on job i.
        std::vector<size_t> stack(dependants_[i].begin(), dependants_[i].end());
        while (!stack.empty()) {
          const size_t d = stack.back();
          stack.pop_back();
          if (skipped_[d]) continue;
          skipped_[d] = true;
          finished += counted_[d] ? 1 : 0;
          stack.insert(stack.end(), dependants_[d].begin(), dependants_[d].end());
        }
      }
    }
    if (progress_) {
      // Counted under the lock, so the calls see 1, 2, ..., total in order.
      std::lock_guard<std::mutex> lock(progress_mutex_);
      for (int k = 0; k < finished; ++k) progress_(++reported_, total_);
    }
    for (size_t k = 0; k < spawn; ++k) group_.run([this] { RunOne(); });
    handoff_.fetch_add(0, std::memory_order_release);
  }

  const std::vector<const std::function<Status()>*>& runs_;
  const std::vector<std::vector<size_t>>& dependants_;
  const std::vector<bool>& counted_;
  const JobProgress& progress_;
  int total_ = 0;
  std::atomic<int> handoff_{0};
  tbb::task_group group_;

  std::mutex mutex_;
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready_;
  std::vector<size_t> waiting_;                  // Prerequisites not yet done, per job.
  std::vector<std::optional<Status>> statuses_;  // Empty: not run (skipped).
  std::vector<bool> skipped_;

  std::mutex progress_mutex_;
  int reported_ = 0;  // Guarded by progress_mutex_.
};

}  // namespace

size_t JobGraph::Add(std::function<Status()> job, std::vector<size_t> after, Progress progress) {
  jobs_.push_back({std::move(job), std::move(after), progress == kCounted});
  return jobs_.size() - 1;
}

Status RunJobGraph(const JobGraph& graph, int threads, const JobProgress& progress) {
  const size_t n = graph.jobs_.size();
  std::vector<const std::function<Status()>*> runs(n);
  std::vector<std::vector<size_t>> dependants(n);
  std::vector<size_t> waiting(n);
  std::vector<bool> counted(n);
  for (size_t i = 0; i < n; ++i) {
    const JobGraph::Job& job = graph.jobs_[i];
    if (!job.run) return InvalidArgumentError("job " + std::to_string(i) + " has nothing to run");
    for (size_t a : job.after) {
      // Prerequisites come first, which also rules out cycles.
      if (a >= i) {
        return InvalidArgumentError("job " + std::to_string(i) + " waits for job " +
                                    std::to_string(a) + ", which is not added before it");
      }
      dependants[a].push_back(i);
    }
    runs[i] = &job.run;
    waiting[i] = job.after.size();
    counted[i] = job.counted;
  }
  std::optional<tbb::global_control> limit;
  if (threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
  }
  GraphRun run(runs, dependants, std::move(waiting), counted, progress);
  return run.Run();
}

Status RunJobsInParallel(size_t count, int threads, const std::function<Status(size_t)>& job,
                         const JobProgress& progress) {
  JobGraph graph;
  for (size_t i = 0; i < count; ++i) graph.Add([&job, i] { return job(i); });
  return RunJobGraph(graph, threads, progress);
}

}  // namespace minsense::eval
