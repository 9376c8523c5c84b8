// Table lookup, 32 bytes per iteration: y[i] = table[x[i]].
//
// vpshufb looks up 16-byte tables (per 128-bit lane) by the low 4 bits of each
// index. The 256-entry table is 16 such rows: row k holds table[16k..16k+15],
// broadcast to both lanes. Each output byte takes row (x >> 4) at column
// (x & 15): every row is looked up by the low nibble and masked where the
// high nibble equals its number (vpcmpeqb), and the 16 masked results are
// OR'ed. The tail computes a whole vector (inputs may be read past their end,
// XQNN_EXTRA_BYTES) and stores only `batch` bytes.
#include <assert.h>
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/microkernels.h"

static inline __m256i lookup(const __m256i rows[16], __m256i vx) {
  const __m256i vnibble = _mm256_set1_epi8(0x0F);
  const __m256i vlo = _mm256_and_si256(vx, vnibble);
  const __m256i vhi = _mm256_and_si256(_mm256_srli_epi16(vx, 4), vnibble);
  __m256i vy = _mm256_setzero_si256();
  for (int k = 0; k < 16; k++) {
    const __m256i vmask = _mm256_cmpeq_epi8(vhi, _mm256_set1_epi8((char) k));
    vy = _mm256_or_si256(vy, _mm256_and_si256(vmask, _mm256_shuffle_epi8(rows[k], vlo)));
  }
  return vy;
}

void xqnn_x8_lut_ukernel_x32__avx2(size_t batch, const void* input, void* output, const void* params) {
  assert(batch != 0);
  const uint8_t* x = input;
  uint8_t* y = output;
  const uint8_t* table = params;
  __m256i rows[16];
  for (int k = 0; k < 16; k++) {
    rows[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i*) (table + 16 * k)));
  }
  for (; batch >= 32; batch -= 32) {
    _mm256_storeu_si256((__m256i*) y, lookup(rows, _mm256_loadu_si256((const __m256i*) x)));
    x += 32;
    y += 32;
  }
  if (batch != 0) {
    uint8_t tail[32];
    _mm256_storeu_si256((__m256i*) tail, lookup(rows, _mm256_loadu_si256((const __m256i*) x)));
    memcpy(y, tail, batch);
  }
}
