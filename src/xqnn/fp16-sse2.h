// fp16_ieee_from_fp32_value (FP16 package) on 4 floats with SSE2, the same
// operations in the same order, so the same bits for every input (including
// subnormals, infinities and NaN -> 0x7E00 | sign); no F16C needed.
#pragma once

#include <emmintrin.h>

#include "xqnn/common.h"

// The 4 IEEE fp16 bit patterns of v in the low 64 bits.
static XQNN_INLINE __m128i xqnn_sse2_fp16_from_fp32(__m128 v) {
  const __m128i vw = _mm_castps_si128(v);
  const __m128 vabs = _mm_castsi128_ps(_mm_and_si128(vw, _mm_set1_epi32(0x7FFFFFFF)));
  __m128 vbase = _mm_mul_ps(_mm_mul_ps(vabs, _mm_set1_ps(0x1.0p+112f)), _mm_set1_ps(0x1.0p-110f));
  const __m128i vshl1_w = _mm_add_epi32(vw, vw);
  const __m128i vsign = _mm_and_si128(vw, _mm_set1_epi32((int32_t) 0x80000000u));
  const __m128i vflip = _mm_set1_epi32((int32_t) 0x80000000u);  // unsigned compares via signed
  __m128i vbias = _mm_and_si128(vshl1_w, _mm_set1_epi32((int32_t) 0xFF000000u));
  const __m128i vmin_bias = _mm_set1_epi32(0x71000000);
  const __m128i vbias_small = _mm_cmpgt_epi32(_mm_xor_si128(vmin_bias, vflip), _mm_xor_si128(vbias, vflip));
  vbias = _mm_or_si128(_mm_and_si128(vbias_small, vmin_bias), _mm_andnot_si128(vbias_small, vbias));
  vbase = _mm_add_ps(
      _mm_castsi128_ps(_mm_add_epi32(_mm_srli_epi32(vbias, 1), _mm_set1_epi32(0x07800000))), vbase);
  const __m128i vbits = _mm_castps_si128(vbase);
  const __m128i vexp_bits = _mm_and_si128(_mm_srli_epi32(vbits, 13), _mm_set1_epi32(0x00007C00));
  const __m128i vmantissa_bits = _mm_and_si128(vbits, _mm_set1_epi32(0x00000FFF));
  const __m128i vnonsign = _mm_add_epi32(vexp_bits, vmantissa_bits);
  const __m128i vnan = _mm_cmpgt_epi32(_mm_xor_si128(vshl1_w, vflip),
                                       _mm_set1_epi32((int32_t) (0xFF000000u ^ 0x80000000u)));
  const __m128i vh = _mm_or_si128(
      _mm_srli_epi32(vsign, 16),
      _mm_or_si128(_mm_and_si128(vnan, _mm_set1_epi32(0x7E00)), _mm_andnot_si128(vnan, vnonsign)));
  // Values < 2^16: sign-extend the low halves so that packssdw keeps their bits.
  const __m128i vh16 = _mm_srai_epi32(_mm_slli_epi32(vh, 16), 16);
  return _mm_packs_epi32(vh16, vh16);
}
