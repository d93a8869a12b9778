#include "tools/eval/parallel_jobs.h"

#include <gtest/gtest.h>

#include <atomic>
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

}  // namespace
}  // namespace minsense::eval
