// The vector vocabulary on AVX512-VNNI: AVX512SKX's, plus int16 tap pairs
// (README.md, "Tap pairs") whose multiply and add are one vpdpwssd
// (non-saturating, exact: pair sums of int16 products fit in int32), and int8
// tap quads (README.md, "Tap quads") for one vpdpbusd.
#pragma once

#include "xqnn/simd/avx512skx.h"
#include "xqnn/simd/avx512vnni-accumulate.h"

#define XQNN_SIMD_HAS_MADD_PAIRS 1
#define XQNN_SIMD_HAS_DOT_QUADS 1

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

// The first n (<= 32) channels of a pair-ordered (lo, hi) as
// xqnn_avx512_pack_q8x2_offset narrows them: the in-lane pack restores
// channel order.
static XQNN_INLINE void xqnn_simd_store_q8x2_pair_order(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi,
                                                        int16_t zero_point, int16_t output_min, bool is_signed,
                                                        size_t n) {
  xqnn_avx512_store_u8x32(p, xqnn_avx512_pack_q8x2_offset(lo, hi, zero_point, output_min, is_signed), n);
}

// acc[0..3] += sum over u < 4 of x_u[c] * w[c][u], 64 int8 channels of 4
// taps in quad order: x + 128 (x ^ 0x80) as unsigned bytes times the int8
// weights (the packed bias holds -128 * the weights' sum), exact in int32.
// The byte then word interleaves work within 128-bit lanes: lane i of acc[k]
// is channel 16 * (i / 4) + 4 * k + i % 4.
static XQNN_INLINE void xqnn_simd_dot_quad_s8(xqnn_simd_i32 acc[4], const uint8_t* const x[4], const int8_t* w) {
  const __m512i flip = _mm512_set1_epi8((char) 0x80);
  const __m512i t0 = _mm512_xor_si512(_mm512_loadu_si512(x[0]), flip);
  const __m512i t1 = _mm512_xor_si512(_mm512_loadu_si512(x[1]), flip);
  const __m512i t2 = _mm512_xor_si512(_mm512_loadu_si512(x[2]), flip);
  const __m512i t3 = _mm512_xor_si512(_mm512_loadu_si512(x[3]), flip);
  const __m512i lo01 = _mm512_unpacklo_epi8(t0, t1), hi01 = _mm512_unpackhi_epi8(t0, t1);
  const __m512i lo23 = _mm512_unpacklo_epi8(t2, t3), hi23 = _mm512_unpackhi_epi8(t2, t3);
  acc[0] = xqnn_avx512vnni_dpbusd(acc[0], _mm512_unpacklo_epi16(lo01, lo23), _mm512_loadu_si512(w));
  acc[1] = xqnn_avx512vnni_dpbusd(acc[1], _mm512_unpackhi_epi16(lo01, lo23), _mm512_loadu_si512(w + 64));
  acc[2] = xqnn_avx512vnni_dpbusd(acc[2], _mm512_unpacklo_epi16(hi01, hi23), _mm512_loadu_si512(w + 128));
  acc[3] = xqnn_avx512vnni_dpbusd(acc[3], _mm512_unpackhi_epi16(hi01, hi23), _mm512_loadu_si512(w + 192));
}

// acc[0..3] += x[c] * w[c][0] for one tap (a kernel's last, alone in its
// quad; the packed weights of positions 1..3 are 0): no interleave, one
// in-lane byte shuffle per accumulator puts x + 128 of channel
// 16 * (i / 4) + 4 * k + i % 4 in byte 0 of lane i, zeros in the others.
static XQNN_INLINE void xqnn_simd_dot_single_s8(xqnn_simd_i32 acc[4], const uint8_t* x, const int8_t* w) {
  const __m512i t = _mm512_xor_si512(_mm512_loadu_si512(x), _mm512_set1_epi8((char) 0x80));
  for (int k = 0; k < 4; k++) {
    const int32_t b = (int32_t) (UINT32_C(0x80808000) | (uint32_t) (4 * k));  // 0x80: a zero byte
    const __m512i index = _mm512_broadcast_i32x4(_mm_setr_epi32(b, b + 1, b + 2, b + 3));
    acc[k] = xqnn_avx512vnni_dpbusd(acc[k], _mm512_shuffle_epi8(t, index), _mm512_loadu_si512(w + 64 * k));
  }
}

// The first n (<= 64) channels of quad-ordered q[0..3], each plus zero_point
// (in saturating int16) and at least output_min, narrowed with saturation:
// the in-lane packs restore channel order.
static XQNN_INLINE void xqnn_simd_store_s8x4_quad_order(uint8_t* p, const xqnn_simd_i32 q[4], int16_t zero_point,
                                                        int8_t output_min, size_t n) {
  const __m512i vzero_point = _mm512_set1_epi16(zero_point);
  const __m512i h01 = _mm512_adds_epi16(_mm512_packs_epi32(q[0], q[1]), vzero_point);
  const __m512i h23 = _mm512_adds_epi16(_mm512_packs_epi32(q[2], q[3]), vzero_point);
  const __m512i bytes = _mm512_max_epi8(_mm512_packs_epi16(h01, h23), _mm512_set1_epi8(output_min));
  if (n >= 64) {
    _mm512_storeu_si512(p, bytes);
  } else {
    _mm512_mask_storeu_epi8(p, _cvtu64_mask64((UINT64_C(1) << n) - 1), bytes);
  }
}
