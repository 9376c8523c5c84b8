// The portable average-pooling micro-kernel body (qs8 and qu8), the reference
// the SIMD kernels must match bit for bit. Signature and contract:
// XQNN_AVGPOOL_UKERNEL_SIGNATURE (src/xqnn/microkernels.h).
//
// Per output pixel and channel: acc = init_bias + sum of the window's taps
// (wrapping int32 adds; the operator bounds the taps so nothing wraps), then
// gavgpool's requantization with the pixel's own scale:
//   out = round_half_even(clamp((float) acc * pixel_scale[px])) + output_zero_point
// (xqnn_scalar_avgpool_requantize of elementwise-scalar-template.h with the
// params' scale replaced).
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/elementwise-scalar-template.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

static inline void xqnn_scalar_avgpool_body(
    const bool is_signed, size_t output_pixels, size_t kernel_elements, size_t channels,
    const void** input, size_t input_offset, const void* pad, const float* pixel_scale,
    void* output, size_t output_stride, const void* params) {
  assert(output_pixels != 0);
  assert(kernel_elements != 0);
  assert(channels != 0);
  const union xqnn_q8_avgpool_minmax_params* p = params;
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    union xqnn_q8_avgpool_minmax_params pixel = *p;
    pixel.fp32_scalar.scale = pixel_scale[px];
    for (size_t c = 0; c < channels; c++) {
      int32_t acc = p->fp32_scalar.init_bias;
      for (size_t k = 0; k < kernel_elements; k++) {
        const uint8_t* row = input[k] == pad ? (const uint8_t*) pad : (const uint8_t*) input[k] + input_offset;
        acc = xqnn_wrapping_add_s32(acc, xqnn_scalar_load_q8(row + c, is_signed));
      }
      y[c] = xqnn_scalar_avgpool_requantize(acc, &pixel);
    }
    input += kernel_elements;
    y += output_stride;
  }
}

#define XQNN_SCALAR_AVGPOOL_KERNEL(fn, is_signed)                                                  \
  XQNN_AVGPOOL_UKERNEL_SIGNATURE(fn) {                                                             \
    xqnn_scalar_avgpool_body(is_signed, output_pixels, kernel_elements, channels, input,           \
                             input_offset, pad, pixel_scale, output, output_stride, params);       \
  }
