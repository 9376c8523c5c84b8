// The vector vocabulary on AVX512-VNNI: AVX512SKX's, plus int16 tap pairs
// (README.md, "Tap pairs") whose multiply and add are one vpdpwssd
// (non-saturating, exact: pair sums of int16 products fit in int32).
#pragma once

#include "xqnn/simd/avx512skx.h"
#include "xqnn/simd/avx512vnni-accumulate.h"

#define XQNN_SIMD_HAS_MADD_PAIRS 1

// lo / hi += x0[c] * w0[c] + x1[c] * w1[c] over 32 channels in pair order, with
// w the 64 int16 weight pairs (w0, w1) of the two vectors, lo's first.
static XQNN_INLINE void xqnn_simd_madd_pair_q8(xqnn_simd_i32* lo, xqnn_simd_i32* hi, const uint8_t* x0,
                                               const uint8_t* x1, const int16_t* w, bool is_signed) {
  const __m256i b0 = _mm256_loadu_si256((const __m256i*) x0);
  const __m256i b1 = _mm256_loadu_si256((const __m256i*) x1);
  const __m512i a0 = is_signed ? _mm512_cvtepi8_epi16(b0) : _mm512_cvtepu8_epi16(b0);
  const __m512i a1 = is_signed ? _mm512_cvtepi8_epi16(b1) : _mm512_cvtepu8_epi16(b1);
  *lo = xqnn_avx512vnni_dpwssd(*lo, _mm512_unpacklo_epi16(a0, a1), _mm512_loadu_si512(w));
  *hi = xqnn_avx512vnni_dpwssd(*hi, _mm512_unpackhi_epi16(a0, a1), _mm512_loadu_si512(w + 32));
}

// The first n (<= 32) channels of a pair-ordered (lo, hi), narrowed with
// saturation to int8 / uint8 (as AVX2's packs do): the in-lane pack restores
// channel order.
static XQNN_INLINE void xqnn_simd_store_q8x2_pair_order(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                        bool is_signed, size_t n) {
  const __m256i bytes = is_signed ? _mm512_cvtsepi16_epi8(_mm512_packs_epi32(lo, hi))
                                  : _mm512_cvtusepi16_epi8(_mm512_packus_epi32(lo, hi));
  if (n >= 32) {
    _mm256_storeu_si256((__m256i*) p, bytes);
  } else {
    _mm256_mask_storeu_epi8(p, _cvtu32_mask32((UINT32_C(1) << n) - 1), bytes);
  }
}
