// One generic body for the scalar QS16-QC8W gemm and igemm micro-kernels
// (TFLite's 16x8 scheme: int16 A with zero point 0, int8 weights packed as
// int16, int64 bias; layout in src/xqnn/packing.h, kr = 1). Each kernel file
// stamps it out for one (MR, NR) with XQNN_QS16_SCALAR_GEMM_KERNEL /
// XQNN_QS16_SCALAR_IGEMM_KERNEL.
//
// The accumulator starts at bias + 2^48 and stays in [0, 2^49) under create's
// bounds, so int64 never overflows; xqnn_qs16_requantize finishes it.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

#define XQNN_QS16_SCALAR_GEMM_MAX_NR 8

static XQNN_INLINE int32_t xqnn_load_s16_as_s32(const void* p) {
  int16_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE void xqnn_qs16_scalar_gemm_body(
    const size_t MR, const size_t NR, const bool indirect, size_t mr, size_t nc, size_t kc,
    size_t ks, const void* a, size_t a_stride, const void** a_indirect, size_t a_offset,
    const void* zero, const void* w, void* c, size_t cm_stride, size_t cn_stride,
    const void* params) {
  assert(mr != 0 && mr <= MR && MR <= XQNN_MAX_MR);
  assert(nc != 0 && kc != 0 && ks != 0);
  assert(NR <= XQNN_QS16_SCALAR_GEMM_MAX_NR);
  const struct xqnn_q8_conv_minmax_tflite_params* p = params;

  // Rows past mr alias the last valid one; they are stored first so that the
  // valid row's values are written last.
  uint8_t* c_row[XQNN_MAX_MR];
  const uint8_t* a_row[XQNN_MAX_MR];
  for (size_t i = 0; i < MR; i++) {
    const size_t row = xqnn_min_sz(i, mr - 1);
    c_row[i] = (uint8_t*) c + row * cm_stride;
    if (!indirect) a_row[i] = (const uint8_t*) a + row * a_stride;
  }

  const uint8_t* wp = w;
  do {
    int64_t acc[XQNN_MAX_MR][XQNN_QS16_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      int64_t bias;
      memcpy(&bias, wp + j * sizeof(int64_t), sizeof(bias));
      for (size_t i = 0; i < MR; i++) acc[i][j] = bias;
    }
    wp += NR * sizeof(int64_t);

    const void** tap_rows = a_indirect;
    for (size_t tap = 0; tap < ks; tap++) {
      if (indirect) {
        for (size_t i = 0; i < MR; i++) {
          const void* row = tap_rows[i];
          a_row[i] = row == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) row + a_offset);
        }
        tap_rows += MR;
      }
      for (size_t k = 0; k < kc; k++) {
        for (size_t j = 0; j < NR; j++) {
          const int32_t wv = xqnn_load_s16_as_s32(wp + j * sizeof(int16_t));
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] += xqnn_load_s16_as_s32(a_row[i] + k * sizeof(int16_t)) * wv;
          }
        }
        wp += NR * sizeof(int16_t);
      }
    }

    struct xqnn_qs16_multiplier m[XQNN_QS16_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      memcpy(&m[j].multiplier, wp + j * sizeof(uint32_t), sizeof(uint32_t));
      memcpy(&m[j].shift, wp + (NR + j) * sizeof(uint32_t), sizeof(uint32_t));
    }
    wp += 2 * NR * sizeof(uint32_t);

    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      for (size_t j = 0; j < n; j++) {
        const int16_t out = (int16_t) xqnn_qs16_requantize((uint64_t) acc[i][j], m[j],
                                                           p->output_min, p->output_max);
        memcpy(c_row[i] + j * sizeof(int16_t), &out, sizeof(out));
      }
      c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_QS16_SCALAR_GEMM_KERNEL(fn, MR, NR)                                                 \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    (void) quantization_params;                                                                \
    xqnn_qs16_scalar_gemm_body(MR, NR, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride,  \
                               NULL, 0, NULL, w, c, cm_stride, cn_stride, params);             \
  }

#define XQNN_QS16_SCALAR_IGEMM_KERNEL(fn, MR, NR)                                                \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    (void) quantization_params;                                                                \
    xqnn_qs16_scalar_gemm_body(MR, NR, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a,          \
                               a_offset, zero, w, c, cm_stride, cn_stride, params);            \
  }
