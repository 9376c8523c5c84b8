// One generic body for every scalar gemm and igemm micro-kernel. Each kernel
// file stamps it out for one (data type, MR, NR) with XQNN_SCALAR_GEMM_KERNEL /
// XQNN_SCALAR_IGEMM_KERNEL; MR, NR, the data type and directness are
// compile-time constants there, so the compiler unrolls the loops and drops the
// branches that do not apply.
//
// Packed weights (kr = sr = 1), per block of NR output channels:
//   int32 bias[NR]                  (zero points folded in, see src/packing.c;
//                                    QD8: sum of the channel's weights, ksum)
//   int8/uint8 w[ks][kc][NR]
//   float scale[NR]                 (qs8-qc8w: requantization scale per channel;
//                                    QD8: kernel scale per channel)
//   float bias[NR]                  (QD8 only)
// or, for kernels with TFLite requantization (qs8-qc8w and qu8),
//   int32 multiplier[NR], int32 exponent[NR]   (src/xqnn/requantization.h)
//
// QD8 output (row m of A quantized with zero_point[m], scale[m]; column n),
// in this order, in f32, each step a separate IEEE operation (no FMA):
//   acc  = ksum[n] * (-zero_point[m])                     int32, wrapping
//   acc += a[m][k] * w[n][k]  for every k (and tap)       int32, wrapping
//   out  = (float) acc
//   out  = out * scale[m]
//   out  = out * kernel_scale[n]
//   out  = out + bias[n]
//   out  = min(max(out, output_min), output_max)          (NaN -> output_min)
//   f16 output: fp16_ieee_from_fp32_value(out)            (round to nearest even)
// Padding rows of igemm must hold the image's zero point so that they add
// exactly 0 to acc.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <fp16.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"
#include "xqnn/requantization.h"

#define XQNN_SCALAR_GEMM_MAX_NR 8

enum xqnn_scalar_gemm_type {
  xqnn_scalar_gemm_qs8_qc8w,
  xqnn_scalar_gemm_qu8,
  xqnn_scalar_gemm_qd8_f32,  // int8 A quantized per row, f32 output
  xqnn_scalar_gemm_qd8_f16,  // as qd8_f32 with IEEE fp16 output
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
    const size_t MR, const size_t NR, const enum xqnn_scalar_gemm_type type, const bool tflite,
    const bool indirect,
    size_t mr, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride, size_t cn_stride,
    const void* params, const struct xqnn_quantization_params* quantization_params) {
  assert(mr != 0);
  assert(mr <= MR);
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  assert(MR <= XQNN_MAX_MR);
  assert(NR <= XQNN_SCALAR_GEMM_MAX_NR);
  assert(type != xqnn_scalar_gemm_qd8_f32 || quantization_params != NULL);
  assert(type != xqnn_scalar_gemm_qd8_f16 || quantization_params != NULL);

  // Requantization constants of both parameter layouts (one is unused).
  const union xqnn_qs8_qc8w_conv_minmax_params* qs8_params = params;
  const union xqnn_qu8_conv_minmax_params* qu8_params = params;
  const bool is_qu8 = type == xqnn_scalar_gemm_qu8;
  const bool is_qd8 = type == xqnn_scalar_gemm_qd8_f32 || type == xqnn_scalar_gemm_qd8_f16;
  const size_t out_size = type == xqnn_scalar_gemm_qd8_f32 ? 4 : type == xqnn_scalar_gemm_qd8_f16 ? 2 : 1;
  const struct xqnn_f32_minmax_params* f32_params = params;
  const float output_min = is_qd8 ? f32_params->min
                         : is_qu8 ? qu8_params->fp32_scalar.output_min_less_zero_point
                                  : qs8_params->fp32_scalar.output_min_less_zero_point;
  const float output_max = is_qd8 ? f32_params->max
                         : is_qu8 ? qu8_params->fp32_scalar.output_max_less_zero_point
                                  : qs8_params->fp32_scalar.output_max_less_zero_point;
  const float magic_bias = is_qd8 ? 0.0f
                         : is_qu8 ? qu8_params->fp32_scalar.magic_bias
                                  : qs8_params->fp32_scalar.magic_bias;
  const int32_t magic_bias_less_zero_point =
      is_qd8 ? 0
      : is_qu8 ? qu8_params->fp32_scalar.magic_bias_less_output_zero_point
               : qs8_params->fp32_scalar.magic_bias_less_output_zero_point;
  const struct xqnn_q8_conv_minmax_tflite_params* tflite_params = params;
  const int32_t kernel_zero_point = !is_qu8  ? 0
                                  : tflite ? tflite_params->kernel_zero_point
                                           : qu8_params->fp32_scalar.kernel_zero_point;

  // Rows past mr alias the last valid one; they are stored first so that the
  // valid row's values are written last.
  uint8_t* c_row[XQNN_MAX_MR];
  const uint8_t* a_row[XQNN_MAX_MR];
  // QD8: -zero_point and scale of each row (gemm: one entry per row, igemm:
  // entry 0 for all rows); the negation wraps for out-of-contract zero points.
  int32_t row_neg_zero_point[XQNN_MAX_MR];
  float row_scale[XQNN_MAX_MR];
  for (size_t i = 0; i < MR; i++) {
    const size_t row = xqnn_min_sz(i, mr - 1);
    c_row[i] = (uint8_t*) c + row * cm_stride;
    if (!indirect) {
      a_row[i] = (const uint8_t*) a + row * a_stride;
    }
    if (is_qd8) {
      const struct xqnn_quantization_params* q = &quantization_params[indirect ? 0 : row];
      row_neg_zero_point[i] = (int32_t) (0u - (uint32_t) q->zero_point);
      row_scale[i] = q->scale;
    }
  }

  const uint8_t* wp = w;
  do {
    int32_t acc[XQNN_MAX_MR][XQNN_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      const int32_t bias = xqnn_load_s32(wp + j * sizeof(int32_t));
      for (size_t i = 0; i < MR; i++) {
        acc[i][j] = is_qd8 ? xqnn_wrapping_mul_s32(bias, row_neg_zero_point[i]) : bias;
      }
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
    float float_bias[XQNN_SCALAR_GEMM_MAX_NR];
    int32_t multiplier[XQNN_SCALAR_GEMM_MAX_NR];
    int32_t exponent[XQNN_SCALAR_GEMM_MAX_NR];
    for (size_t j = 0; j < NR; j++) {
      if (tflite) {
        multiplier[j] = xqnn_load_s32(wp + j * sizeof(int32_t));
        exponent[j] = xqnn_load_s32(wp + (NR + j) * sizeof(int32_t));
        scale[j] = 0.0f;
      } else if (is_qu8) {
        scale[j] = qu8_params->fp32_scalar.scale;
      } else {
        scale[j] = xqnn_load_f32(wp + j * sizeof(float));
      }
      if (is_qd8) float_bias[j] = xqnn_load_f32(wp + (NR + j) * sizeof(float));
    }
    if (tflite) {
      wp += 2 * NR * sizeof(int32_t);
    } else {
      if (!is_qu8) wp += NR * sizeof(float);
      if (is_qd8) wp += NR * sizeof(float);
    }

    // Output bytes of each row (1, 2 or 4 per element).
    uint8_t out[XQNN_MAX_MR][XQNN_SCALAR_GEMM_MAX_NR * sizeof(float)];
    for (size_t i = 0; i < MR; i++) {
      for (size_t j = 0; j < NR; j++) {
        if (is_qd8) {
          float v = (float) acc[i][j];
          v = v * row_scale[i];
          v = v * scale[j];
          v = v + float_bias[j];
          v = xqnn_max_f32(v, output_min);
          v = xqnn_min_f32(v, output_max);
          if (type == xqnn_scalar_gemm_qd8_f16) {
            const uint16_t h = fp16_ieee_from_fp32_value(v);
            memcpy(&out[i][j * sizeof(h)], &h, sizeof(h));
          } else {
            memcpy(&out[i][j * sizeof(v)], &v, sizeof(v));
          }
        } else if (tflite) {
          const struct xqnn_tflite_multiplier m = {multiplier[j], exponent[j]};
          out[i][j] = (uint8_t) xqnn_tflite_requantize(
              acc[i][j], m, tflite_params->output_zero_point, tflite_params->output_min,
              tflite_params->output_max);
        } else {
          float scaled = (float) acc[i][j] * scale[j];
          scaled = xqnn_max_f32(scaled, output_min);
          scaled = xqnn_min_f32(scaled, output_max);
          out[i][j] = (uint8_t) xqnn_fp32_round_magic(scaled, magic_bias, magic_bias_less_zero_point);
        }
      }
    }

    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      memcpy(c_row[i], out[i], n * out_size);
      c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_SCALAR_GEMM_KERNEL_WITH(fn, type, tflite, MR, NR)                                 \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_scalar_gemm_body(MR, NR, type, tflite, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a,   \
                          a_stride, NULL, 0, NULL, w, c, cm_stride, cn_stride, params,         \
                          quantization_params);                                                \
  }

#define XQNN_SCALAR_IGEMM_KERNEL_WITH(fn, type, tflite, MR, NR)                                \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_scalar_gemm_body(MR, NR, type, tflite, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, \
                          a_offset, zero, w, c, cm_stride, cn_stride, params,                  \
                          quantization_params);                                                \
  }

// fp32 requantization (and QD8), and TFLite requantization (qs8-qc8w, qu8).
#define XQNN_SCALAR_GEMM_KERNEL(fn, type, MR, NR) XQNN_SCALAR_GEMM_KERNEL_WITH(fn, type, false, MR, NR)
#define XQNN_SCALAR_IGEMM_KERNEL(fn, type, MR, NR) XQNN_SCALAR_IGEMM_KERNEL_WITH(fn, type, false, MR, NR)
#define XQNN_SCALAR_GEMM_TFLITE_KERNEL(fn, type, MR, NR) XQNN_SCALAR_GEMM_KERNEL_WITH(fn, type, true, MR, NR)
#define XQNN_SCALAR_IGEMM_TFLITE_KERNEL(fn, type, MR, NR) XQNN_SCALAR_IGEMM_KERNEL_WITH(fn, type, true, MR, NR)
