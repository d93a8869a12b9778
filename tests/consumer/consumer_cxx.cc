// consumer_cxx.cc: builds against an installed minsense (C++ API) and checks
// that a synthetic walk comes out as WALKING egress messages.
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>

#include "minsense/v1/activity_update.pb.h"
#include "pipeline/pipeline.h"

int main() {
  minsense::v1::EgressPolicy policy = minsense::DefaultEgressPolicy();
  policy.set_emit_mode(minsense::v1::EgressPolicy::EMIT_EVERY_WINDOW);
  auto created = minsense::Pipeline::Create(minsense::DefaultPipelineOptions(), policy);
  if (!created.ok()) {
    std::fprintf(stderr, "consumer_cxx: %s\n", created.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<minsense::Pipeline> pipeline = std::move(created).value();
  // A walk at 114 steps a minute: a bounce with a sharp heel strike at each
  // step (a pure sine is what a pedalling thigh looks like), a weaker stride
  // component, and the sway of a carried phone.
  for (int i = 0; i < 60 * 100; ++i) {
    const double t = i / 100.0;
    const double phase = 2 * std::numbers::pi * 1.9 * t;
    const double from_strike = std::remainder(phase, 2 * std::numbers::pi);
    const double strike = 2.0 * std::exp(-0.5 * (from_strike / 0.3) * (from_strike / 0.3));
    const auto bounce =
        static_cast<float>(3.0 * (std::sin(phase) + 0.3 * std::sin(phase / 2) + strike));
    const auto sway_x = static_cast<float>(1.5 * std::sin(phase / 2));
    const auto sway_y = static_cast<float>(0.75 * std::cos(phase / 2));
    pipeline->PushAccel(minsense::AccelSample{t, sway_x, 0.3f + sway_y, 9.81f + bounce});
  }
  int walking = 0;
  minsense::v1::ActivityUpdate update;
  while (pipeline->Poll(&update)) walking += update.activity() == minsense::v1::ACTIVITY_WALKING;
  std::printf("consumer_cxx: %d WALKING messages; ledger %s\n", walking,
              minsense::LedgerToJson(pipeline->ledger()).c_str());
  return walking >= 20 ? 0 : 1;
}
