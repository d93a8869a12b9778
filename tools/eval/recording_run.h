// recording_run.h: replays one manifest recording through a Pipeline and
// keeps what evaluation needs (per-window reports, the ledger, the egress
// messages) plus the ground-truth step times when the corpus has them.
#ifndef MINSENSE_TOOLS_EVAL_RECORDING_RUN_H_
#define MINSENSE_TOOLS_EVAL_RECORDING_RUN_H_

#include <memory>
#include <string>
#include <vector>

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/pipeline.h"
#include "tools/eval/manifest.h"

namespace minsense::eval {

// RunConfig is what every recording of one evaluation is replayed with.
struct RunConfig {
  v1::PipelineOptions options = DefaultPipelineOptions();
  v1::EgressPolicy policy = DefaultEgressPolicy();
  // decimate_to_hz > 0 keeps only the samples that fall on a grid of this
  // rate (a phone sensor running slower), to test rate independence.
  double decimate_to_hz = 0;
  // model: the activity model to run (null: the one compiled in).
  std::shared_ptr<const v1::ActivityModel> model;
};

// RecordingRun is the outcome of one replay.
struct RecordingRun {
  std::vector<WindowReport> windows;
  std::vector<v1::ActivityUpdate> messages;
  Ledger ledger;
  std::vector<double> true_steps;  // Seconds, same clock as the samples.
};

// RunRecording replays corpus_dir/entry.accel_file.
StatusOr<RecordingRun> RunRecording(const std::string& corpus_dir, const ManifestEntry& entry,
                                    const RunConfig& config);

// ReadStepTimes reads a `t` column file of ground-truth step times.
StatusOr<std::vector<double>> ReadStepTimes(const std::string& path);

}  // namespace minsense::eval

#endif  // MINSENSE_TOOLS_EVAL_RECORDING_RUN_H_
