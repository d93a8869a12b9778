// minsense_c.cc: the C API (minsense_c.h) over the C++ Pipeline.
//
// Every entry point is noexcept and catches everything: no exception crosses
// the C boundary. Error messages come from Status messages (which name
// fields and limits, never sample values) or are fixed strings here.
#include "pipeline/minsense_c.h"

#include <climits>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>

#include "pipeline/pipeline.h"

struct minsense_pipeline {
  std::unique_ptr<minsense::Pipeline> pipeline;
};

namespace {

static_assert(std::is_standard_layout_v<minsense_ledger>);
// A new RejectReason needs its field in minsense_ledger (appended at its end).
static_assert(minsense::kRejectReasonCount == 8, "add the new reason to minsense_ledger");

// The calling thread's last error. Set only on failure; an allocation
// failure while setting it leaves a fixed message instead.
thread_local std::string last_error;
thread_local const char* last_error_fallback = nullptr;

minsense_status Fail(minsense_status status, const char* message) noexcept {
  try {
    last_error = message;
    last_error_fallback = nullptr;
  } catch (...) {
    last_error_fallback = "out of memory while reporting an error";
  }
  return status;
}

minsense_status Fail(minsense_status status, const std::string& message) noexcept {
  return Fail(status, message.c_str());
}

minsense_status FromStatus(const minsense::Status& s) noexcept {
  switch (s.code()) {
    case minsense::StatusCode::kOk:
      return MINSENSE_OK;
    case minsense::StatusCode::kInvalidArgument:
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, s.message());
    case minsense::StatusCode::kFailedPrecondition:
      return Fail(MINSENSE_ERR_FAILED_PRECONDITION, s.message());
    case minsense::StatusCode::kOutOfRange:
      return Fail(MINSENSE_ERR_OUT_OF_RANGE, s.message());
    case minsense::StatusCode::kNotFound:
    case minsense::StatusCode::kDataLoss:
      return Fail(MINSENSE_ERR_DATA_LOSS, s.message());
    case minsense::StatusCode::kInternal:
      break;
  }
  return Fail(MINSENSE_ERR_INTERNAL, s.message());
}

// Guarded runs `body` and turns any escaping exception into a status.
template <typename Body>
minsense_status Guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(MINSENSE_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (...) {
    return Fail(MINSENSE_ERR_INTERNAL, "internal error: unexpected exception");
  }
}

// ParseOptional parses `size` bytes into *message; NULL/0 keeps the defaults.
template <typename Message>
minsense_status ParseOptional(const uint8_t* bytes, size_t size, const char* what,
                              Message* message) {
  if (bytes == nullptr) {
    if (size != 0) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, std::string(what) + " is NULL");
    return MINSENSE_OK;
  }
  if (size > static_cast<size_t>(INT_MAX)) {
    return Fail(MINSENSE_ERR_INVALID_ARGUMENT, std::string(what) + " is larger than 2 GiB");
  }
  if (!message->ParseFromArray(bytes, static_cast<int>(size))) {
    return Fail(MINSENSE_ERR_DATA_LOSS, std::string(what) + " is not a serialized " +
                                            std::string(Message::descriptor()->full_name()));
  }
  return MINSENSE_OK;
}

constexpr uint64_t Rejected(const minsense::Ledger& l, minsense::RejectReason r) {
  return l.rejected[static_cast<int>(r)];
}

}  // namespace

extern "C" {

int minsense_api_version(void) { return MINSENSE_C_API_VERSION; }

const char* minsense_status_name(minsense_status status) {
  switch (status) {
    case MINSENSE_OK:
      return "ok";
    case MINSENSE_ERR_INVALID_ARGUMENT:
      return "invalid_argument";
    case MINSENSE_ERR_FAILED_PRECONDITION:
      return "failed_precondition";
    case MINSENSE_ERR_OUT_OF_RANGE:
      return "out_of_range";
    case MINSENSE_ERR_DATA_LOSS:
      return "data_loss";
    case MINSENSE_ERR_UNIMPLEMENTED:
      return "unimplemented";
    case MINSENSE_ERR_OUT_OF_MEMORY:
      return "out_of_memory";
    case MINSENSE_ERR_INTERNAL:
      return "internal";
  }
  return "unknown";
}

const char* minsense_last_error(void) {
  return last_error_fallback != nullptr ? last_error_fallback : last_error.c_str();
}

minsense_status minsense_create(const uint8_t* options, size_t options_size, const uint8_t* policy,
                                size_t policy_size, minsense_pipeline** out) {
  return Guarded([&]() -> minsense_status {
    if (out == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    minsense::v1::PipelineOptions parsed_options = minsense::DefaultPipelineOptions();
    minsense::v1::EgressPolicy parsed_policy = minsense::DefaultEgressPolicy();
    if (minsense_status s = ParseOptional(options, options_size, "options", &parsed_options);
        s != MINSENSE_OK) {
      return s;
    }
    if (minsense_status s = ParseOptional(policy, policy_size, "policy", &parsed_policy);
        s != MINSENSE_OK) {
      return s;
    }
    auto created = minsense::Pipeline::Create(parsed_options, parsed_policy);
    if (!created.ok()) return FromStatus(created.status());
    auto handle = std::make_unique<minsense_pipeline>();
    handle->pipeline = std::move(created).value();
    *out = handle.release();
    return MINSENSE_OK;
  });
}

void minsense_destroy(minsense_pipeline* pipeline) {
  // ~Pipeline zeroes the raw buffers; it does not throw.
  delete pipeline;
}

minsense_status minsense_set_consent(minsense_pipeline* pipeline, minsense_sensor sensor,
                                     int allowed) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    minsense::Consent consent = pipeline->pipeline->consent();
    // A C caller may pass any int: read the bytes as an int, since loading an
    // out-of-range value as the C++ enum type is undefined behaviour.
    static_assert(sizeof(minsense_sensor) == sizeof(int));
    int sensor_value = 0;
    std::memcpy(&sensor_value, &sensor, sizeof sensor_value);
    switch (sensor_value) {
      case static_cast<int>(MINSENSE_SENSOR_MOTION):
        consent.motion = allowed != 0;
        break;
      case static_cast<int>(MINSENSE_SENSOR_LOCATION):
        consent.location = allowed != 0;
        break;
      default:
        return Fail(MINSENSE_ERR_INVALID_ARGUMENT,
                    "sensor must be MINSENSE_SENSOR_MOTION or MINSENSE_SENSOR_LOCATION");
    }
    pipeline->pipeline->SetConsent(consent);
    return MINSENSE_OK;
  });
}

minsense_status minsense_push_accel(minsense_pipeline* pipeline,
                                    const minsense_accel_sample* samples, size_t count) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    if (samples == nullptr && count != 0) {
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "samples is NULL but count is not 0");
    }
    minsense::Pipeline& p = *pipeline->pipeline;
    for (size_t i = 0; i < count; ++i) {
      const minsense_accel_sample& s = samples[i];
      p.PushAccel(minsense::AccelSample{s.t_seconds, s.x_mps2, s.y_mps2, s.z_mps2});
    }
    return MINSENSE_OK;
  });
}

minsense_status minsense_push_gps(minsense_pipeline* pipeline, const minsense_gps_sample* samples,
                                  size_t count) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    if (samples == nullptr && count != 0) {
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "samples is NULL but count is not 0");
    }
    // Consent is checked inside the pipeline, at its door: a denied fix is
    // counted and dropped, never buffered.
    minsense::Pipeline& p = *pipeline->pipeline;
    for (size_t i = 0; i < count; ++i) {
      minsense::GpsFix fix;
      fix.t_seconds = samples[i].t_seconds;
      fix.latitude_deg = samples[i].latitude_deg;
      fix.longitude_deg = samples[i].longitude_deg;
      fix.altitude_m = samples[i].altitude_m;
      p.PushGps(fix);
    }
    return MINSENSE_OK;
  });
}

minsense_status minsense_poll(minsense_pipeline* pipeline, uint8_t* buffer, size_t capacity,
                              size_t* size) {
  return Guarded([&]() -> minsense_status {
    if (size != nullptr) *size = 0;
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    if (size == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "size is NULL");
    if (buffer == nullptr && capacity != 0) {
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "buffer is NULL but capacity is not 0");
    }
    // The message is serialized before it is taken: a buffer too small, or a
    // failed serialization, leaves it queued and the ledger untouched.
    minsense::v1::ActivityUpdate update;
    if (!pipeline->pipeline->Peek(&update)) return MINSENSE_OK;
    const size_t bytes = update.ByteSizeLong();
    if (bytes > capacity) {
      *size = bytes;
      return Fail(MINSENSE_ERR_OUT_OF_RANGE,
                  "buffer too small for the next message; *size is the size needed "
                  "(MINSENSE_MAX_MESSAGE_BYTES always fits); the message stays queued");
    }
    if (bytes > static_cast<size_t>(INT_MAX) ||
        !update.SerializeToArray(buffer, static_cast<int>(bytes))) {
      return Fail(MINSENSE_ERR_INTERNAL, "the egress message did not serialize; it stays queued");
    }
    if (!pipeline->pipeline->Poll(&update)) {
      return Fail(MINSENSE_ERR_INTERNAL, "the egress message vanished while polled");
    }
    *size = bytes;
    return MINSENSE_OK;
  });
}

minsense_status minsense_get_ledger(const minsense_pipeline* pipeline, minsense_ledger* out,
                                    size_t out_size) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr || out == nullptr) {
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline or out is NULL");
    }
    using minsense::RejectReason;
    const minsense::Ledger& l = pipeline->pipeline->ledger();
    minsense_ledger c{};
    c.samples_in = l.samples_in;
    c.bytes_in = l.bytes_in;
    c.samples_accepted = l.samples_accepted;
    c.rejected_non_finite = Rejected(l, RejectReason::kNonFinite);
    c.rejected_out_of_range = Rejected(l, RejectReason::kOutOfRange);
    c.rejected_out_of_order = Rejected(l, RejectReason::kOutOfOrder);
    c.rejected_repeated_timestamp = Rejected(l, RejectReason::kRepeatedTimestamp);
    c.rejected_malformed_row = Rejected(l, RejectReason::kMalformedRow);
    c.rejected_stuck_sensor = Rejected(l, RejectReason::kStuckSensor);
    c.rejected_clipped = Rejected(l, RejectReason::kClipped);
    c.gap_resets = l.gap_resets;
    c.seconds_accepted = l.seconds_accepted;
    c.windows = l.windows;
    c.messages_out = l.messages_out;
    c.bytes_out = l.bytes_out;
    c.messages_dropped = l.messages_dropped;
    c.activity_fields_out = l.activity_fields_out;
    c.confidence_fields_out = l.confidence_fields_out;
    c.cadence_fields_out = l.cadence_fields_out;
    c.time_bucket_fields_out = l.time_bucket_fields_out;
    c.masked_labels = l.masked_labels;
    c.denied_samples = l.denied_samples;
    c.raw_wipes = l.raw_wipes;
    c.raw_bytes_wiped = l.raw_bytes_wiped;
    c.ldp_epsilon = l.ldp_epsilon;
    c.randomised_messages = l.randomised_messages;
    c.steps = l.steps;
    c.rejected_implausible_time = Rejected(l, RejectReason::kImplausibleTime);
    std::memcpy(out, &c, out_size < sizeof(c) ? out_size : sizeof(c));
    return MINSENSE_OK;
  });
}

minsense_status minsense_ledger_json(const minsense_pipeline* pipeline, char* buffer,
                                     size_t capacity, size_t* length) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr || length == nullptr) {
      return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline or length is NULL");
    }
    const minsense::Ledger& ledger = pipeline->pipeline->ledger();
    const std::string json = minsense::LedgerToJson(ledger);
    *length = json.size();
    if (buffer == nullptr || capacity < json.size() + 1) {
      return Fail(MINSENSE_ERR_OUT_OF_RANGE, "buffer too small for the ledger JSON; see *length");
    }
    std::memcpy(buffer, json.c_str(), json.size() + 1);
    return MINSENSE_OK;
  });
}

minsense_status minsense_finish(minsense_pipeline* pipeline) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    pipeline->pipeline->Finish();
    return MINSENSE_OK;
  });
}

minsense_status minsense_reset(minsense_pipeline* pipeline) {
  return Guarded([&]() -> minsense_status {
    if (pipeline == nullptr) return Fail(MINSENSE_ERR_INVALID_ARGUMENT, "pipeline is NULL");
    pipeline->pipeline->Reset();
    return MINSENSE_OK;
  });
}

}  // extern "C"
