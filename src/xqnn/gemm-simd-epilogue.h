// The epilogue every SIMD gemm / igemm body shares, over the vector
// vocabulary of the including kernel (src/xqnn/simd/<isa>.h): one block of
// NR = XQNN_SIMD_LANES output columns. The ISA's body accumulates and reduces
// each row to one vector of NR int32 sums in column order; this requantizes
// (QS8 / QU8) or scales (QD8) it and stores the block's first n columns.
// Numerics (gemm-x86-common.h), bit for bit those of gemm-scalar-template.h:
//   QS8 / QU8: (float) acc * scale -> max(min - zp) -> min(max - zp)
//              -> round half to even (magic bias) with zp -> bytes;
//              two-vector stores (AVX2, AVX512) the same bits with fewer
//              operations (xqnn_simd_gemm_requantize_q8_less_zero_point)
//   QD8:       (float) acc * row scale * kernel scale + bias -> max(min) -> min(max)
//   TFLite:    xqnn_tflite_requantize (on ISAs with XQNN_SIMD_HAS_TFLITE_MULTIPLY)
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/common.h"
#include "xqnn/gemm-x86-common.h"

#ifndef XQNN_SIMD_LANES
#error "include a vector vocabulary header (src/xqnn/simd/<isa>.h) first"
#endif

// The block's trailer after its weights: scale (QS8-QC8W / QD8; QU8's is in
// the params) and float bias (QD8).
struct xqnn_simd_gemm_trailer {
  xqnn_simd_f32 scale, float_bias;
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  struct xqnn_simd_tflite_multiplier tflite;  // TFLite requantization
#endif
};

// Trailer bytes of a block of nr columns: per column, scale (QS8-QC8W, QD8)
// and float bias (QD8), or the TFLite multiplier and exponent; each field is
// an array of nr values.
static XQNN_INLINE size_t xqnn_simd_gemm_trailer_size(const enum xqnn_x86_gemm_type type, size_t nr) {
  const size_t fields = xqnn_x86_gemm_is_tflite(type) || xqnn_x86_gemm_is_qd8(type) ? 2
                        : type == xqnn_x86_gemm_qu8                                ? 0
                                                                                   : 1;
  return fields * nr * sizeof(int32_t);
}

// The trailer of columns [j * LANES, (j + 1) * LANES) of a block of nr
// columns whose trailer starts at wp.
static XQNN_INLINE void xqnn_simd_gemm_load_trailer_block(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, const uint8_t* wp, size_t nr,
    size_t j, struct xqnn_simd_gemm_trailer* trailer) {
  const int32_t* field0 = (const int32_t*) wp + j * XQNN_SIMD_LANES;
  const int32_t* field1 = field0 + nr;
  trailer->float_bias = xqnn_simd_splat_f32(0.0f);
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  if (xqnn_x86_gemm_is_tflite(type)) {
    trailer->scale = xqnn_simd_splat_f32(0.0f);
    trailer->tflite = xqnn_simd_tflite_prepare(xqnn_simd_load_i32(field0), xqnn_simd_load_i32(field1));
    return;
  }
#endif
  if (type == xqnn_x86_gemm_qu8) {
    trailer->scale = xqnn_simd_splat_f32(t->scale);
    return;
  }
  trailer->scale = xqnn_simd_load_f32((const float*) field0);
  if (xqnn_x86_gemm_is_qd8(type)) trailer->float_bias = xqnn_simd_load_f32((const float*) field1);
}

// The trailer of a block of NR = XQNN_SIMD_LANES columns; returns the next block.
static XQNN_INLINE const uint8_t* xqnn_simd_gemm_load_trailer(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, const uint8_t* wp,
    struct xqnn_simd_gemm_trailer* trailer) {
  xqnn_simd_gemm_load_trailer_block(type, t, wp, XQNN_SIMD_LANES, 0, trailer);
  return wp + xqnn_simd_gemm_trailer_size(type, XQNN_SIMD_LANES);
}

// Whether a block's rows take the usual TFLite path: every multiplier below 1
// (right shifts only; the packing pads a partial block with such), and an
// output range that is the type's (real models' activations span it), where
// the clamp is the narrowing's saturation. Callers decide it once per block:
// tested per row, after each store through uint8_t*, it would be reloaded and
// retested.
static XQNN_INLINE bool xqnn_simd_gemm_tflite_is_plain(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t,
    const struct xqnn_simd_gemm_trailer* trailer) {
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  return xqnn_x86_gemm_is_tflite(type) && t->output_range_is_full && trailer->tflite.right_shifts &&
         !trailer->tflite.left_shifts;
#else
  (void) type, (void) t, (void) trailer;
  return false;
#endif
}

// QS8 / QU8 (fp32 scheme): one vector of sums requantized, with the output
// zero point (rounded half to even by the magic bias).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_gemm_requantize_fp32(const struct xqnn_x86_gemm_tile* t, xqnn_simd_i32 vsum,
                                                                const struct xqnn_simd_gemm_trailer* trailer) {
  xqnn_simd_f32 vf = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vsum), trailer->scale);
  vf = xqnn_simd_max_f32(vf, xqnn_simd_splat_f32(t->output_min));
  vf = xqnn_simd_min_f32(vf, xqnn_simd_splat_f32(t->output_max));
  return xqnn_simd_sub_i32(xqnn_simd_cast_f32_i32(xqnn_simd_add_f32(vf, xqnn_simd_splat_f32(t->magic_bias))),
                           xqnn_simd_splat_i32(t->magic_bias_less_output_zero_point));
}

#ifdef XQNN_SIMD_HAS_STORE_Q8X2_OFFSET
// QS8 / QU8, either scheme: one vector of sums requantized without the output
// zero point, for xqnn_simd_gemm_store_q8x2, which adds it and clamps below in
// saturating int16. fp32: (float) acc * scale clamped above only, rounded half
// to even by the conversion; as the bounds are integers, rounding and
// clamping commute, and a lane below min - zp (INT32_MIN below -2^31 included)
// ends at the lower bound: the magic bias's bits, 3 operations fewer per
// vector. TFLite, where xqnn_simd_gemm_tflite_is_plain: the multiplier's
// result, |y| < 1.5 * 2^30 (the narrowing saturates above).
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_gemm_requantize_q8_less_zero_point(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, xqnn_simd_i32 vsum,
    const struct xqnn_simd_gemm_trailer* trailer) {
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  if (xqnn_x86_gemm_is_tflite(type)) return xqnn_simd_tflite_multiply_prepared_as(vsum, &trailer->tflite, false, true);
#endif
  (void) type;
  const xqnn_simd_f32 vf = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vsum), trailer->scale);
  return xqnn_simd_round_f32_i32(xqnn_simd_min_f32(vf, xqnn_simd_splat_f32(t->output_max)));
}

// Two vectors of a row's QS8 / QU8 sums (lo's columns first) requantized to
// the first n outputs at out (fp32, or TFLite where both halves are plain).
static XQNN_INLINE void xqnn_simd_gemm_store_q8x2(const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t,
                                                  uint8_t* out, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                  const struct xqnn_simd_gemm_trailer* lo_trailer,
                                                  const struct xqnn_simd_gemm_trailer* hi_trailer, size_t n) {
  const bool is_signed = type == xqnn_x86_gemm_qs8_qc8w || type == xqnn_x86_gemm_qs8_qc8w_tflite;
  const xqnn_simd_i32 qlo = xqnn_simd_gemm_requantize_q8_less_zero_point(type, t, lo, lo_trailer);
  const xqnn_simd_i32 qhi = xqnn_simd_gemm_requantize_q8_less_zero_point(type, t, hi, hi_trailer);
  const int16_t zero_point = (int16_t) t->output_zero_point;
  const int16_t output_min = (int16_t) (t->output_min_less_zero_point + t->output_zero_point);
#if XQNN_SIMD_LANES == 16
  xqnn_simd_store_q8x2_offset(out, qlo, qhi, zero_point, output_min, is_signed, n);
#else
  assert(n == 2 * XQNN_SIMD_LANES);
  (void) n;
  xqnn_simd_store_q8x2_offset(out, qlo, qhi, zero_point, output_min, is_signed);
#endif
}

// QS8 / QU8: the MR rows of a block of two column vectors (acc[i][0] first,
// n > LANES outputs; nr columns of trailer at trailers), fp32, or TFLite
// where both trailers take the usual path, each row stored with one pack
// (xqnn_simd_gemm_store_q8x2; gemm-bench at K = 32, AVX512VNNI: QU8 TFLite
// +7% on Zen 5, QS8 fp32 +4..12% on Zen 4). Returns false, storing nothing,
// for QD8 and other TFLite blocks. (TFLite's output range tested first: a
// layer with a clamp of its own would otherwise prepare every block's
// multipliers twice.)
static XQNN_INLINE bool xqnn_simd_gemm_store_block_q8x2(const size_t MR, const enum xqnn_x86_gemm_type type,
                                                        const struct xqnn_x86_gemm_tile* t, xqnn_simd_i32 (*acc)[2],
                                                        const uint8_t* trailers, size_t nr, size_t n) {
  if (xqnn_x86_gemm_is_qd8(type) || (xqnn_x86_gemm_is_tflite(type) && !t->output_range_is_full)) return false;
  struct xqnn_simd_gemm_trailer lo, hi;
  xqnn_simd_gemm_load_trailer_block(type, t, trailers, nr, 0, &lo);
  xqnn_simd_gemm_load_trailer_block(type, t, trailers, nr, 1, &hi);
  if (xqnn_x86_gemm_is_tflite(type) &&
      !(xqnn_simd_gemm_tflite_is_plain(type, t, &lo) && xqnn_simd_gemm_tflite_is_plain(type, t, &hi))) {
    return false;
  }
#pragma GCC unroll 8
  for (size_t i = MR; i-- > 0;) xqnn_simd_gemm_store_q8x2(type, t, t->c_row[i], acc[i][0], acc[i][1], &lo, &hi, n);
  return true;
}
#endif

// Row i's XQNN_SIMD_LANES sums (column order) to its n <= XQNN_SIMD_LANES
// outputs at out; tflite_plain from xqnn_simd_gemm_tflite_is_plain.
static XQNN_INLINE void xqnn_simd_gemm_store(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, size_t i, uint8_t* out,
    xqnn_simd_i32 vsum, const struct xqnn_simd_gemm_trailer* trailer, size_t n, bool tflite_plain) {
#ifdef XQNN_SIMD_HAS_TFLITE_MULTIPLY
  if (xqnn_x86_gemm_is_tflite(type) && tflite_plain) {
    // y + zero point cannot overflow (|y| < 1.5 * 2^30); the narrowing saturates.
    const xqnn_simd_i32 y = xqnn_simd_tflite_multiply_prepared_as(vsum, &trailer->tflite, false, true);
    xqnn_simd_store_q8_saturated(out, xqnn_simd_add_i32(y, xqnn_simd_splat_i32(t->output_zero_point)),
                                 type == xqnn_x86_gemm_qs8_qc8w_tflite, n);
    return;
  }
  if (xqnn_x86_gemm_is_tflite(type)) {
    xqnn_simd_i32 y = xqnn_simd_tflite_multiply_prepared(vsum, &trailer->tflite);
    const bool is_signed = type == xqnn_x86_gemm_qs8_qc8w_tflite;
    y = xqnn_simd_max_i32(y, xqnn_simd_splat_i32(t->output_min_less_zero_point));
    y = xqnn_simd_min_i32(y, xqnn_simd_splat_i32(t->output_max_less_zero_point));
    y = xqnn_simd_add_i32(y, xqnn_simd_splat_i32(t->output_zero_point));
    if (n == XQNN_SIMD_LANES) {
      xqnn_simd_store_q8(out, y, is_signed);
    } else {
      xqnn_simd_store_q8_partial(out, y, is_signed, n);
    }
    return;
  }
#endif
  if (!xqnn_x86_gemm_is_qd8(type)) {
    const xqnn_simd_i32 q = xqnn_simd_gemm_requantize_fp32(t, vsum, trailer);
    const bool is_signed = type == xqnn_x86_gemm_qs8_qc8w;
    if (n == XQNN_SIMD_LANES) {
      xqnn_simd_store_q8(out, q, is_signed);
    } else {
      xqnn_simd_store_q8_partial(out, q, is_signed, n);
    }
    return;
  }
  xqnn_simd_f32 vf = xqnn_simd_mul_f32(xqnn_simd_cvt_i32_f32(vsum), xqnn_simd_splat_f32(t->row_scale[i]));
  vf = xqnn_simd_mul_f32(vf, trailer->scale);
  vf = xqnn_simd_add_f32(vf, trailer->float_bias);
  vf = xqnn_simd_max_f32(vf, xqnn_simd_splat_f32(t->output_min));
  vf = xqnn_simd_min_f32(vf, xqnn_simd_splat_f32(t->output_max));
  if (type == xqnn_x86_gemm_qd8_f16) {
    if (n == XQNN_SIMD_LANES) {
      xqnn_simd_store_f16((uint16_t*) out, vf);
    } else {
      xqnn_simd_store_f16_partial((uint16_t*) out, vf, n);
    }
  } else if (n == XQNN_SIMD_LANES) {
    xqnn_simd_store_f32((float*) out, vf);
  } else {
    xqnn_simd_store_f32_partial((float*) out, vf, n);
  }
}

// Row i's NR = XQNN_SIMD_LANES sums to its n <= NR outputs at t->c_row[i].
static XQNN_INLINE void xqnn_simd_gemm_store_row(
    const enum xqnn_x86_gemm_type type, const struct xqnn_x86_gemm_tile* t, size_t i, xqnn_simd_i32 vsum,
    const struct xqnn_simd_gemm_trailer* trailer, size_t n, bool tflite_plain) {
  xqnn_simd_gemm_store(type, t, i, t->c_row[i], vsum, trailer, n, tflite_plain);
}
