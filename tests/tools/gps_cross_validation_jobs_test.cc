// GpsCrossValidationJobs against its oracle, ExtractGpsWindows followed by
// CrossValidateByDay, on a synthetic GPS corpus.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/gps_track.h"
#include "tests/support/test_support.h"
#include "tools/eval/gps_transport_training.h"
#include "tools/eval/manifest.h"
#include "tools/eval/parallel_jobs.h"

namespace minsense::eval {
namespace {

using ::minsense::testing::TempDir;

void ExpectSameFigures(const GpsCrossValidation& a, const GpsCrossValidation& b) {
  EXPECT_EQ(a.folds, b.folds);
  EXPECT_EQ(a.days, b.days);
  EXPECT_EQ(a.windows, b.windows);
  EXPECT_EQ(a.correct, b.correct);
  EXPECT_EQ(a.impossible_windows, b.impossible_windows);
  EXPECT_EQ(a.correct_possible, b.correct_possible);
  EXPECT_EQ(a.confusion, b.confusion);
}

TEST(GpsCrossValidationJobs, GivesTheFiguresOfExtractAndCrossValidateWhateverTheThreads) {
  TempDir dir;
  const std::string folder = testing::WriteGpsCorpus(dir.path() / "gps", 7);
  GpsTrainingOptions options;
  options.threads = 1;
  const StatusOr<GpsCorpusWindows> windows = ExtractGpsWindows(folder, options);
  ASSERT_TRUE(windows.ok()) << windows.status().ToString();
  const GpsCrossValidation expected = CrossValidateByDay(*windows, options);
  ASSERT_EQ(windows->recordings, 21);  // The still recordings are not read.
  ASSERT_EQ(expected.days, 7);
  ASSERT_EQ(expected.folds, 5);
  ASSERT_GT(expected.windows, 400);
  ASSERT_GT(expected.correct, expected.windows / 2);  // The folds did train and score.

  const StatusOr<Corpus> corpus = LoadCorpus(folder);
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  for (int threads : {1, 2, 4}) {
    for (int folds : {2, 5, 50}) {
      GpsTrainingOptions o = options;
      o.threads = threads;
      o.folds = folds;
      GpsCrossValidationJobs jobs(*corpus, o);
      // Other work in the same graph, before and after (like eval's replays).
      std::atomic<int> other{0};
      JobGraph graph;
      graph.Add([&] {
        ++other;
        return Status::Ok();
      });
      jobs.AddTo(&graph);
      for (int i = 0; i < 20; ++i) {
        graph.Add([&] {
          ++other;
          return Status::Ok();
        });
      }
      std::vector<int> progress;
      ASSERT_TRUE(
          RunJobGraph(graph, threads, [&](int, int total) { progress.push_back(total); }).ok());
      ASSERT_TRUE(jobs.status().ok()) << jobs.status().ToString();
      EXPECT_EQ(other.load(), 21);
      // Progress counts the recordings (and the other jobs), not the folds.
      ASSERT_EQ(progress.size(), 21u + 21u);
      EXPECT_EQ(progress.front(), 42);
      EXPECT_EQ(jobs.corpus_name(), "gps");
      EXPECT_EQ(jobs.windows().windows.size(), windows->windows.size());
      EXPECT_EQ(jobs.windows().recording_ids, windows->recording_ids);
      EXPECT_EQ(jobs.windows().fixes_in, windows->fixes_in);
      EXPECT_EQ(jobs.windows().fixes_accepted, windows->fixes_accepted);
      EXPECT_EQ(jobs.windows().rejected, windows->rejected);
      SCOPED_TRACE("threads " + std::to_string(threads) + ", folds " + std::to_string(folds));
      ExpectSameFigures(jobs.cross_validation(), CrossValidateByDay(*windows, o));
      if (folds == 5) ExpectSameFigures(jobs.cross_validation(), expected);
    }
  }
}

TEST(GpsCrossValidationJobs, ReportsTheFirstUnreadableRecordingAndScoresNothing) {
  TempDir dir;
  const std::string folder = testing::WriteGpsCorpus(dir.path() / "gps", 6);
  // Two recordings disappear; the one earlier in the manifest is reported.
  std::filesystem::remove(std::filesystem::path(folder) / "rec/syn4-bike.gps.csv");
  std::filesystem::remove(std::filesystem::path(folder) / "rec/syn1-bus.gps.csv");
  const StatusOr<Corpus> corpus = LoadCorpus(folder);
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  const StatusOr<GpsCorpusWindows> oracle = ExtractGpsWindows(folder, {});
  ASSERT_FALSE(oracle.ok());
  for (int threads : {1, 2}) {
    GpsCrossValidationJobs jobs(*corpus, {});
    JobGraph graph;
    jobs.AddTo(&graph);
    int reported = 0;
    const Status s = RunJobGraph(graph, threads, [&](int done, int total) {
      reported = done;
      EXPECT_EQ(total, 18);
    });
    EXPECT_EQ(s.message(), oracle.status().message());
    EXPECT_EQ(jobs.status().message(), oracle.status().message());
    EXPECT_NE(jobs.status().message().find("syn1-bus.gps.csv"), std::string::npos)
        << jobs.status().message();
    EXPECT_EQ(reported, 18);  // Every recording counted, read or not.
    EXPECT_EQ(jobs.cross_validation().windows, 0);
  }
}

}  // namespace
}  // namespace minsense::eval
