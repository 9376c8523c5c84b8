// One generic AVX2 body for the MRx8c8 gemm and igemm micro-kernels of the
// int8-weight families (QS8-QC8W, QD8) for weights that hold -128 (QU8 has
// its own c2 body, gemm-avx2-madd-template.h); stamped per tile by
// XQNN_AVX2_GEMM_KERNEL / XQNN_AVX2_IGEMM_KERNEL with MR, the type and
// directness as compile-time constants. Numerics: gemm-x86-common.h.
//
// Packed weights (kr = 8, sr = 1), per block of 8 output channels:
//   int32 header[8]; int8 w[ks][kc / 8][8][8]; trailer (gemm-simd-epilogue.h).
// Register plan (MR = 3): per row, 4 accumulators acc[i][j] hold columns 2j
// (low 128 bits) and 2j + 1 (high 128 bits) as 4 partial int32 sums each; A's
// 8 bytes are sign-extended to int16 and repeated in both halves, W's 16
// bytes (2 columns x 8 k) sign-extended, and vpmaddwd adds pairs of products
// into int32. After K, three vphaddd and one vpermd put the 8 sums in column
// order. 12 accumulators + 3 A + 1 W = 16 ymm registers.
#pragma once

#include <immintrin.h>

#include "xqnn/fp16-sse2.h"
#include "xqnn/simd/avx2.h"
#include "xqnn/gemm-simd-epilogue.h"
#include "xqnn/gemm-x86-common.h"

// Header (int32 per column) -> row i's initial accumulator (QD8: times the
// row's negated zero point, the header being the column's weight sum).
static XQNN_INLINE __m256i xqnn_avx2_gemm_init_acc(const enum xqnn_x86_gemm_type type,
                                                   const struct xqnn_x86_gemm_tile* t, size_t i, __m256i vheader) {
  return xqnn_x86_gemm_is_qd8(type) ? _mm256_mullo_epi32(vheader, _mm256_set1_epi32(t->row_neg_zero_point[i]))
                                    : vheader;
}

static XQNN_INLINE __m256i xqnn_avx2_load_a8(const uint8_t* a) {
  const __m128i v = _mm_loadl_epi64((const __m128i*) a);
  return _mm256_cvtepi8_epi16(_mm_unpacklo_epi64(v, v));
}

static XQNN_INLINE void xqnn_avx2_gemm_body(
    const size_t MR, const enum xqnn_x86_gemm_type type, const bool indirect, size_t mr,
    size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride,
    size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  enum { NR = 8, KR = 8 };
  assert(!xqnn_x86_gemm_is_qu8(type));
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const __m256i vpermute = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);

  const uint8_t* wp = w;
  do {
    __m256i acc[XQNN_MAX_MR][4];
    for (size_t j = 0; j < 4; j++) {
      const __m256i vbias = _mm256_inserti128_si256(
          _mm256_castsi128_si256(_mm_cvtsi32_si128(xqnn_load_s32_unaligned(wp + 8 * j))),
          _mm_cvtsi32_si128(xqnn_load_s32_unaligned(wp + 8 * j + 4)), 1);
      for (size_t i = 0; i < MR; i++) acc[i][j] = xqnn_avx2_gemm_init_acc(type, &t, i, vbias);
    }
    wp += NR * sizeof(int32_t);

    const void** rows = a_indirect;
    size_t tap = ks;
    do {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
      for (size_t k = 0; k < kc_padded; k += KR) {
        __m256i va[XQNN_MAX_MR];
        for (size_t i = 0; i < MR; i++) va[i] = xqnn_avx2_load_a8(t.a_row[i] + k);
        for (size_t j = 0; j < 4; j++) {
          const __m256i vb = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*) (wp + 16 * j)));
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] = _mm256_add_epi32(acc[i][j], _mm256_madd_epi16(va[i], vb));
          }
        }
        wp += NR * KR;
      }
    } while (--tap != 0);

    struct xqnn_simd_gemm_trailer trailer;
    wp = xqnn_simd_gemm_load_trailer(type, &t, wp, &trailer);
    const size_t n = nc < NR ? nc : NR;
    const bool tflite_plain = xqnn_simd_gemm_tflite_is_plain(type, &t, &trailer);
#pragma GCC unroll 8
    for (size_t i = MR; i-- > 0;) {
      const __m256i vsum = _mm256_permutevar8x32_epi32(
          _mm256_hadd_epi32(_mm256_hadd_epi32(acc[i][0], acc[i][1]),
                            _mm256_hadd_epi32(acc[i][2], acc[i][3])),
          vpermute);
      xqnn_simd_gemm_store_row(type, &t, i, vsum, &trailer, n, tflite_plain);
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_AVX2_GEMM_KERNEL(fn, type, MR)                                                     \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_avx2_gemm_body(MR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL,  \
                        0, NULL, w, c, cm_stride, cn_stride, params, quantization_params);     \
  }

#define XQNN_AVX2_IGEMM_KERNEL(fn, type, MR)                                                    \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_avx2_gemm_body(MR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset,      \
                        zero, w, c, cm_stride, cn_stride, params, quantization_params);        \
  }
