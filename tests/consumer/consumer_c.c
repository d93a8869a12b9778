/* consumer_c.c: builds against an installed minsense (C API, shared
 * library) from C99 and checks that a synthetic walk yields messages. */
#include <math.h>
#include <stdio.h>

#include "pipeline/minsense_c.h"

int main(void) {
  static const uint8_t every_window[] = {0x08, 0x02}; /* emit_mode: EMIT_EVERY_WINDOW */
  static minsense_accel_sample samples[60 * 100];
  uint8_t message[MINSENSE_MAX_MESSAGE_BYTES];
  size_t size = 0;
  int i, messages = 0;
  minsense_ledger ledger;
  minsense_pipeline* p = NULL;

  if (minsense_create(NULL, 0, every_window, sizeof every_window, &p) != MINSENSE_OK) {
    fprintf(stderr, "consumer_c: %s\n", minsense_last_error());
    return 1;
  }
  /* A walk at 114 steps a minute: a bounce with a sharp heel strike at each
   * step (a pure sine is what a pedalling thigh looks like), a weaker stride
   * component, and the sway of a carried phone. */
  for (i = 0; i < 60 * 100; ++i) {
    const double t = i / 100.0;
    const double phase = 6.283185307179586 * 1.9 * t;
    const double from_strike = remainder(phase, 6.283185307179586);
    const double strike = 2.0 * exp(-0.5 * (from_strike / 0.3) * (from_strike / 0.3));
    samples[i].t_seconds = t;
    samples[i].x_mps2 = (float)(1.5 * sin(phase / 2));
    samples[i].y_mps2 = 0.3f + (float)(0.75 * cos(phase / 2));
    samples[i].z_mps2 = 9.81f + 3.0f * (float)(sin(phase) + 0.3 * sin(phase / 2) + strike);
  }
  minsense_push_accel(p, samples, 60 * 100);
  while (minsense_poll(p, message, sizeof message, &size) == MINSENSE_OK && size > 0) ++messages;
  minsense_get_ledger(p, &ledger, sizeof ledger);
  minsense_destroy(p);
  printf("consumer_c: %d messages, %llu bytes out, %llu local steps\n", messages,
         (unsigned long long)ledger.bytes_out, (unsigned long long)ledger.steps);
  return messages >= 20 && ledger.steps > 0 ? 0 : 1;
}
