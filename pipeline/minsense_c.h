/* minsense_c.h: the C API of minsense, for apps that embed it (Android via
 * JNI, iOS via Swift or Objective-C) and for any language with a C FFI.
 *
 * It wraps the C++ Pipeline (pipeline/pipeline.h) behind an opaque handle:
 * C99, no C++ type, no exception crosses it. Options and the egress policy go
 * in, and egress messages come out, as serialized protobuf bytes
 * (the .proto files in proto/minsense/v1/), so the app needs no protobuf runtime of its own
 * to forward them.
 *
 *   minsense_pipeline* p = NULL;
 *   if (minsense_create(NULL, 0, NULL, 0, &p) != MINSENSE_OK) {
 *     log("minsense: %s", minsense_last_error());
 *     return;
 *   }
 *   minsense_push_accel(p, samples, n);        (t in s, x/y/z in m/s^2)
 *   uint8_t msg[MINSENSE_MAX_MESSAGE_BYTES];
 *   size_t size = 0;
 *   while (minsense_poll(p, msg, sizeof msg, &size) == MINSENSE_OK && size > 0)
 *     send_to_recommender(msg, size);          (a minsense.v1.ActivityUpdate)
 *   minsense_destroy(p);                        (zeroes every raw buffer)
 *
 * Errors: every fallible call returns a minsense_status. On failure the
 * calling thread's last-error message (minsense_last_error) names the
 * argument, field or limit that failed and its unit; it never holds a sample
 * value or a coordinate.
 *
 * Thread safety: a minsense_pipeline is not synchronised. Use each pipeline
 * from one thread at a time (one pipeline per sensor thread, or hold your own
 * lock around every call on it). Different pipelines may be used from
 * different threads at once. The last-error message is per thread.
 *
 * Memory: minsense_create allocates every buffer; pushing samples and polling
 * messages never allocate. Raw samples live only inside the pipeline, in
 * bounded buffers that are zeroed on minsense_reset and minsense_destroy; the
 * caller's sample arrays are only read during the call.
 */
#ifndef MINSENSE_PIPELINE_MINSENSE_C_H_
#define MINSENSE_PIPELINE_MINSENSE_C_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define MINSENSE_C_EXPORT __attribute__((visibility("default")))
#else
#define MINSENSE_C_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* MINSENSE_C_API_VERSION is the version of this header; minsense_api_version()
 * returns the library's. They differ only when an app ships a header and a
 * library from different releases. */
#define MINSENSE_C_API_VERSION 1

/* MINSENSE_MAX_MESSAGE_BYTES bounds one serialized egress message
 * (minsense.v1.ActivityUpdate is 2 to 13 bytes today). A poll buffer of this
 * size is always large enough. */
#define MINSENSE_MAX_MESSAGE_BYTES 64

/* minsense_status is the result of every fallible call (after
 * absl::StatusCode). Values are stable. */
typedef enum minsense_status {
  MINSENSE_OK = 0,
  MINSENSE_ERR_INVALID_ARGUMENT = 1,    /* A NULL pointer, a bad size, a bad
                                           option or policy field. */
  MINSENSE_ERR_FAILED_PRECONDITION = 2, /* The pipeline is in the wrong state. */
  MINSENSE_ERR_OUT_OF_RANGE = 3,        /* A buffer too small (the call says
                                           how large it must be). */
  MINSENSE_ERR_DATA_LOSS = 4,           /* Bytes that do not parse as the
                                           expected protobuf message. */
  MINSENSE_ERR_UNIMPLEMENTED = 5,       /* Not supported by this version. */
  MINSENSE_ERR_OUT_OF_MEMORY = 6,       /* An allocation failed (create only). */
  MINSENSE_ERR_INTERNAL = 7             /* A bug in minsense. */
} minsense_status;

/* minsense_sensor names a sensor for consent. */
typedef enum minsense_sensor {
  MINSENSE_SENSOR_MOTION = 1,  /* Accelerometer (minsense_push_accel). */
  MINSENSE_SENSOR_LOCATION = 2 /* GPS (minsense_push_gps). */
} minsense_sensor;

/* minsense_accel_sample is one raw accelerometer reading, gravity included,
 * in the device frame. Android: t_seconds = SensorEvent.timestamp * 1e-9,
 * values[0..2] as they are. iOS (CMAccelerometerData, in g): multiply by
 * 9.80665. Timestamps must increase; repeated, backward, NaN/Inf and absurd
 * samples are dropped and counted in the ledger, never an error. */
typedef struct minsense_accel_sample {
  double t_seconds; /* Stream time, seconds, any origin. */
  float x_mps2;     /* m/s^2 */
  float y_mps2;
  float z_mps2;
} minsense_accel_sample;

/* minsense_gps_sample is one location fix: see minsense_push_gps. */
typedef struct minsense_gps_sample {
  double t_seconds;     /* Stream time, seconds, same clock as accel. */
  double latitude_deg;  /* WGS84 degrees. */
  double longitude_deg; /* WGS84 degrees. */
  double altitude_m;    /* Metres; NAN when unknown. */
} minsense_gps_sample;

/* minsense_ledger is the local transparency ledger: counts only, no sample
 * value, no timestamp, no coordinate. It never leaves the device. Fields are
 * only ever appended; pass sizeof(minsense_ledger) to minsense_get_ledger. */
typedef struct minsense_ledger {
  uint64_t samples_in;                  /* Samples offered (accepted + rejected). */
  uint64_t bytes_in;                    /* Raw bytes read from a source (0 via the C API). */
  uint64_t samples_accepted;            /* Samples that passed the ingest guard. */
  uint64_t rejected_non_finite;         /* NaN or infinite time or value. */
  uint64_t rejected_out_of_range;       /* An axis beyond max_abs_accel_mps2. */
  uint64_t rejected_out_of_order;       /* Earlier than the last accepted one. */
  uint64_t rejected_repeated_timestamp; /* Equal to the last accepted one. */
  uint64_t rejected_malformed_row;      /* A file row that did not parse. */
  uint64_t rejected_stuck_sensor;       /* All axes frozen (a dead sensor). */
  uint64_t rejected_clipped;            /* An axis pinned beyond 1.5 g. */
  uint64_t gap_resets;                  /* Window resets caused by gaps. */
  double seconds_accepted;              /* Stream time covered, seconds. */
  uint64_t windows;                     /* Analysis windows completed. */
  uint64_t messages_out;                /* Egress messages polled. */
  uint64_t bytes_out;                   /* Their serialized size. */
  uint64_t messages_dropped;            /* Built but never polled. */
  uint64_t activity_fields_out;         /* Messages that carried each field. */
  uint64_t confidence_fields_out;
  uint64_t cadence_fields_out;
  uint64_t time_bucket_fields_out;
  uint64_t masked_labels;       /* Labels masked to UNKNOWN by the policy. */
  uint64_t denied_samples;      /* Samples of a denied sensor, dropped at the door
                                   (accelerometer and GPS). */
  uint64_t raw_wipes;           /* Times raw buffers were zeroed (see ledger.h). */
  uint64_t raw_bytes_wiped;     /* Bytes zeroed, summed over the wipes. */
  double ldp_epsilon;           /* Per-message LDP epsilon; 0 = off. */
  uint64_t randomised_messages; /* Messages through randomised response. */
  uint64_t steps;               /* Local step count; never leaves. */
  uint64_t rejected_implausible_time; /* Over a day after the last accepted one. */
} minsense_ledger;

/* minsense_pipeline is an opaque handle to one analysis pipeline. */
typedef struct minsense_pipeline minsense_pipeline;

/* minsense_api_version returns MINSENSE_C_API_VERSION of the library. */
MINSENSE_C_EXPORT int minsense_api_version(void);

/* minsense_status_name returns the stable lower-case name of `status`
 * ("ok", "invalid_argument", ...). Never NULL; static storage. */
MINSENSE_C_EXPORT const char* minsense_status_name(minsense_status status);

/* minsense_last_error returns the message of the calling thread's last
 * failed call ("" if none). Valid until the next failing call on the same
 * thread; never NULL; never holds a sample value or a coordinate. */
MINSENSE_C_EXPORT const char* minsense_last_error(void);

/* minsense_create validates the options and the policy once, allocates
 * every buffer and stores the new pipeline in *out (NULL on failure).
 * `options` is a serialized minsense.v1.PipelineOptions and `policy` a
 * serialized minsense.v1.EgressPolicy (protobuf binary); NULL (with size 0)
 * means the built-in defaults. Returns MINSENSE_ERR_DATA_LOSS for bytes that
 * do not parse and MINSENSE_ERR_INVALID_ARGUMENT, naming the field and its
 * unit, for a value out of its range. Every sensor is allowed until
 * minsense_set_consent says otherwise. */
MINSENSE_C_EXPORT minsense_status minsense_create(const uint8_t* options, size_t options_size,
                                                  const uint8_t* policy, size_t policy_size,
                                                  minsense_pipeline** out);

/* minsense_destroy zeroes every raw buffer and frees the pipeline. NULL is a
 * no-op. */
MINSENSE_C_EXPORT void minsense_destroy(minsense_pipeline* pipeline);

/* minsense_set_consent records whether the user allows `sensor`; it takes
 * effect with the next sample. A denied sensor's samples are dropped at the
 * door (never buffered, never analysed) and counted in
 * minsense_ledger.denied_samples; withdrawing a sensor zeroes at once what
 * its samples left in the raw buffers; everything the other sensors allow
 * keeps working. */
MINSENSE_C_EXPORT minsense_status minsense_set_consent(minsense_pipeline* pipeline,
                                                       minsense_sensor sensor, int allowed);

/* minsense_push_accel offers `count` samples in time order. Bad samples are
 * dropped and counted by reason in the ledger; they are not an error.
 * `samples` may be NULL only when count is 0. */
MINSENSE_C_EXPORT minsense_status minsense_push_accel(minsense_pipeline* pipeline,
                                                      const minsense_accel_sample* samples,
                                                      size_t count);

/* minsense_push_gps offers `count` location fixes, on the accelerometer's
 * clock (interleave the two in time order). With location allowed, bad fixes
 * are dropped and counted; good ones are reduced to speeds at once (no
 * coordinate is kept beyond the next fix) and refine the labels: CYCLING and
 * IN_VEHICLE become possible, and without accelerometer data GPS alone gives
 * labels (no cadence). With location denied they are dropped at the door and
 * counted in denied_samples. No coordinate, speed or distance ever reaches a
 * message. `samples` may be NULL only when count is 0. */
MINSENSE_C_EXPORT minsense_status minsense_push_gps(minsense_pipeline* pipeline,
                                                    const minsense_gps_sample* samples,
                                                    size_t count);

/* minsense_poll moves the oldest pending egress message, a serialized
 * minsense.v1.ActivityUpdate, into buffer[0 .. *size) and returns
 * MINSENSE_OK; when none is pending it returns MINSENSE_OK with *size = 0.
 * A buffer of MINSENSE_MAX_MESSAGE_BYTES always fits. When `capacity` is
 * smaller than the next message it returns MINSENSE_ERR_OUT_OF_RANGE with
 * *size set to the size needed, and the message stays queued (buffer may be
 * NULL with capacity 0 to ask for the size). A message is taken from the
 * queue, and counted in the ledger, only once it is in `buffer`. At most 64
 * messages wait; poll at least once per 64 analysis windows (about 2
 * minutes) or the oldest are dropped and counted in messages_dropped. */
MINSENSE_C_EXPORT minsense_status minsense_poll(minsense_pipeline* pipeline, uint8_t* buffer,
                                                size_t capacity, size_t* size);

/* minsense_get_ledger copies the ledger into *out. Pass
 * sizeof(minsense_ledger) as out_size: a smaller (older) struct gets its
 * leading fields only. */
MINSENSE_C_EXPORT minsense_status minsense_get_ledger(const minsense_pipeline* pipeline,
                                                      minsense_ledger* out, size_t out_size);

/* minsense_ledger_json writes the ledger as one JSON object (the format of
 * `minsense replay --report`), NUL-terminated, into buffer. *length receives
 * the JSON length without the NUL; when capacity is too small it returns
 * MINSENSE_ERR_OUT_OF_RANGE with *length set to the length needed. */
MINSENSE_C_EXPORT minsense_status minsense_ledger_json(const minsense_pipeline* pipeline,
                                                       char* buffer, size_t capacity,
                                                       size_t* length);

/* minsense_finish marks the end of a stream (the app stops listening): the
 * raw buffers are zeroed now rather than at destruction, and pending messages
 * stay pollable. Pushing again starts a new segment. */
MINSENSE_C_EXPORT minsense_status minsense_finish(minsense_pipeline* pipeline);

/* minsense_reset zeroes the raw buffers, drops pending messages and restarts
 * analysis (for a new recording session); the ledger and consent are kept. */
MINSENSE_C_EXPORT minsense_status minsense_reset(minsense_pipeline* pipeline);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MINSENSE_PIPELINE_MINSENSE_C_H_ */
