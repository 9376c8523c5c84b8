// Integer and float helpers: overflow-checked size arithmetic, rounding,
// bit casts. Everything here is exact and free of undefined behaviour.
#pragma once

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/common.h"

static inline size_t xqnn_min_sz(size_t a, size_t b) { return a < b ? a : b; }
static inline size_t xqnn_max_sz(size_t a, size_t b) { return a > b ? a : b; }
static inline int32_t xqnn_min_s32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t xqnn_max_s32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline float xqnn_min_f32(float a, float b) { return a < b ? a : b; }
static inline float xqnn_max_f32(float a, float b) { return a > b ? a : b; }

static inline size_t xqnn_divide_round_up(size_t n, size_t q) {
  assert(q != 0);
  return n % q == 0 ? n / q : n / q + 1;
}

// log2(n) for a power of two n.
static inline uint32_t xqnn_log2_exact(size_t n) {
  assert(n != 0 && (n & (n - 1)) == 0);
  uint32_t log2 = 0;
  while (n > 1) {
    n >>= 1;
    log2++;
  }
  return log2;
}

static inline size_t xqnn_round_up(size_t n, size_t q) { return xqnn_divide_round_up(n, q) * q; }
static inline size_t xqnn_round_down_po2(size_t n, size_t q) { return n & -q; }
static inline size_t xqnn_round_up_po2(size_t n, size_t q) { return (n + q - 1) & -q; }

// *out = a * b; returns false (leaving *out untouched) when it overflows size_t.
static inline bool xqnn_mul_sz(size_t a, size_t b, size_t* out) {
  if (a != 0 && b > SIZE_MAX / a) return false;
  *out = a * b;
  return true;
}

static inline bool xqnn_add_sz(size_t a, size_t b, size_t* out) {
  if (b > SIZE_MAX - a) return false;
  *out = a + b;
  return true;
}

// Product of n sizes, false on overflow.
static inline bool xqnn_mul_sz_n(size_t n, const size_t* factors, size_t* out) {
  size_t product = 1;
  for (size_t i = 0; i < n; i++) {
    if (!xqnn_mul_sz(product, factors[i], &product)) return false;
  }
  *out = product;
  return true;
}

// Wrapping int32 arithmetic, as SIMD lanes do it (two's complement), without
// signed-overflow UB in C.
static inline int32_t xqnn_wrapping_add_s32(int32_t a, int32_t b) {
  return (int32_t) ((uint32_t) a + (uint32_t) b);
}
static inline int32_t xqnn_wrapping_mul_s32(int32_t a, int32_t b) {
  return (int32_t) ((uint32_t) a * (uint32_t) b);
}

static inline uint32_t xqnn_float_as_uint32(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof(u));
  return u;
}

static inline float xqnn_uint32_as_float(uint32_t u) {
  float f;
  memcpy(&f, &u, sizeof(f));
  return f;
}

static inline bool xqnn_is_finite_f32(float f) {
  return (xqnn_float_as_uint32(f) & UINT32_C(0x7F800000)) != UINT32_C(0x7F800000);
}
