// corpus_evaluator.h: replays every recording of some corpora in parallel
// (oneTBB) and returns their metrics in manifest order, whatever the thread
// count, so that results are deterministic.
//
//   EvaluateOptions opts;
//   StatusOr<std::vector<RecordingMetrics>> m = EvaluateCorpora({dir}, opts);
#ifndef MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_
#define MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_

#include <functional>
#include <string>
#include <vector>

#include "tools/eval/evaluation.h"

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

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_CORPUS_EVALUATOR_H_
