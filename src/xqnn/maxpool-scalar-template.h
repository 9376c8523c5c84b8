// The portable max-pooling micro-kernel body (s8 and u8), the reference the
// SIMD kernels must match bit for bit. Signature and contract:
// XQNN_MAXPOOL_UKERNEL_SIGNATURE (src/xqnn/microkernels.h). Max pooling does
// not requantize: input and output share scale and zero point, so the result
// is a comparison of stored values followed by the output clamp.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

// Element `c` of `p` as an int32 of the element type.
static inline int32_t xqnn_maxpool_load(const uint8_t* p, size_t c, bool is_signed) {
  return is_signed ? (int32_t) (int8_t) p[c] : (int32_t) p[c];
}

static inline void xqnn_scalar_maxpool_body(
    const bool is_signed, size_t output_pixels, size_t kernel_elements, size_t channels,
    const void** input, size_t input_offset, const void* pad, void* output, size_t output_stride,
    const void* params) {
  assert(output_pixels != 0);
  assert(kernel_elements != 0);
  assert(channels != 0);
  const struct xqnn_x8_minmax_params* p = params;
  const int32_t vmin = is_signed ? (int32_t) (int8_t) p->min : (int32_t) p->min;
  const int32_t vmax = is_signed ? (int32_t) (int8_t) p->max : (int32_t) p->max;
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    for (size_t c = 0; c < channels; c++) {
      int32_t m = vmin;  // clamping below by output_min first changes no result
      for (size_t k = 0; k < kernel_elements; k++) {
        const uint8_t* row = input[k] == pad ? (const uint8_t*) pad : (const uint8_t*) input[k] + input_offset;
        const int32_t v = xqnn_maxpool_load(row, c, is_signed);
        m = v > m ? v : m;
      }
      m = m < vmax ? m : vmax;
      y[c] = (uint8_t) m;
    }
    input += kernel_elements;
    y += output_stride;
  }
}

#define XQNN_SCALAR_MAXPOOL_KERNEL(fn, is_signed)                                                  \
  XQNN_MAXPOOL_UKERNEL_SIGNATURE(fn) {                                                             \
    xqnn_scalar_maxpool_body(is_signed, output_pixels, kernel_elements, channels, input,           \
                             input_offset, pad, output, output_stride, params);                    \
  }
