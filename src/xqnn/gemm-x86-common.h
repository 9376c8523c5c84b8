// Plain-C parts shared by the SIMD gemm / igemm templates (x86:
// gemm-sse-template.h, gemm-avx2-template.h, gemm-avx512-template.h; ARM: gemm-neon-template.h): the
// data type of a kernel, its epilogue constants taken from the params, and the
// row pointers of a tile. The numerics are those of gemm-scalar-template.h,
// bit for bit:
//   QS8 / QU8: acc (int32, wrapping) -> (float) acc * scale -> max(min - zp)
//              -> min(max - zp) -> round half to even (cvtps2dq) + zp -> pack
//   QD8:       acc = ksum * (-zero_point[m]) + sum a * w -> (float) acc
//              * row scale * kernel scale + bias -> max(min) -> min(max)
//              (_mm_max_ps(v, min) returns min for NaN v, as xqnn_max_f32 does)
//
// Input offset (VNNI kernels, vpdpbusd is uint8 x int8): such kernels read A
// as a ^ 0x80. QS8: a + 128 as uint8, the packed bias reduced by 128 * sum(w)
// (xqnn_gemm_packing.input_offset = xqnn_gemm_input_offset(arch, false) =
// 128); QU8: a - 128 as int8 against the uint8 weights, the bias raised by
// 128 * sum(w) (input_offset -128; gemm-avx512-template.h); QD8 kernels
// subtract it from the row zero point instead (their header is sum(w)), so
// their packing is the ordinary one.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

enum xqnn_x86_gemm_type {
  xqnn_x86_gemm_qs8_qc8w,  // int8 A and W, per-channel float scale trailer
  xqnn_x86_gemm_qu8,       // uint8 A and W, kernel zero point and scale in params
  xqnn_x86_gemm_qd8_f32,   // int8 A quantized per row, f32 output
  xqnn_x86_gemm_qd8_f16,   // as qd8_f32 with IEEE fp16 output (xqnn_sse2_fp16_from_fp32)
  // TFLite requantization (trailer: int32 multiplier and exponent per column;
  // only on ISAs with XQNN_SIMD_HAS_TFLITE_MULTIPLY).
  xqnn_x86_gemm_qs8_qc8w_tflite,
  xqnn_x86_gemm_qu8_tflite,
};

// uint8 A and W, with a kernel zero point.
static XQNN_INLINE bool xqnn_x86_gemm_is_qu8(const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qu8 || type == xqnn_x86_gemm_qu8_tflite;
}

static XQNN_INLINE bool xqnn_x86_gemm_is_tflite(const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qs8_qc8w_tflite || type == xqnn_x86_gemm_qu8_tflite;
}

static XQNN_INLINE bool xqnn_x86_gemm_is_qd8(const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qd8_f32 || type == xqnn_x86_gemm_qd8_f16;
}

// Bytes of one output element.
static XQNN_INLINE size_t xqnn_x86_gemm_output_size(const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qd8_f32 ? sizeof(float) : type == xqnn_x86_gemm_qd8_f16 ? sizeof(uint16_t) : 1;
}

// Everything a tile needs besides A and W.
struct xqnn_x86_gemm_tile {
  uint8_t* c_row[XQNN_MAX_MR];
  const uint8_t* a_row[XQNN_MAX_MR];
  int32_t row_neg_zero_point[XQNN_MAX_MR];  // QD8: -(zero_point + input_offset), wrapping
  float row_scale[XQNN_MAX_MR];             // QD8
  float output_min;                         // QS8 / QU8: less the output zero point
  float output_max;
  float scale;              // QU8
  float magic_bias;         // QS8 / QU8: rounding (xqnn_fp32_round_magic)
  int32_t magic_bias_less_output_zero_point;
  int32_t kernel_zero_point;  // QU8
  int32_t output_zero_point;  // QS8 / QU8 (NEON body) and TFLite requantization
  // The output range less the zero point (QS8 / QU8, either scheme)
  int32_t output_min_less_zero_point;
  int32_t output_max_less_zero_point;
  bool output_range_is_full;  // [-128, 127] (QS8) or [0, 255] (QU8): clamping is narrowing with saturation
};

// Rows past mr alias row mr - 1 (read and written), as in the scalar kernels.
static XQNN_INLINE void xqnn_x86_gemm_tile_init(
    struct xqnn_x86_gemm_tile* t, const size_t MR, const enum xqnn_x86_gemm_type type,
    const bool indirect, const int32_t input_offset, size_t mr, const void* a, size_t a_stride,
    void* c, size_t cm_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  assert(mr != 0);
  assert(mr <= MR);
  assert(MR <= XQNN_MAX_MR);
  for (size_t i = 0; i < MR; i++) {
    const size_t row = xqnn_min_sz(i, mr - 1);
    t->c_row[i] = (uint8_t*) c + row * cm_stride;
    t->a_row[i] = indirect ? NULL : (const uint8_t*) a + row * a_stride;
    if (xqnn_x86_gemm_is_qd8(type)) {
      assert(quantization_params != NULL);
      const struct xqnn_quantization_params* q = &quantization_params[indirect ? 0 : row];
      t->row_neg_zero_point[i] = (int32_t) (0u - (uint32_t) q->zero_point - (uint32_t) input_offset);
      t->row_scale[i] = q->scale;
    }
  }
  if (xqnn_x86_gemm_is_tflite(type)) {
    const struct xqnn_q8_conv_minmax_tflite_params* p = params;
    t->kernel_zero_point = p->kernel_zero_point;
    t->output_zero_point = p->output_zero_point;
    t->output_min_less_zero_point = p->output_min - p->output_zero_point;
    t->output_max_less_zero_point = p->output_max - p->output_zero_point;
    t->output_range_is_full = type == xqnn_x86_gemm_qs8_qc8w_tflite ? p->output_min == -128 && p->output_max == 127
                                                                    : p->output_min == 0 && p->output_max == 255;
  } else if (xqnn_x86_gemm_is_qd8(type)) {
    const struct xqnn_f32_minmax_params* p = params;
    t->output_min = p->min;
    t->output_max = p->max;
  } else if (type == xqnn_x86_gemm_qu8) {
    const union xqnn_qu8_conv_minmax_params* p = params;
    t->output_min = p->fp32_scalar.output_min_less_zero_point;
    t->output_max = p->fp32_scalar.output_max_less_zero_point;
    t->scale = p->fp32_scalar.scale;
    t->output_zero_point = p->fp32_scalar.output_zero_point;
    t->magic_bias = p->fp32_scalar.magic_bias;
    t->magic_bias_less_output_zero_point = p->fp32_scalar.magic_bias_less_output_zero_point;
    t->kernel_zero_point = p->fp32_scalar.kernel_zero_point;
  } else {
    const union xqnn_qs8_qc8w_conv_minmax_params* p = params;
    t->output_min = p->fp32_scalar.output_min_less_zero_point;
    t->output_max = p->fp32_scalar.output_max_less_zero_point;
    t->output_zero_point = p->fp32_scalar.output_zero_point;
    t->magic_bias = p->fp32_scalar.magic_bias;
    t->magic_bias_less_output_zero_point = p->fp32_scalar.magic_bias_less_output_zero_point;
  }
  if (!xqnn_x86_gemm_is_tflite(type) && !xqnn_x86_gemm_is_qd8(type)) {
    // Integers held as floats (the output range less the zero point).
    t->output_min_less_zero_point = (int32_t) t->output_min;
    t->output_max_less_zero_point = (int32_t) t->output_max;
  }
}

// igemm: the rows of the next tap; returns the indirection pointer past them.
static XQNN_INLINE const void** xqnn_x86_gemm_tile_next_tap(
    struct xqnn_x86_gemm_tile* t, const size_t MR, const void** rows, size_t a_offset,
    const void* zero) {
  for (size_t i = 0; i < MR; i++) {
    const void* row = rows[i];
    t->a_row[i] = row == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) row + a_offset);
  }
  return rows + MR;
}

static XQNN_INLINE int32_t xqnn_load_s32_unaligned(const void* p) {
  int32_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}

static XQNN_INLINE uint64_t xqnn_load_u64_unaligned(const void* p) {
  uint64_t v;
  memcpy(&v, p, sizeof(v));
  return v;
}
