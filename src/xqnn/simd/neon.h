// The vector vocabulary (README.md beside this file) on NEON, for AArch64 and
// ARMv7 alike: only intrinsics both have. 4 lanes.
//
// ARMv7 NEON flushes subnormal floats to zero; the chains of the generic
// bodies never make one (their scales are >= 2^-32 and multiply nonzero
// integers, or give exact zeros), so the bits equal the scalar kernels'.
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <arm_neon.h>

#include "xqnn/common.h"

#define XQNN_SIMD_LANES 4

typedef int32x4_t xqnn_simd_i32;
typedef float32x4_t xqnn_simd_f32;

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_i32(const int32_t* p) { return vld1q_s32(p); }
static XQNN_INLINE void xqnn_simd_store_i32(int32_t* p, xqnn_simd_i32 v) { vst1q_s32(p, v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_load_f32(const float* p) { return vld1q_f32(p); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_splat_i32(int32_t x) { return vdupq_n_s32(x); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_splat_f32(float x) { return vdupq_n_f32(x); }

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_load_q8(const uint8_t* p, bool is_signed) {
  uint32_t bits;
  memcpy(&bits, p, sizeof(bits));
  const uint8x8_t v = vreinterpret_u8_u32(vdup_n_u32(bits));
  return is_signed ? vmovl_s16(vget_low_s16(vmovl_s8(vreinterpret_s8_u8(v))))
                   : vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(vmovl_u8(v))));
}

static XQNN_INLINE xqnn_simd_i32 xqnn_simd_add_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return vaddq_s32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_sub_i32(xqnn_simd_i32 a, xqnn_simd_i32 b) { return vsubq_s32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_mul_i32_i16(xqnn_simd_i32 a, xqnn_simd_i32 b) { return vmulq_s32(a, b); }

static XQNN_INLINE xqnn_simd_f32 xqnn_simd_cvt_i32_f32(xqnn_simd_i32 v) { return vcvtq_f32_s32(v); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_add_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return vaddq_f32(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_mul_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return vmulq_f32(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_min_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return vminq_f32(a, b); }
static XQNN_INLINE xqnn_simd_f32 xqnn_simd_max_f32(xqnn_simd_f32 a, xqnn_simd_f32 b) { return vmaxq_f32(a, b); }
static XQNN_INLINE xqnn_simd_i32 xqnn_simd_cast_f32_i32(xqnn_simd_f32 v) { return vreinterpretq_s32_f32(v); }

// Lanes are in the output type's range, so the narrowing never saturates.
static XQNN_INLINE void xqnn_simd_store_q8x2(uint8_t* p, xqnn_simd_i32 lo, xqnn_simd_i32 hi, bool is_signed) {
  const int16x8_t h = vcombine_s16(vqmovn_s32(lo), vqmovn_s32(hi));
  vst1_u8(p, is_signed ? vreinterpret_u8_s8(vqmovn_s16(h)) : vqmovun_s16(h));
}

#include "xqnn/simd/portable-tail.h"
