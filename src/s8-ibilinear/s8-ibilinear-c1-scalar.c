// The portable s8 bilinear-interpolation micro-kernel, the reference of the
// SIMD ones: XQNN_IBILINEAR_UKERNEL_SIGNATURE (src/xqnn/microkernels.h).
// The weights' bounds keep every sum within int32.
#include <assert.h>

#include "xqnn/microkernels.h"

XQNN_IBILINEAR_UKERNEL_SIGNATURE(xqnn_s8_ibilinear_ukernel_c1__scalar) {
  assert(output_pixels != 0);
  assert(channels != 0);
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    const int8_t* x00 = (const int8_t*) ((uintptr_t) input[0] + input_offset);
    const int8_t* x01 = (const int8_t*) ((uintptr_t) input[1] + input_offset);
    const int8_t* x10 = (const int8_t*) ((uintptr_t) input[2] + input_offset);
    const int8_t* x11 = (const int8_t*) ((uintptr_t) input[3] + input_offset);
    const int32_t wx1 = weights[0], wy1 = weights[1];
    const int32_t wx0 = 1024 - wx1, wy0 = 1024 - wy1;
    for (size_t c = 0; c < channels; c++) {
      const int32_t top = x00[c] * wx0 + x01[c] * wx1;
      const int32_t bottom = x10[c] * wx0 + x11[c] * wx1;
      const int32_t acc = top * wy0 + bottom * wy1;
      // Round half away from zero, as TFLite's (acc +- 2^19) / 2^20.
      const int32_t q = (acc + (acc > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20);
      y[c] = (uint8_t) (int8_t) (q < -128 ? -128 : q > 127 ? 127 : q);
    }
    input += 4;
    weights += 2;
    y += output_stride;
  }
}
