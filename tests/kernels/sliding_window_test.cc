// sliding_window_test.cc: ring order, wrap-around, capacity, and wiping of the storage.
#include "kernels/sliding_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <memory>
#include <random>
#include <span>
#include <utility>
#include <vector>

#include "tests/kernels/allocation_counter.h"

namespace minsense::kernels {
namespace {

std::vector<float> Ordered(const SlidingWindow& w) {
  std::vector<float> out(static_cast<std::size_t>(w.size()));
  w.CopyOrdered(out);
  return out;
}

bool AllZero(std::span<const float> s) {
  return std::all_of(s.begin(), s.end(), [](float v) { return v == 0.0f; });
}

TEST(SlidingWindowTest, InitRejectsNonPositiveCapacity) {
  SlidingWindow w;
  EXPECT_FALSE(w.Init(0));
  EXPECT_FALSE(w.Init(-3));
  EXPECT_EQ(w.capacity(), 0);
  EXPECT_FALSE(w.full());
  w.Push(1.0f);  // Ignored before a successful Init.
  EXPECT_EQ(w.size(), 0);
  EXPECT_TRUE(w.storage_for_testing().empty());
  ASSERT_TRUE(w.Init(3));
  w.Push(1.0f);
  EXPECT_FALSE(w.Init(-1));  // A failed re-Init leaves the window as it was.
  EXPECT_EQ(w.capacity(), 3);
  EXPECT_EQ(w.size(), 1);
}

TEST(SlidingWindowTest, KeepsOrderBeforeFull) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(5));
  EXPECT_EQ(w.capacity(), 5);
  EXPECT_EQ(w.size(), 0);
  EXPECT_TRUE(AllZero(w.storage_for_testing()));
  w.Push(1.0f);
  w.Push(2.0f);
  w.Push(3.0f);
  EXPECT_EQ(w.size(), 3);
  EXPECT_FALSE(w.full());
  std::vector<float> out(5, -1.0f);
  w.CopyOrdered(out);
  EXPECT_EQ(out, (std::vector<float>{1.0f, 2.0f, 3.0f, -1.0f, -1.0f}));
}

TEST(SlidingWindowTest, WrapsAroundKeepingTheNewest) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(4));
  for (int i = 1; i <= 10; ++i) w.Push(static_cast<float>(i));
  EXPECT_TRUE(w.full());
  EXPECT_EQ(w.size(), 4);
  EXPECT_EQ(Ordered(w), (std::vector<float>{7.0f, 8.0f, 9.0f, 10.0f}));
  // Ten pushes into four slots: slot i % 4 holds the last value written there.
  const std::span<const float> store = w.storage_for_testing();
  ASSERT_EQ(store.size(), 4u);
  EXPECT_EQ(std::vector<float>(store.begin(), store.end()),
            (std::vector<float>{9.0f, 10.0f, 7.0f, 8.0f}));
}

TEST(SlidingWindowTest, MatchesADequeOnRandomPushes) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-5.0f, 5.0f);
  SlidingWindow w;
  ASSERT_TRUE(w.Init(7));
  std::deque<float> reference;
  for (int i = 0; i < 100; ++i) {
    const float v = dist(rng);
    w.Push(v);
    reference.push_back(v);
    if (reference.size() > 7) reference.pop_front();
    ASSERT_EQ(w.size(), static_cast<int>(reference.size()));
    ASSERT_EQ(Ordered(w), std::vector<float>(reference.begin(), reference.end())) << i;
  }
}

TEST(SlidingWindowTest, ShortOutputGetsTheNewestSamples) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(5));
  for (int i = 1; i <= 7; ++i) w.Push(static_cast<float>(i));  // Holds 3..7.
  std::vector<float> out(2, -1.0f);
  w.CopyOrdered(out);
  EXPECT_EQ(out, (std::vector<float>{6.0f, 7.0f}));
  w.CopyOrdered({});  // Nothing to copy into: no crash.
}

// Newest(n): the newest n samples as pieces of the store, oldest first, before and after the
// store wraps; what is written through them is what CopyOrdered then reads.
TEST(SlidingWindowTest, NewestPiecesHoldTheNewestSamplesInOrder) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(7));
  std::deque<float> reference;
  for (int pushed = 1; pushed <= 30; ++pushed) {
    w.Push(static_cast<float>(pushed));
    reference.push_back(static_cast<float>(pushed));
    if (reference.size() > 7) reference.pop_front();
    for (int n = 1; n <= w.size(); ++n) {
      const SlidingWindow::Pieces pieces = w.Newest(n);
      std::vector<float> got(pieces.first.begin(), pieces.first.end());
      got.insert(got.end(), pieces.second.begin(), pieces.second.end());
      const std::vector<float> expected(reference.end() - n, reference.end());
      ASSERT_EQ(got, expected) << "pushed " << pushed << " n " << n;
    }
  }
  const SlidingWindow::Pieces pieces = w.Newest(5);
  for (float& v : pieces.first) v = -v;
  for (float& v : pieces.second) v = -v;
  EXPECT_EQ(Ordered(w), (std::vector<float>{24, 25, -26, -27, -28, -29, -30}));
}

// ZeroSlotAhead(k) zeroes the slot the (k + 1)-th next Push writes: in a full window, the
// (k + 1)-th oldest sample; nothing else changes.
TEST(SlidingWindowTest, ZeroSlotAheadZeroesWhatTheKthNextPushDrops) {
  for (int k = 0; k < 5; ++k) {
    SlidingWindow w;
    ASSERT_TRUE(w.Init(5));
    for (int i = 1; i <= 8; ++i) w.Push(static_cast<float>(i));  // Holds 4 .. 8, wrapped.
    w.ZeroSlotAhead(k);
    std::vector<float> expected = {4, 5, 6, 7, 8};
    expected[static_cast<std::size_t>(k)] = 0.0f;
    EXPECT_EQ(Ordered(w), expected) << "k " << k;
    for (int i = 0; i <= k; ++i) w.Push(100.0f + static_cast<float>(i));
    const std::vector<float> after = Ordered(w);
    EXPECT_EQ(std::count(after.begin(), after.end(), 0.0f), 0) << "k " << k;
  }
  SlidingWindow empty;
  empty.ZeroSlotAhead(0);  // Before Init: ignored.
  EXPECT_EQ(empty.size(), 0);
}

TEST(SlidingWindowTest, ClearZeroesEveryStoredValue) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(6));
  for (int i = 1; i <= 9; ++i) w.Push(static_cast<float>(i));
  EXPECT_FALSE(AllZero(w.storage_for_testing()));
  w.Clear();
  EXPECT_EQ(w.size(), 0);
  EXPECT_EQ(w.capacity(), 6);
  EXPECT_TRUE(AllZero(w.storage_for_testing()));
  w.Push(42.0f);
  w.Push(43.0f);
  EXPECT_EQ(Ordered(w), (std::vector<float>{42.0f, 43.0f}));
}

TEST(SlidingWindowTest, ReInitWithSameCapacityClearsWithoutAllocating) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(8));
  for (int i = 1; i <= 5; ++i) w.Push(static_cast<float>(i));
  const float* before = w.storage_for_testing().data();
  minsense::testing::ScopedAllocationCounter counter;
  ASSERT_TRUE(w.Init(8));
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(w.storage_for_testing().data(), before);
  EXPECT_EQ(w.size(), 0);
  EXPECT_TRUE(AllZero(w.storage_for_testing()));
}

TEST(SlidingWindowTest, ReInitWithNewCapacityWipesTheOldStorage) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(8));
  for (int i = 1; i <= 8; ++i) w.Push(static_cast<float>(i));
  const float* old_storage = w.storage_for_testing().data();
  minsense::testing::ScopedFreeSnapshot snapshot(old_storage, 8 * sizeof(float));
  ASSERT_TRUE(w.Init(16));
  EXPECT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
  EXPECT_EQ(w.capacity(), 16);
  EXPECT_EQ(w.size(), 0);
}

TEST(SlidingWindowTest, DestructorWipesBeforeFreeing) {
  auto w = std::make_unique<SlidingWindow>();
  ASSERT_TRUE(w->Init(300));
  for (int i = 0; i < 450; ++i) w->Push(9.81f + static_cast<float>(i));
  const float* storage = w->storage_for_testing().data();
  minsense::testing::ScopedFreeSnapshot snapshot(storage, 300 * sizeof(float));
  w.reset();
  EXPECT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
}

TEST(SlidingWindowTest, MoveTransfersAndMoveAssignWipesTheTarget) {
  SlidingWindow a;
  ASSERT_TRUE(a.Init(3));
  a.Push(1.0f);
  a.Push(2.0f);
  SlidingWindow b(std::move(a));
  EXPECT_EQ(a.capacity(), 0);  // NOLINT(bugprone-use-after-move): documented state.
  EXPECT_EQ(a.size(), 0);      // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(Ordered(b), (std::vector<float>{1.0f, 2.0f}));

  SlidingWindow c;
  ASSERT_TRUE(c.Init(4));
  c.Push(5.0f);
  const float* c_storage = c.storage_for_testing().data();
  minsense::testing::ScopedFreeSnapshot snapshot(c_storage, 4 * sizeof(float));
  c = std::move(b);
  EXPECT_TRUE(snapshot.captured());
  EXPECT_TRUE(snapshot.all_zero());
  EXPECT_EQ(c.capacity(), 3);
  EXPECT_EQ(Ordered(c), (std::vector<float>{1.0f, 2.0f}));
}

// PushBlock is Push of each value in order: the same stored values (the whole store, so the
// same head), size and order, for blocks shorter and longer than the window, empty ones, and
// blocks that wrap or fill it exactly, at several capacities.
TEST(SlidingWindowTest, PushBlockIsPushOneByOne) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-20.0f, 20.0f);
  for (const int capacity : {1, 2, 7, 16, 250}) {
    SlidingWindow one, block;
    ASSERT_TRUE(one.Init(capacity));
    ASSERT_TRUE(block.Init(capacity));
    std::uniform_int_distribution<int> length(0, 2 * capacity + 3);
    std::uniform_int_distribution<int> short_length(0, capacity / 3 + 1);
    for (int round = 0; round < 200; ++round) {
      if (round % 20 == 0) {  // Empty again: the next blocks fill the window part by part.
        one.Clear();
        block.Clear();
      }
      const int n = round % 5 == 4 ? capacity : round % 20 < 8 ? short_length(rng) : length(rng);
      std::vector<float> v(static_cast<std::size_t>(n));
      for (float& x : v) x = value(rng);
      for (const float x : v) one.Push(x);
      block.PushBlock(v);
      ASSERT_EQ(block.size(), one.size()) << capacity << " " << round;
      ASSERT_EQ(Ordered(block), Ordered(one)) << capacity << " " << round;
      const std::span<const float> a = block.storage_for_testing(), b = one.storage_for_testing();
      ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << capacity << " " << round;
    }
  }
  SlidingWindow uninitialised;
  const std::vector<float> v = {1.0f, 2.0f};
  uninitialised.PushBlock(v);  // Ignored before Init, as Push.
  EXPECT_EQ(uninitialised.size(), 0);
}

TEST(SlidingWindowTest, ProcessingDoesNotAllocate) {
  SlidingWindow w;
  ASSERT_TRUE(w.Init(300));
  std::vector<float> out(300);
  minsense::testing::ScopedAllocationCounter counter;
  for (int i = 0; i < 1000; ++i) {
    w.Push(static_cast<float>(i));
    if (i % 50 == 0) w.CopyOrdered(out);
  }
  w.PushBlock(std::span<const float>(out).first(123));
  w.Clear();
  EXPECT_EQ(counter.count(), 0);
}

}  // namespace
}  // namespace minsense::kernels
