// The one generic body of the SIMD max-pooling micro-kernels (s8 and u8) over
// the byte vocabulary of the including file (src/xqnn/simd/<isa>.h, included
// first: XQNN_SIMD_BYTES lanes, load / store / max / min / splat of bytes).
// Same results as src/xqnn/maxpool-scalar-template.h: max is exact, so the
// order of the comparisons does not matter.
//
// One channel tile (XQNN_SIMD_BYTES channels) at a time, all taps of the tile
// before the next, so the running maximum stays in a register. The last tile
// reads a whole vector of every tap (an over-read of less than
// XQNN_SIMD_BYTES <= XQNN_EXTRA_BYTES bytes, which the contract allows for
// inputs and the pad row) and stores only its channels.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

_Static_assert(XQNN_SIMD_BYTES <= 64, "tail over-read must stay within XQNN_EXTRA_BYTES");

static XQNN_INLINE void xqnn_simd_maxpool_body(
    const bool is_signed, size_t output_pixels, size_t kernel_elements, size_t channels,
    const void** input, size_t input_offset, const void* pad, void* output, size_t output_stride,
    const void* params) {
  assert(output_pixels != 0);
  assert(kernel_elements != 0);
  assert(channels != 0);
  const struct xqnn_x8_minmax_params* p = params;
  const xqnn_simd_x8 vmin = xqnn_simd_splat_x8(p->min);
  const xqnn_simd_x8 vmax = xqnn_simd_splat_x8(p->max);
  uint8_t* y = output;
  for (size_t px = 0; px < output_pixels; px++) {
    for (size_t c = 0; c < channels; c += XQNN_SIMD_BYTES) {
      xqnn_simd_x8 m = vmin;  // clamping below by output_min first changes no result
      for (size_t k = 0; k < kernel_elements; k++) {
        const uint8_t* row = input[k] == pad ? (const uint8_t*) pad : (const uint8_t*) input[k] + input_offset;
        m = xqnn_simd_max_x8(m, xqnn_simd_load_x8(row + c), is_signed);
      }
      m = xqnn_simd_min_x8(m, vmax, is_signed);
      if (channels - c >= XQNN_SIMD_BYTES) {
        xqnn_simd_store_x8(y + c, m);
      } else {
        xqnn_simd_store_x8_partial(y + c, m, channels - c);
      }
    }
    input += kernel_elements;
    y += output_stride;
  }
}

#define XQNN_SIMD_MAXPOOL_KERNEL(fn, is_signed)                                                   \
  XQNN_MAXPOOL_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_simd_maxpool_body(is_signed, output_pixels, kernel_elements, channels, input,            \
                           input_offset, pad, output, output_stride, params);                     \
  }
