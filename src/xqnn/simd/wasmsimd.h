// The vector vocabulary (README.md beside this file) on WebAssembly SIMD128:
// 4 lanes. Bytes widen by load32_zero + two extend_low steps; min / max are
// the "pseudo" pmin / pmax, which are x86's minps / maxps and the scalar
// kernels' `a < b ? a : b` (NaN and -0.0 included), not IEEE minimum.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <wasm_simd128.h>

#include "xqnn/common.h"

#define XQNN_SIMD_LANES 4

typedef v128_t xqnn_simd_i32;
typedef v128_t xqnn_simd_f32;

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32(const int32_t* p) { return wasm_v128_load(p); }
static XQNN_INLINE void xqnn_simd_store_i32(int32_t* p, xqnn_simd_i32 v) { wasm_v128_store(p, v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_load_f32(const float* p) { return wasm_v128_load(p); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_splat_i32(int32_t x) { return wasm_i32x4_splat(x); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_splat_f32(float x) { return wasm_f32x4_splat(x); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8(const uint8_t* p, bool is_signed) {
  const v128_t v = wasm_v128_load32_zero(p);
  return is_signed ? wasm_i32x4_extend_low_i16x8(wasm_i16x8_extend_low_i8x16(v))
                   : wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(v));
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return wasm_i32x4_add(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return wasm_i32x4_sub(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) { return wasm_i32x4_mul(a, b); }

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return wasm_f32x4_convert_i32x4(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return wasm_f32x4_add(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return wasm_f32x4_mul(a, b); }
// pmin(x, y) = y < x ? y : x, so pmin(b, a) = a < b ? a : b (likewise pmax).
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return wasm_f32x4_pmin(b, a); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return wasm_f32x4_pmax(b, a); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return v; }

// Lanes are in the output type's range, so neither narrowing saturates.
static XQNN_INLINE v128_t xqnn_wasmsimd_pack_q8x2(v128_t lo, v128_t hi, bool is_signed) {
  const v128_t h = wasm_i16x8_narrow_i32x4(lo, hi);
  return is_signed ? wasm_i8x16_narrow_i16x8(h, h) : wasm_u8x16_narrow_i16x8(h, h);
}

static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  wasm_v128_store64_lane(p, xqnn_wasmsimd_pack_q8x2(lo, hi, is_signed), 0);
}

#include "xqnn/simd/portable-tail.h"
