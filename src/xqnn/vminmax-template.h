// The generic bodies of the elementwise maximum / minimum micro-kernels
// (s8 / u8 vmax, vmaxc, vmin, vminc), over the XQNN_VBINARY_UKERNEL_SIGNATURE
// contract with `params` unused (NULL). They compare the stored values of the
// element type and requantize nothing (TFLite's MAXIMUM / MINIMUM compare the
// quantized values too), so every kernel gives the same bits by construction;
// test/vbinary.cc still checks each against a naive loop.
//
// The scalar body is included by *-scalar.c files; the SIMD body needs the
// byte vocabulary of src/xqnn/simd/<isa>.h (XQNN_SIMD_BYTES lanes, load /
// store / max / min of bytes), included first. Its last partial vector reads
// a whole vector of each input (an over-read of less than XQNN_SIMD_BYTES <=
// XQNN_EXTRA_BYTES) and stores only its elements.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/microkernels.h"

static inline int32_t xqnn_vminmax_load(const uint8_t* p, size_t i, bool is_signed) {
  return is_signed ? (int32_t) (int8_t) p[i] : (int32_t) p[i];
}

static inline void xqnn_scalar_vminmax_body(const bool is_signed, const bool is_max, const bool broadcast_b,
                                            size_t batch, const void* input_a, const void* input_b,
                                            void* output) {
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  for (size_t i = 0; i < batch; i++) {
    const int32_t va = xqnn_vminmax_load(a, i, is_signed);
    const int32_t vb = xqnn_vminmax_load(b, broadcast_b ? 0 : i, is_signed);
    y[i] = (uint8_t) (is_max ? (va > vb ? va : vb) : (va < vb ? va : vb));
  }
}

#define XQNN_SCALAR_VMINMAX_KERNEL(fn, is_signed, is_max, broadcast_b)                        \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                        \
    (void) params;                                                                            \
    xqnn_scalar_vminmax_body(is_signed, is_max, broadcast_b, batch, input_a, input_b, output); \
  }

#ifdef XQNN_SIMD_BYTES
_Static_assert(XQNN_SIMD_BYTES <= 64, "tail over-read must stay within XQNN_EXTRA_BYTES");

static XQNN_INLINE void xqnn_simd_vminmax_body(const bool is_signed, const bool is_max, const bool broadcast_b,
                                               size_t batch, const void* input_a, const void* input_b,
                                               void* output) {
  assert(batch != 0);
  assert(input_a != NULL);
  assert(input_b != NULL);
  assert(output != NULL);
  const uint8_t* a = input_a;
  const uint8_t* b = input_b;
  uint8_t* y = output;
  const xqnn_simd_x8 vb_broadcast = xqnn_simd_splat_x8(b[0]);
  for (size_t i = 0; i < batch; i += XQNN_SIMD_BYTES) {
    const xqnn_simd_x8 va = xqnn_simd_load_x8(a + i);
    const xqnn_simd_x8 vb = broadcast_b ? vb_broadcast : xqnn_simd_load_x8(b + i);
    const xqnn_simd_x8 vy = is_max ? xqnn_simd_max_x8(va, vb, is_signed) : xqnn_simd_min_x8(va, vb, is_signed);
    if (batch - i >= XQNN_SIMD_BYTES) {
      xqnn_simd_store_x8(y + i, vy);
    } else {
      xqnn_simd_store_x8_partial(y + i, vy, batch - i);
    }
  }
}

#define XQNN_SIMD_VMINMAX_KERNEL(fn, is_signed, is_max, broadcast_b)                         \
  XQNN_VBINARY_UKERNEL_SIGNATURE(fn) {                                                       \
    (void) params;                                                                           \
    xqnn_simd_vminmax_body(is_signed, is_max, broadcast_b, batch, input_a, input_b, output); \
  }
#endif
