// One generic 128-bit body for the MRx4c8 gemm and igemm micro-kernels of the
// int8 families (QS8-QC8W, QU8, QD8-F32), for SSE2, SSE4.1 and AVX (the same
// code; the file's compiler flags pick the instructions: SSE4.1 sign-extends
// with pmovsxbw, SSE2 with punpcklbw + psraw). Stamped per tile by
// XQNN_SSE_GEMM_KERNEL / XQNN_SSE_IGEMM_KERNEL with MR, the type and directness
// as compile-time constants. Numerics: gemm-x86-common.h.
//
// Packed weights (kr = 8, sr = 1), per block of 4 output channels:
//   int32 header[4]; int8/uint8 w[ks][kc / 8][4][8]; float trailer[4 or 8].
// Register plan (MR = 3): acc[i][j] holds 4 partial int32 sums of row i,
// column j; A's 8 bytes and each column's 8 bytes are extended to int16 (QU8:
// zero-extended, W minus the kernel zero point) and pmaddwd adds pairs of
// products exactly. After K, two unpack + add steps (no SSSE3 phaddd needed)
// give the 4 sums in column order. 12 accumulators + 3 A + 1 W registers.
#pragma once

#if defined(__SSE4_1__)
#include "xqnn/simd/sse41.h"
#else
#include "xqnn/simd/sse2.h"
#endif
#include "xqnn/gemm-simd-epilogue.h"
#include "xqnn/gemm-x86-common.h"

// Low 8 bytes of v extended to 8 int16.
static XQNN_INLINE __m128i xqnn_sse_extend_lo(__m128i v, const enum xqnn_x86_gemm_type type) {
  if (xqnn_x86_gemm_is_qu8(type)) return _mm_unpacklo_epi8(v, _mm_setzero_si128());
#if defined(__SSE4_1__)
  return _mm_cvtepi8_epi16(v);
#else
  return _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8);
#endif
}

// High 8 bytes of v extended to 8 int16.
static XQNN_INLINE __m128i xqnn_sse_extend_hi(__m128i v, const enum xqnn_x86_gemm_type type) {
  if (xqnn_x86_gemm_is_qu8(type)) return _mm_unpackhi_epi8(v, _mm_setzero_si128());
#if defined(__SSE4_1__)
  return _mm_cvtepi8_epi16(_mm_unpackhi_epi64(v, v));
#else
  return _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8);
#endif
}

static XQNN_INLINE void xqnn_sse_gemm_body(
    const size_t MR, const enum xqnn_x86_gemm_type type, const bool indirect, size_t mr,
    size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride, const void** a_indirect,
    size_t a_offset, const void* zero, const void* w, void* c, size_t cm_stride,
    size_t cn_stride, const void* params,
    const struct xqnn_quantization_params* quantization_params) {
  enum { NR = 4, KR = 8 };
  assert(nc != 0);
  assert(kc != 0);
  assert(ks != 0);
  struct xqnn_x86_gemm_tile t;
  xqnn_x86_gemm_tile_init(&t, MR, type, indirect, /*input_offset=*/0, mr, a, a_stride, c,
                          cm_stride, params, quantization_params);
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const __m128i vkernel_zero_point = _mm_set1_epi16((int16_t) t.kernel_zero_point);
  const uint8_t* wp = w;
  do {
    __m128i acc[XQNN_MAX_MR][NR];
    for (size_t j = 0; j < NR; j++) {
      const __m128i vbias = _mm_cvtsi32_si128(xqnn_load_s32_unaligned(wp + 4 * j));
      for (size_t i = 0; i < MR; i++) {
        if (xqnn_x86_gemm_is_qd8(type)) {
          // One lane: a scalar wrapping product (SSE2 has no pmulld).
          acc[i][j] = _mm_cvtsi32_si128(xqnn_wrapping_mul_s32(
              xqnn_load_s32_unaligned(wp + 4 * j), t.row_neg_zero_point[i]));
        } else {
          acc[i][j] = vbias;
        }
      }
    }
    wp += NR * sizeof(int32_t);

    const void** rows = a_indirect;
    size_t tap = ks;
    do {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
      for (size_t k = 0; k < kc_padded; k += KR) {
        __m128i va[XQNN_MAX_MR];
        for (size_t i = 0; i < MR; i++) {
          va[i] = xqnn_sse_extend_lo(_mm_loadl_epi64((const __m128i*) (t.a_row[i] + k)), type);
        }
        for (size_t j = 0; j < NR; j += 2) {
          const __m128i vw = _mm_loadu_si128((const __m128i*) (wp + 8 * j));
          __m128i vb0 = xqnn_sse_extend_lo(vw, type);
          __m128i vb1 = xqnn_sse_extend_hi(vw, type);
          if (xqnn_x86_gemm_is_qu8(type)) {
            vb0 = _mm_sub_epi16(vb0, vkernel_zero_point);
            vb1 = _mm_sub_epi16(vb1, vkernel_zero_point);
          }
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] = _mm_add_epi32(acc[i][j], _mm_madd_epi16(va[i], vb0));
            acc[i][j + 1] = _mm_add_epi32(acc[i][j + 1], _mm_madd_epi16(va[i], vb1));
          }
        }
        wp += NR * KR;
      }
    } while (--tap != 0);

    struct xqnn_simd_gemm_trailer trailer;
    wp = xqnn_simd_gemm_load_trailer(type, &t, wp, &trailer);
    const size_t n = nc < NR ? nc : NR;
#pragma GCC unroll 8
    for (size_t i = MR; i-- > 0;) {
      // [c0 c2 c0 c2] and [c1 c3 c1 c3] partial pairs, then the 4 columns.
      const __m128i v02 = _mm_add_epi32(_mm_unpacklo_epi32(acc[i][0], acc[i][2]),
                                        _mm_unpackhi_epi32(acc[i][0], acc[i][2]));
      const __m128i v13 = _mm_add_epi32(_mm_unpacklo_epi32(acc[i][1], acc[i][3]),
                                        _mm_unpackhi_epi32(acc[i][1], acc[i][3]));
      const __m128i vsum = _mm_add_epi32(_mm_unpacklo_epi32(v02, v13), _mm_unpackhi_epi32(v02, v13));
      xqnn_simd_gemm_store_row(type, &t, i, vsum, &trailer, n, /*tflite_plain=*/false);
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_SSE_GEMM_KERNEL(fn, type, MR)                                                      \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                            \
    xqnn_sse_gemm_body(MR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL,   \
                       0, NULL, w, c, cm_stride, cn_stride, params, quantization_params);      \
  }

#define XQNN_SSE_IGEMM_KERNEL(fn, type, MR)                                                     \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                           \
    xqnn_sse_gemm_body(MR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset, zero, \
                       w, c, cm_stride, cn_stride, params, quantization_params);               \
  }
