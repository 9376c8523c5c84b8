// One generic body for every scalar gemm and igemm micro-kernel. Each kernel
// file stamps it out for one (data type, MR, NR) with XQNN_SCALAR_GEMM_KERNEL /
// XQNN_SCALAR_IGEMM_KERNEL; MR, NR, the data type and directness are
// compile-time constants there, so the compiler unrolls the loops and drops the
// branches that do not apply.
//
// Packed weights (kr = sr = 1), per block of NR output channels:
//   int32 bias[NR]                  (zero points folded in, see src/packing.c)
//   int8/uint8 w[ks][kc][NR]
//   float scale[NR]                 (qs8-qc8w only: requantization scale per channel)
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

#define XQNN_SCALAR_GEMM_MAX_NR 8

enum xqnn_scalar_gemm_type {
  xqnn_scalar_gemm_qs8_qc8w,
  xqnn_scalar_gemm_qu8,
};

static XQNN_INLINE int32_t xqnn_load_s32(const void* p) {
  int32_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE float xqnn_load_f32(const void* p) {
  float v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE void xqnn_scalar_gemm_body(
    const size_t MR, const size_t NR, const enum xqnn_scalar_gemm_type type, const bool indirect,
    size_t mr, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride, size_t cn_stride,
    const void* params) {
  assert(mr != 0);
  assert(mr <= MR);
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  assert(MR <= XQNN_MAX_MR);
  assert(NR <= XQNN_SCALAR_GEMM_MAX_NR);

  // Requantization constants of both parameter layouts (one is unused).
  const union xqnn_qs8_qc8w_conv_minmax_params* qs8_params = params;
  const union xqnn_qu8_conv_minmax_params* qu8_params = params;
  const bool is_qu8 = type == xqnn_scalar_gemm_qu8;
  const float output_min = is_qu8 ? qu8_params->fp32_scalar.output_min_less_zero_point
                                  : qs8_params->fp32_scalar.output_min_less_zero_point;
  const float output_max = is_qu8 ? qu8_params->fp32_scalar.output_max_less_zero_point
                                  : qs8_params->fp32_scalar.output_max_less_zero_point;
  const float magic_bias = is_qu8 ? qu8_params->fp32_scalar.magic_bias
                                  : qs8_params->fp32_scalar.magic_bias;
  const int32_t magic_bias_less_zero_point =
      is_qu8 ? qu8_params->fp32_scalar.magic_bias_less_output_zero_point
             : qs8_params->fp32_scalar.magic_bias_less_output_zero_point;
  const int32_t kernel_zero_point = is_qu8 ? qu8_params->fp32_scalar.kernel_zero_point : 0;

  // Rows past mr alias the last valid one; they are stored first so that the
  // valid row's values are written last.
  uint8_t* c_row[XQNN_MAX_MR];
  const uint8_t* a_row[XQNN_MAX_MR];
  for (size_t i = 0; i < MR; i++) {
    c_row[i] = i < mr ? (uint8_t*) c + i * cm_stride : c_row[i - 1];
    if (!indirect) {
      a_row[i] = i < mr ? (const uint8_t*) a + i * a_stride : a_row[i - 1];
    }
  }

  const uint8_t* wp = w;
  do {
    int32_t acc[XQNN_MAX_MR][XQNN_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      const int32_t bias = xqnn_load_s32(wp + j * sizeof(int32_t));
      for (size_t i = 0; i < MR; i++) acc[i][j] = bias;
    }
    wp += NR * sizeof(int32_t);

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
          const int32_t wv = is_qu8 ? (int32_t) wp[j] - kernel_zero_point : (int32_t) (int8_t) wp[j];
          for (size_t i = 0; i < MR; i++) {
            const int32_t av = is_qu8 ? (int32_t) a_row[i][k] : (int32_t) (int8_t) a_row[i][k];
            acc[i][j] = xqnn_wrapping_add_s32(acc[i][j], av * wv);
          }
        }
        wp += NR;
      }
    }

    float scale[XQNN_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      if (is_qu8) {
        scale[j] = qu8_params->fp32_scalar.scale;
      } else {
        scale[j] = xqnn_load_f32(wp + j * sizeof(float));
      }
    }
    if (!is_qu8) wp += NR * sizeof(float);

    uint8_t out[XQNN_MAX_MR][XQNN_SCALAR_GEMM_MAX_NR];
    for (size_t i = 0; i < MR; i++) {
      for (size_t j = 0; j < NR; j++) {
        float scaled = (float) acc[i][j] * scale[j];
        scaled = xqnn_max_f32(scaled, output_min);
        scaled = xqnn_min_f32(scaled, output_max);
        out[i][j] = (uint8_t) xqnn_fp32_round_magic(scaled, magic_bias, magic_bias_less_zero_point);
      }
    }

    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      memcpy(c_row[i], out[i], n);
      c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_SCALAR_GEMM_KERNEL(fn, type, MR, NR)                                              \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    (void) quantization_params;                                                                \
    xqnn_scalar_gemm_body(MR, NR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, \
                          NULL, 0, NULL, w, c, cm_stride, cn_stride, params);                  \
  }

#define XQNN_SCALAR_IGEMM_KERNEL(fn, type, MR, NR)                                             \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    (void) quantization_params;                                                                \
    xqnn_scalar_gemm_body(MR, NR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a,         \
                          a_offset, zero, w, c, cm_stride, cn_stride, params);                 \
  }
