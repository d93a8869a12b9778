/* capi_test.c: drives the C API (pipeline/minsense_c.h) end to end from C99,
 * the way an app's JNI or Swift glue does: create from serialized bytes, set
 * consent, push batches, poll protobuf bytes, read the ledger, reset,
 * destroy. It decodes the egress bytes itself (no protobuf runtime in C).
 *
 * Exit status 0 when every check passes; each failed check prints one line.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/minsense_c.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define CHECK_STATUS(expr, expected)                                                            \
  do {                                                                                          \
    minsense_status s_ = (expr);                                                                \
    if (s_ != (expected)) {                                                                     \
      fprintf(stderr, "%s:%d: %s returned %s (%s), expected %s\n", __FILE__, __LINE__, #expr,   \
              minsense_status_name(s_), minsense_last_error(), minsense_status_name(expected)); \
      ++failures;                                                                               \
    }                                                                                           \
  } while (0)

/* update is the decoded minsense.v1.ActivityUpdate. */
typedef struct update {
  uint32_t activity;
  uint32_t confidence;
  int has_cadence;
  uint32_t cadence_spm;
  uint32_t time_bucket_minutes;
} update;

enum { ACTIVITY_STILL = 1, ACTIVITY_WALKING = 2, ACTIVITY_UNKNOWN = 6 };

/* read_varint reads one base-128 varint; returns 0 on truncation. */
static int read_varint(const uint8_t** p, const uint8_t* end, uint64_t* value) {
  uint64_t v = 0;
  int shift = 0;
  while (*p < end && shift < 64) {
    const uint8_t byte = *(*p)++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *value = v;
      return 1;
    }
    shift += 7;
  }
  return 0;
}

/* decode_update parses the four varint fields of ActivityUpdate; any other
 * field or wire type is a failure (the schema has nothing else). */
static int decode_update(const uint8_t* bytes, size_t size, update* out) {
  const uint8_t* p = bytes;
  const uint8_t* end = bytes + size;
  memset(out, 0, sizeof *out);
  while (p < end) {
    uint64_t key = 0;
    uint64_t value = 0;
    if (!read_varint(&p, end, &key) || (key & 7) != 0) return 0;
    if (!read_varint(&p, end, &value) || value > UINT32_MAX) return 0;
    switch (key >> 3) {
      case 1:
        out->activity = (uint32_t)value;
        break;
      case 2:
        out->confidence = (uint32_t)value;
        break;
      case 3:
        out->has_cadence = 1;
        out->cadence_spm = (uint32_t)value;
        break;
      case 4:
        out->time_bucket_minutes = (uint32_t)value;
        break;
      default:
        return 0;
    }
  }
  return 1;
}

/* gait fills n samples of a synthetic walk at 100 Hz: gravity on z plus a
 * bounce at the step rate with a sharp heel-strike pulse at each step (real
 * gait is peaky; a pure sine looks like pedalling) and a weaker stride
 * component; the phone tilts with each stride (x, y sway), as a carried
 * phone does; with a little deterministic noise. */
static void gait(minsense_accel_sample* out, size_t n, double t0, double spm, float amplitude) {
  const double two_pi = 6.283185307179586;
  uint32_t rng = 12345u;
  size_t i;
  for (i = 0; i < n; ++i) {
    const double t = t0 + (double)i / 100.0;
    const double phase = two_pi * spm / 60.0 * t;
    const double from_strike = remainder(phase, two_pi);
    const double strike = 2.0 * exp(-0.5 * (from_strike / 0.3) * (from_strike / 0.3));
    float noise;
    rng = rng * 1664525u + 1013904223u;
    noise = ((float)(rng >> 8) / 16777216.0f - 0.5f) * 0.1f;
    out[i].t_seconds = t;
    out[i].x_mps2 = (float)(1.5 * sin(phase / 2)) + noise;
    out[i].y_mps2 = 0.3f + (float)(0.75 * cos(phase / 2)) - noise;
    out[i].z_mps2 = 9.81f + amplitude * (float)(sin(phase) + 0.3 * sin(phase / 2) + strike) + noise;
  }
}

/* drain polls every pending message; returns how many, counts WALKING ones
 * with cadence 115 spm in *walking_115. */
static int drain(minsense_pipeline* p, int* walking, int* walking_115) {
  uint8_t buffer[MINSENSE_MAX_MESSAGE_BYTES];
  size_t size = 0;
  int n = 0;
  for (;;) {
    update u;
    CHECK_STATUS(minsense_poll(p, buffer, sizeof buffer, &size), MINSENSE_OK);
    if (size == 0) break;
    ++n;
    CHECK(size >= 2 && size <= 13);
    CHECK(decode_update(buffer, size, &u));
    if (u.activity == ACTIVITY_WALKING) {
      ++*walking;
      CHECK(u.has_cadence);
      if (u.cadence_spm == 115) ++*walking_115;
    } else {
      CHECK(!u.has_cadence);
    }
    if (n > 1000) break;
  }
  return n;
}

static void test_errors(void) {
  /* heartbeat_minutes (field 2) = 0: out of its range. */
  static const uint8_t bad_policy[] = {0x10, 0x00};
  /* internal_rate_hz (field 1, float) = 5 Hz: out of [20, 200]. */
  static const uint8_t bad_options[] = {0x0d, 0x00, 0x00, 0xa0, 0x40};
  /* A truncated varint: not a message at all. */
  static const uint8_t garbage[] = {0x08};
  minsense_pipeline* p = (minsense_pipeline*)&failures; /* must be reset to NULL */

  CHECK(minsense_api_version() == MINSENSE_C_API_VERSION);
  CHECK(strcmp(minsense_status_name(MINSENSE_ERR_UNIMPLEMENTED), "unimplemented") == 0);

  CHECK_STATUS(minsense_create(NULL, 0, bad_policy, sizeof bad_policy, &p),
               MINSENSE_ERR_INVALID_ARGUMENT);
  CHECK(p == NULL);
  CHECK(strstr(minsense_last_error(), "heartbeat_minutes") != NULL);

  CHECK_STATUS(minsense_create(bad_options, sizeof bad_options, NULL, 0, &p),
               MINSENSE_ERR_INVALID_ARGUMENT);
  CHECK(strstr(minsense_last_error(), "internal_rate_hz") != NULL);
  CHECK(strstr(minsense_last_error(), "Hz") != NULL);

  CHECK_STATUS(minsense_create(garbage, sizeof garbage, NULL, 0, &p), MINSENSE_ERR_DATA_LOSS);
  CHECK(strstr(minsense_last_error(), "minsense.v1.PipelineOptions") != NULL);
  CHECK_STATUS(minsense_create(NULL, 3, NULL, 0, &p), MINSENSE_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(minsense_create(NULL, 0, NULL, 0, NULL), MINSENSE_ERR_INVALID_ARGUMENT);

  CHECK_STATUS(minsense_push_accel(NULL, NULL, 0), MINSENSE_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(minsense_reset(NULL), MINSENSE_ERR_INVALID_ARGUMENT);
  minsense_destroy(NULL);
}

static void test_walk_end_to_end(void) {
  /* emit_mode (field 1) = EMIT_EVERY_WINDOW (2). */
  static const uint8_t every_window[] = {0x08, 0x02};
  enum { kSeconds = 60, kCount = kSeconds * 100 };
  static minsense_accel_sample samples[kCount];
  minsense_accel_sample bad[3];
  minsense_gps_sample fix;
  minsense_pipeline* p = NULL;
  minsense_ledger ledger;
  uint8_t small[8];
  size_t size = 1;
  char json[2048];
  size_t json_length = 0;
  int walking = 0, walking_115 = 0, messages = 0;
  size_t i;

  CHECK_STATUS(minsense_create(NULL, 0, every_window, sizeof every_window, &p), MINSENSE_OK);
  if (p == NULL) return;

  /* Batches of 250 samples, as a sensor callback would deliver them. */
  gait(samples, kCount, 0.0, 114.0, 3.0f);
  for (i = 0; i < kCount; i += 250) {
    CHECK_STATUS(minsense_push_accel(p, samples + i, 250), MINSENSE_OK);
    messages += drain(p, &walking, &walking_115);
  }
  CHECK(messages >= 20);
  CHECK(walking >= 20);
  CHECK(walking_115 >= walking - 2);

  /* Bad samples are counted, not errors. */
  bad[0] = samples[kCount - 1];
  bad[0].t_seconds += 0.01;
  bad[0].x_mps2 = (float)NAN;
  bad[1] = samples[kCount - 1];
  bad[1].t_seconds += 0.02;
  bad[1].z_mps2 = 5000.0f;
  bad[2] = samples[0]; /* backwards in time */
  CHECK_STATUS(minsense_push_accel(p, bad, 3), MINSENSE_OK);

  /* Nothing is pending: no message, whatever the buffer. */
  CHECK_STATUS(minsense_poll(p, small, sizeof small, &size), MINSENSE_OK);
  CHECK(size == 0);

  memset(&ledger, 0xff, sizeof ledger);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.samples_in == kCount + 3);
  CHECK(ledger.samples_accepted == kCount);
  CHECK(ledger.rejected_non_finite == 1);
  CHECK(ledger.rejected_out_of_range == 1);
  CHECK(ledger.rejected_out_of_order == 1);
  CHECK(ledger.messages_out == (uint64_t)messages);
  CHECK(ledger.cadence_fields_out == (uint64_t)walking);
  CHECK(ledger.steps > 90 && ledger.steps < 120); /* about 114 spm for 60 s */
  CHECK(ledger.seconds_accepted > 59.0 && ledger.seconds_accepted < 60.0);
  CHECK(ledger.denied_samples == 0);

  /* Consent: denied motion is dropped at the door and counted. */
  CHECK_STATUS(minsense_set_consent(p, MINSENSE_SENSOR_MOTION, 0), MINSENSE_OK);
  gait(samples, 100, 70.0, 114.0, 3.0f);
  CHECK_STATUS(minsense_push_accel(p, samples, 100), MINSENSE_OK);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.samples_in == kCount + 3);
  CHECK(ledger.denied_samples == 100);
  CHECK_STATUS(minsense_set_consent(p, MINSENSE_SENSOR_MOTION, 1), MINSENSE_OK);
  CHECK_STATUS(minsense_set_consent(p, (minsense_sensor)9, 1), MINSENSE_ERR_INVALID_ARGUMENT);

  /* GPS: read while allowed (a lone fix, or (0, 0), changes no label);
   * dropped and counted while denied. */
  fix.t_seconds = 71.0;
  fix.latitude_deg = 51.5;
  fix.longitude_deg = -0.1;
  fix.altitude_m = NAN;
  CHECK_STATUS(minsense_push_gps(p, &fix, 1), MINSENSE_OK);
  fix.t_seconds = 72.0;
  fix.latitude_deg = 0.0;
  fix.longitude_deg = 0.0;
  CHECK_STATUS(minsense_push_gps(p, &fix, 1), MINSENSE_OK);
  CHECK_STATUS(minsense_push_gps(p, NULL, 1), MINSENSE_ERR_INVALID_ARGUMENT);
  CHECK(strstr(minsense_last_error(), "51.5") == NULL);
  CHECK_STATUS(minsense_push_gps(p, NULL, 0), MINSENSE_OK);
  CHECK_STATUS(minsense_set_consent(p, MINSENSE_SENSOR_LOCATION, 0), MINSENSE_OK);
  CHECK_STATUS(minsense_push_gps(p, &fix, 1), MINSENSE_OK);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.denied_samples == 101);

  /* An older, shorter struct gets its leading fields only. */
  memset(&ledger, 0, sizeof ledger);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof(uint64_t)), MINSENSE_OK);
  CHECK(ledger.samples_in == kCount + 3);
  CHECK(ledger.bytes_in == 0 && ledger.samples_accepted == 0);

  CHECK_STATUS(minsense_ledger_json(p, NULL, 0, &json_length), MINSENSE_ERR_OUT_OF_RANGE);
  CHECK(json_length > 0 && json_length < sizeof json);
  CHECK_STATUS(minsense_ledger_json(p, json, sizeof json, &json_length), MINSENSE_OK);
  CHECK(strlen(json) == json_length);
  CHECK(strstr(json, "\"samples_in\":6003") != NULL);
  CHECK(strstr(json, "\"denied_samples\":101") != NULL);

  /* Reset restarts analysis and keeps the ledger; stillness follows. */
  CHECK_STATUS(minsense_reset(p), MINSENSE_OK);
  for (i = 0; i < kCount; ++i) {
    samples[i].t_seconds = 100.0 + (double)i / 100.0;
    samples[i].x_mps2 = 0.0f;
    samples[i].y_mps2 = 0.3f;
    samples[i].z_mps2 = 9.81f + 0.01f * (float)(i % 3);
  }
  CHECK_STATUS(minsense_push_accel(p, samples, kCount), MINSENSE_OK);
  CHECK_STATUS(minsense_finish(p), MINSENSE_OK);
  walking = 0;
  walking_115 = 0;
  messages = drain(p, &walking, &walking_115);
  CHECK(messages >= 20);
  CHECK(walking == 0);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.samples_accepted == 2 * kCount);

  minsense_destroy(p);
}

/* A poll buffer too small for the next message gets MINSENSE_ERR_OUT_OF_RANGE with the size
 * needed, and the message stays queued and uncounted: nothing is lost, and the ledger says
 * only what left. */
static void test_poll_small_buffer(void) {
  static const uint8_t every_window[] = {0x08, 0x02};
  enum { kCount = 1000 };
  static minsense_accel_sample samples[kCount];
  minsense_pipeline* p = NULL;
  minsense_ledger ledger;
  uint8_t tiny[2];
  uint8_t buffer[MINSENSE_MAX_MESSAGE_BYTES];
  size_t size = 0;
  size_t needed = 0;
  update u;

  CHECK_STATUS(minsense_create(NULL, 0, every_window, sizeof every_window, &p), MINSENSE_OK);
  if (p == NULL) return;
  gait(samples, kCount, 0.0, 114.0, 3.0f);
  CHECK_STATUS(minsense_push_accel(p, samples, kCount), MINSENSE_OK);

  CHECK_STATUS(minsense_poll(p, tiny, sizeof tiny, &size), MINSENSE_ERR_OUT_OF_RANGE);
  CHECK(size > sizeof tiny && size <= MINSENSE_MAX_MESSAGE_BYTES);
  needed = size;
  CHECK_STATUS(minsense_poll(p, NULL, 0, &size), MINSENSE_ERR_OUT_OF_RANGE);
  CHECK(size == needed);
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.messages_out == 0);
  CHECK(ledger.bytes_out == 0);
  CHECK(ledger.windows > 0);

  CHECK_STATUS(minsense_poll(p, buffer, needed, &size), MINSENSE_OK);
  CHECK(size == needed);
  CHECK(decode_update(buffer, size, &u));
  CHECK_STATUS(minsense_get_ledger(p, &ledger, sizeof ledger), MINSENSE_OK);
  CHECK(ledger.messages_out == 1);
  CHECK(ledger.bytes_out == needed);

  /* Nothing pending: OK with size 0, whatever the buffer. */
  while (minsense_poll(p, buffer, sizeof buffer, &size) == MINSENSE_OK && size > 0) {
  }
  CHECK_STATUS(minsense_poll(p, tiny, sizeof tiny, &size), MINSENSE_OK);
  CHECK(size == 0);
  CHECK_STATUS(minsense_poll(p, NULL, 4, &size), MINSENSE_ERR_INVALID_ARGUMENT);
  minsense_destroy(p);
}

int main(void) {
  test_errors();
  test_walk_end_to_end();
  test_poll_small_buffer();
  if (failures != 0) {
    fprintf(stderr, "capi_test: %d check(s) failed\n", failures);
    return EXIT_FAILURE;
  }
  printf("capi_test: all checks passed (C API version %d)\n", minsense_api_version());
  return EXIT_SUCCESS;
}
