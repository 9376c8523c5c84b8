// Table lookup, 4 bytes per iteration: y[i] = table[x[i]]. Table lookups
// cannot vectorise without gathers, so the loop only hides load latency.
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/microkernels.h"

void xqnn_x8_lut_ukernel_x4__scalar(size_t batch, const void* input, void* output, const void* params) {
  assert(batch != 0);
  const uint8_t* x = input;
  uint8_t* y = output;
  const uint8_t* table = params;
  for (; batch >= 4; batch -= 4) {
    const uint8_t t0 = table[x[0]], t1 = table[x[1]], t2 = table[x[2]], t3 = table[x[3]];
    x += 4;
    y[0] = t0;
    y[1] = t1;
    y[2] = t2;
    y[3] = t3;
    y += 4;
  }
  for (; batch != 0; batch--) {
    *y++ = table[*x++];
  }
}
