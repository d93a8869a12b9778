#include "tools/eval/parallel_jobs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace minsense::eval {
namespace {

TEST(RunJobsInParallel, RunsEveryJobOnceAndReportsProgressInOrder) {
  for (int threads : {0, 1, 2, 4}) {
    constexpr size_t kJobs = 200;
    std::vector<std::atomic<int>> runs(kJobs);
    std::vector<int> progress;
    const Status s = RunJobsInParallel(
        kJobs, threads,
        [&](size_t i) {
          runs[i].fetch_add(1);
          return Status::Ok();
        },
        [&](int done, int total) {
          EXPECT_EQ(total, static_cast<int>(kJobs));
          progress.push_back(done);
        });
    ASSERT_TRUE(s.ok()) << s.ToString();
    for (size_t i = 0; i < kJobs; ++i) EXPECT_EQ(runs[i].load(), 1) << "job " << i;
    // The calls never overlap, so the counts arrive as 1, 2, ..., kJobs.
    ASSERT_EQ(progress.size(), kJobs) << "threads " << threads;
    for (size_t i = 0; i < kJobs; ++i) EXPECT_EQ(progress[i], static_cast<int>(i + 1));
  }
}

TEST(RunJobsInParallel, ReturnsTheLowestFailingJobsErrorAfterRunningAll) {
  for (int threads : {1, 2}) {
    std::atomic<int> ran{0};
    const Status s = RunJobsInParallel(50, threads, [&](size_t i) {
      ++ran;
      if (i == 7 || i == 31) return InvalidArgumentError("job " + std::to_string(i) + " failed");
      return Status::Ok();
    });
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), "job 7 failed");
    EXPECT_EQ(ran.load(), 50);
  }
}

TEST(RunJobsInParallel, NoJobsIsOkAndCallsNothing) {
  bool called = false;
  const Status s = RunJobsInParallel(
      0, 2,
      [&](size_t) {
        called = true;
        return Status::Ok();
      },
      [&](int, int) { called = true; });
  EXPECT_TRUE(s.ok());
  EXPECT_FALSE(called);
}

TEST(RunJobsInParallel, EachJobsOutputIsVisibleAfterwards) {
  std::vector<std::string> out(64);
  ASSERT_TRUE(RunJobsInParallel(out.size(), 2, [&](size_t i) {
                out[i] = std::string(i % 7 + 1, static_cast<char>('a' + i % 26));
                return Status::Ok();
              }).ok());
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i], std::string(i % 7 + 1, static_cast<char>('a' + i % 26)));
  }
}

TEST(JobGraph, AJobStartsAfterItsPrerequisitesAndSeesTheirOutput) {
  for (int threads : {1, 2, 4}) {
    for (int round = 0; round < 20; ++round) {
      // Layers: 40 jobs, then 1 that sums them, then 8 that each read the sum,
      // beside 30 independent jobs.
      std::vector<int> first(40, 0);
      int sum = 0;
      std::vector<int> third(8, 0);
      std::atomic<int> independent{0};
      JobGraph graph;
      std::vector<size_t> layer;
      for (size_t i = 0; i < first.size(); ++i) {
        layer.push_back(graph.Add([&first, i] {
          first[i] = static_cast<int>(i) + 1;
          return Status::Ok();
        }));
      }
      const size_t summed = graph.Add(
          [&] {
            for (int v : first) {
              if (v == 0) return InternalError("a prerequisite had not run");
              sum += v;
            }
            return Status::Ok();
          },
          layer, JobGraph::kUncounted);
      for (size_t k = 0; k < third.size(); ++k) {
        graph.Add(
            [&, k] {
              third[k] = sum + static_cast<int>(k);
              return Status::Ok();
            },
            {summed});
      }
      for (int i = 0; i < 30; ++i) {
        graph.Add([&] {
          ++independent;
          return Status::Ok();
        });
      }
      std::vector<int> progress;
      const Status s = RunJobGraph(graph, threads, [&](int done, int total) {
        EXPECT_EQ(total, 40 + 8 + 30);
        progress.push_back(done);
      });
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(sum, 40 * 41 / 2);
      for (size_t k = 0; k < third.size(); ++k) EXPECT_EQ(third[k], 820 + static_cast<int>(k));
      EXPECT_EQ(independent.load(), 30);
      ASSERT_EQ(progress.size(), 78u);
      for (size_t i = 0; i < progress.size(); ++i) EXPECT_EQ(progress[i], static_cast<int>(i + 1));
    }
  }
}

TEST(JobGraph, OfTheJobsThatMayStartTheLowestIndexStartsFirst) {
  // On one thread the order is exact: job 1 waits for job 0 and then goes
  // before jobs 2 and 3, which were ready all along; job 4 waits for 3.
  std::vector<int> order;
  JobGraph graph;
  auto record = [&order](int i) {
    return [&order, i] {
      order.push_back(i);
      return Status::Ok();
    };
  };
  graph.Add(record(0));
  graph.Add(record(1), {0});
  graph.Add(record(2));
  graph.Add(record(3));
  graph.Add(record(4), {3});
  graph.Add(record(5));
  ASSERT_TRUE(RunJobGraph(graph, 1).ok());
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));

  // Two threads: every job still runs after its prerequisite.
  for (int round = 0; round < 50; ++round) {
    std::mutex m;
    std::vector<int> seen;
    JobGraph g;
    auto note = [&](int i) {
      return [&, i] {
        std::lock_guard<std::mutex> lock(m);
        seen.push_back(i);
        return Status::Ok();
      };
    };
    g.Add(note(0));
    g.Add(note(1), {0});
    g.Add(note(2), {1});
    for (int i = 3; i < 12; ++i) g.Add(note(i));
    ASSERT_TRUE(RunJobGraph(g, 2).ok());
    ASSERT_EQ(seen.size(), 12u);
    const auto at = [&](int i) { return std::find(seen.begin(), seen.end(), i) - seen.begin(); };
    EXPECT_LT(at(0), at(1));
    EXPECT_LT(at(1), at(2));
  }
}

TEST(JobGraph, AFailedJobSkipsWhatWaitsForItAndTheLowestErrorIsReturned) {
  for (int threads : {1, 2}) {
    std::atomic<int> ran{0};
    std::vector<int> ran_job(8, 0);
    JobGraph graph;
    auto job = [&](int i, bool fail) {
      return [&, i, fail] {
        ++ran;
        ran_job[static_cast<size_t>(i)] = 1;
        return fail ? DataLossError("job " + std::to_string(i) + " failed") : Status::Ok();
      };
    };
    graph.Add(job(0, false));
    graph.Add(job(1, true));        // Fails.
    graph.Add(job(2, false), {1});  // Skipped,
    graph.Add(job(3, false), {2});  // and so is what waits for it.
    graph.Add(job(4, false), {0});  // Its prerequisite succeeded.
    graph.Add(job(5, true));        // Fails too, but later in the order.
    graph.Add(job(6, false), {0, 3});
    graph.Add(job(7, false));
    int last = 0;
    const Status s = RunJobGraph(graph, threads, [&](int done, int total) {
      EXPECT_EQ(total, 8);
      last = done;
    });
    EXPECT_EQ(s.code(), StatusCode::kDataLoss);
    EXPECT_EQ(s.message(), "job 1 failed");
    EXPECT_EQ(ran_job, (std::vector<int>{1, 1, 0, 0, 1, 1, 0, 1}));
    EXPECT_EQ(ran.load(), 5);
    EXPECT_EQ(last, 8);  // Skipped jobs count as done, so progress reaches the total.
  }
}

TEST(JobGraph, APrerequisiteMustBeAddedBeforeTheJob) {
  bool called = false;
  JobGraph graph;
  graph.Add([&] {
    called = true;
    return Status::Ok();
  });
  graph.Add([&] { return Status::Ok(); }, {1});  // Itself.
  const Status s = RunJobGraph(graph, 2);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(called);
  JobGraph later;
  later.Add([&] { return Status::Ok(); }, {3});
  EXPECT_EQ(RunJobGraph(later, 1).code(), StatusCode::kInvalidArgument);
  JobGraph empty_job;
  empty_job.Add(nullptr);
  EXPECT_EQ(RunJobGraph(empty_job, 1).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace minsense::eval
