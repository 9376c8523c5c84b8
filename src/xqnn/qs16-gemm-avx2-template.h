// One generic body for the AVX2 QS16-QC8W gemm and igemm micro-kernels
// (TFLite's 16x8 scheme), NR = 16, kr = 2: vpmaddwd multiplies a pair of int16
// inputs (broadcast) by the same pair of 16 channels' weights (packed as
// int16, src/xqnn/packing.h) and adds the two products in 32 bits.
//
// Exactness: each vpmaddwd lane is at most 2 * 2^15 * 2^7 = 2^23 in magnitude,
// so 32-bit partial sums of at most 128 pair steps (2^30) cannot overflow;
// they are then widened into int64 accumulators that start at the packed
// bias + 2^48. Create bounds the total to [0, 2^49), and the epilogue is
// xqnn_qs16_requantize in 64-bit lanes: (x * r) as two vpmuludq of the 32-bit
// halves of x (r < 2^15), a variable logical shift, and the int32 wrap is
// taking the low halves.
#pragma once

#include <assert.h>
#include <immintrin.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"
#include "xqnn/microparams.h"

// Pair steps whose 32-bit partial sums cannot overflow.
#define XQNN_QS16_AVX2_BLOCK_STEPS 128

static XQNN_INLINE __m256i xqnn_qs16_avx2_broadcast_pair(const uint8_t* p) {
  int32_t v;
  memcpy(&v, p, sizeof(v));
  return _mm256_set1_epi32(v);
}

// 64-bit lanes: ((x * r + 2^(s-1)) >> s) - r * 2^(48-s), x < 2^49, r < 2^15.
static XQNN_INLINE __m256i xqnn_qs16_avx2_requantize(__m256i x, __m256i multiplier, __m256i rounding,
                                                     __m256i shift, __m256i offset) {
  const __m256i low = _mm256_mul_epu32(x, multiplier);
  const __m256i high = _mm256_slli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(x, 32), multiplier), 32);
  const __m256i scaled = _mm256_add_epi64(_mm256_add_epi64(low, high), rounding);
  return _mm256_sub_epi64(_mm256_srlv_epi64(scaled, shift), offset);
}

// acc64 += the 32-bit partial sums of MR rows x 16 channels; the partial sums restart at 0.
static XQNN_INLINE void xqnn_qs16_avx2_widen(const size_t MR, __m256i acc[][2], __m256i acc64[][4]) {
  for (size_t i = 0; i < MR; i++) {
    for (size_t h = 0; h < 2; h++) {
      acc64[i][2 * h] = _mm256_add_epi64(acc64[i][2 * h], _mm256_cvtepi32_epi64(_mm256_castsi256_si128(acc[i][h])));
      acc64[i][2 * h + 1] =
          _mm256_add_epi64(acc64[i][2 * h + 1], _mm256_cvtepi32_epi64(_mm256_extracti128_si256(acc[i][h], 1)));
      acc[i][h] = _mm256_setzero_si256();
    }
  }
}

static XQNN_INLINE void xqnn_qs16_avx2_gemm_body(
    const size_t MR, const bool indirect, size_t mr, size_t nc, size_t kc, size_t ks, const void* a,
    size_t a_stride, const void** a_indirect, size_t a_offset, const void* zero, const void* w,
    void* c, size_t cm_stride, size_t cn_stride, const void* params) {
  assert(mr != 0 && mr <= MR && MR <= XQNN_MAX_MR);
  assert(nc != 0 && kc != 0 && ks != 0);
  const struct xqnn_q8_conv_minmax_tflite_params* p = params;
  const size_t kc_pairs = (kc + 1) / 2;  // the odd element meets zero weights

  uint8_t* c_row[XQNN_MAX_MR];
  const uint8_t* a_row[XQNN_MAX_MR];
  for (size_t i = 0; i < MR; i++) {
    const size_t row = xqnn_min_sz(i, mr - 1);
    c_row[i] = (uint8_t*) c + row * cm_stride;
    if (!indirect) a_row[i] = (const uint8_t*) a + row * a_stride;
  }
  const __m256i output_min = _mm256_set1_epi32(p->output_min);
  const __m256i output_max = _mm256_set1_epi32(p->output_max);
  const __m256i one = _mm256_set1_epi64x(1);
  const __m256i forty_eight = _mm256_set1_epi64x(48);

  const uint8_t* wp = w;
  do {
    // acc64[i][q]: channels 4q .. 4q + 3 of row i.
    __m256i acc64[XQNN_MAX_MR][4];
    for (size_t q = 0; q < 4; q++) {
      const __m256i bias = _mm256_loadu_si256((const __m256i*) (wp + q * 32));
      for (size_t i = 0; i < MR; i++) acc64[i][q] = bias;
    }
    wp += 16 * sizeof(int64_t);

    __m256i acc[XQNN_MAX_MR][2];
    for (size_t i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_si256();
    size_t steps = 0;  // pair steps in acc since the last widening
    const void** tap_rows = a_indirect;
    for (size_t tap = 0; tap < ks; tap++) {
      if (indirect) {
        for (size_t i = 0; i < MR; i++) {
          const void* row = tap_rows[i];
          a_row[i] = row == zero ? (const uint8_t*) zero : (const uint8_t*) ((uintptr_t) row + a_offset);
        }
        tap_rows += MR;
      }
      const uint8_t* ap[XQNN_MAX_MR];
      for (size_t i = 0; i < MR; i++) ap[i] = a_row[i];
      size_t remaining = kc_pairs;
      while (remaining != 0) {
        if (steps == XQNN_QS16_AVX2_BLOCK_STEPS) {
          xqnn_qs16_avx2_widen(MR, acc, acc64);
          steps = 0;
        }
        const size_t block = xqnn_min_sz(remaining, XQNN_QS16_AVX2_BLOCK_STEPS - steps);
        for (size_t s = 0; s < block; s++) {
          const __m256i b0 = _mm256_loadu_si256((const __m256i*) wp);
          const __m256i b1 = _mm256_loadu_si256((const __m256i*) (wp + 32));
          wp += 64;
          for (size_t i = 0; i < MR; i++) {
            const __m256i pair = xqnn_qs16_avx2_broadcast_pair(ap[i] + 4 * s);
            acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(pair, b0));
            acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(pair, b1));
          }
        }
        for (size_t i = 0; i < MR; i++) ap[i] += 4 * block;
        remaining -= block;
        steps += block;
      }
    }
    xqnn_qs16_avx2_widen(MR, acc, acc64);

    // Per-channel requantization constants of the 16 channels, 4 per vector.
    __m256i multiplier[4], shift[4], rounding[4], offset[4];
    for (size_t q = 0; q < 4; q++) {
      multiplier[q] = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*) (wp + q * 16)));
      shift[q] = _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i*) (wp + 64 + q * 16)));
      rounding[q] = _mm256_sllv_epi64(one, _mm256_sub_epi64(shift[q], one));
      offset[q] = _mm256_sllv_epi64(multiplier[q], _mm256_sub_epi64(forty_eight, shift[q]));
    }
    wp += 16 * 2 * sizeof(uint32_t);

    const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    const size_t n = nc < 16 ? nc : 16;
    for (size_t i = MR; i-- > 0;) {
      __m256i y32[2];
      for (size_t h = 0; h < 2; h++) {
        const __m256i r0 = xqnn_qs16_avx2_requantize(acc64[i][2 * h], multiplier[2 * h], rounding[2 * h],
                                                     shift[2 * h], offset[2 * h]);
        const __m256i r1 = xqnn_qs16_avx2_requantize(acc64[i][2 * h + 1], multiplier[2 * h + 1],
                                                     rounding[2 * h + 1], shift[2 * h + 1], offset[2 * h + 1]);
        // The low 32 bits of each lane: TFLite's cast to int32.
        const __m128i lo = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(r0, low_halves));
        const __m128i hi = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(r1, low_halves));
        y32[h] = _mm256_min_epi32(_mm256_max_epi32(_mm256_set_m128i(hi, lo), output_min), output_max);
      }
      // packs works within 128-bit halves: restore channel order.
      const __m256i out = _mm256_permute4x64_epi64(_mm256_packs_epi32(y32[0], y32[1]), 0xD8);
      if (n == 16) {
        _mm256_storeu_si256((__m256i*) c_row[i], out);
      } else {
        int16_t tmp[16];
        _mm256_storeu_si256((__m256i*) tmp, out);
        memcpy(c_row[i], tmp, n * sizeof(int16_t));
      }
      c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_QS16_AVX2_GEMM_KERNEL(fn, MR)                                                        \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    (void) quantization_params;                                                                \
    xqnn_qs16_avx2_gemm_body(MR, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL,  \
                             0, NULL, w, c, cm_stride, cn_stride, params);                     \
  }

#define XQNN_QS16_AVX2_IGEMM_KERNEL(fn, MR)                                                       \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    (void) quantization_params;                                                                \
    xqnn_qs16_avx2_gemm_body(MR, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset, zero, \
                             w, c, cm_stride, cn_stride, params);                              \
  }
