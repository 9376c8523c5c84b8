// One generic WebAssembly SIMD128 body for the MRx4c8 gemm and igemm
// micro-kernels of the int8 families (QS8-QC8W, QU8, QD8-F32, QD8-F16),
// stamped per tile by XQNN_WASMSIMD_GEMM_KERNEL / XQNN_WASMSIMD_IGEMM_KERNEL
// with MR, the type and directness as compile-time constants. The tile setup
// (row pointers, epilogue constants from the params) is the plain C of
// gemm-x86-common.h, shared with the x86 bodies.
//
// Packed weights (kr = 8, sr = 1; src/packing.c), per block of 4 output channels:
//   int32 header[4]; int8/uint8 w[ks][kc / 8][4][8]; float trailer[4 or 8].
// Register plan: acc[i][j] holds 4 partial int32 sums of row i, column j. A's
// 8 bytes and each column's 8 bytes are extended to int16 (QU8: zero-extended,
// W minus the kernel zero point) and i32x4.dot_i16x8_s adds pairs of products
// exactly (|product| <= 255 * 255, so no pair sum overflows). After K, two
// shuffle + add steps give the 4 sums in column order.
//
// Numerics, bit for bit those of gemm-scalar-template.h:
//   QS8 / QU8: (float) acc * scale -> max(min - zp) -> min(max - zp) -> round
//              half to even by the magic bias (+ zp folded in) -> narrow
//   QD8:       acc = ksum * (-zero_point[m]) + sum a * w -> (float) acc
//              * row scale * kernel scale + bias -> max(min) -> min(max);
//              fp16 output by fp16_ieee_from_fp32_value, element by element.
// min / max are pmin / pmax with swapped operands: `a < b ? a : b` as the
// scalar kernels (NaN -> the bound), not IEEE minimum.
#pragma once

#include <wasm_simd128.h>

#include <fp16.h>

#include "xqnn/gemm-x86-common.h"

// 8 bytes at p extended to 8 int16.
static XQNN_INLINE v128_t xqnn_wasmsimd_load_extend8(const uint8_t* p, const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qu8 ? wasm_u16x8_load8x8(p) : wasm_i16x8_load8x8(p);
}

static XQNN_INLINE v128_t xqnn_wasmsimd_extend_lo(v128_t v, const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qu8 ? wasm_u16x8_extend_low_u8x16(v) : wasm_i16x8_extend_low_i8x16(v);
}

static XQNN_INLINE v128_t xqnn_wasmsimd_extend_hi(v128_t v, const enum xqnn_x86_gemm_type type) {
  return type == xqnn_x86_gemm_qu8 ? wasm_u16x8_extend_high_u8x16(v) : wasm_i16x8_extend_high_i8x16(v);
}

static XQNN_INLINE void xqnn_wasmsimd_gemm_body(
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
  const bool is_qd8 = xqnn_x86_gemm_is_qd8(type);
  float magic_bias = 0.0f;
  int32_t magic_bias_less_zero_point = 0;
  if (type == xqnn_x86_gemm_qu8) {
    const union xqnn_qu8_conv_minmax_params* p = params;
    magic_bias = p->fp32_scalar.magic_bias;
    magic_bias_less_zero_point = p->fp32_scalar.magic_bias_less_output_zero_point;
  } else if (!is_qd8) {
    const union xqnn_qs8_qc8w_conv_minmax_params* p = params;
    magic_bias = p->fp32_scalar.magic_bias;
    magic_bias_less_zero_point = p->fp32_scalar.magic_bias_less_output_zero_point;
  }
  const size_t kc_padded = xqnn_round_up_po2(kc, KR);
  const v128_t vkernel_zero_point = wasm_i16x8_splat((int16_t) t.kernel_zero_point);
  const v128_t voutput_min = wasm_f32x4_splat(t.output_min);
  const v128_t voutput_max = wasm_f32x4_splat(t.output_max);
  const v128_t vmagic_bias = wasm_f32x4_splat(magic_bias);
  const v128_t vmagic_bias_less_zero_point = wasm_i32x4_splat(magic_bias_less_zero_point);

  const uint8_t* wp = w;
  do {
    v128_t acc[XQNN_MAX_MR][NR];
    for (size_t j = 0; j < NR; j++) {
      const int32_t bias = xqnn_load_s32_unaligned(wp + 4 * j);
      for (size_t i = 0; i < MR; i++) {
        acc[i][j] = wasm_i32x4_make(is_qd8 ? xqnn_wrapping_mul_s32(bias, t.row_neg_zero_point[i]) : bias, 0, 0, 0);
      }
    }
    wp += NR * sizeof(int32_t);

    const void** rows = a_indirect;
    size_t tap = ks;
    do {
      if (indirect) rows = xqnn_x86_gemm_tile_next_tap(&t, MR, rows, a_offset, zero);
      for (size_t k = 0; k < kc_padded; k += KR) {
        v128_t va[XQNN_MAX_MR];
        for (size_t i = 0; i < MR; i++) va[i] = xqnn_wasmsimd_load_extend8(t.a_row[i] + k, type);
        for (size_t j = 0; j < NR; j += 2) {
          const v128_t vw = wasm_v128_load(wp + 8 * j);
          v128_t vb0 = xqnn_wasmsimd_extend_lo(vw, type);
          v128_t vb1 = xqnn_wasmsimd_extend_hi(vw, type);
          if (type == xqnn_x86_gemm_qu8) {
            vb0 = wasm_i16x8_sub(vb0, vkernel_zero_point);
            vb1 = wasm_i16x8_sub(vb1, vkernel_zero_point);
          }
          for (size_t i = 0; i < MR; i++) {
            acc[i][j] = wasm_i32x4_add(acc[i][j], wasm_i32x4_dot_i16x8(va[i], vb0));
            acc[i][j + 1] = wasm_i32x4_add(acc[i][j + 1], wasm_i32x4_dot_i16x8(va[i], vb1));
          }
        }
        wp += NR * KR;
      }
    } while (--tap != 0);

    v128_t vscale, vfloat_bias = wasm_f32x4_splat(0.0f);
    if (type == xqnn_x86_gemm_qu8) {
      vscale = wasm_f32x4_splat(t.scale);
    } else {
      vscale = wasm_v128_load(wp);
      wp += NR * sizeof(float);
    }
    if (is_qd8) {
      vfloat_bias = wasm_v128_load(wp);
      wp += NR * sizeof(float);
    }

    const size_t n = nc < NR ? nc : NR;
    for (size_t i = MR; i-- > 0;) {
      // [c0 c2 c0 c2] and [c1 c3 c1 c3] partial pairs, then the 4 columns.
      const v128_t v02 = wasm_i32x4_add(wasm_i32x4_shuffle(acc[i][0], acc[i][2], 0, 4, 1, 5),
                                        wasm_i32x4_shuffle(acc[i][0], acc[i][2], 2, 6, 3, 7));
      const v128_t v13 = wasm_i32x4_add(wasm_i32x4_shuffle(acc[i][1], acc[i][3], 0, 4, 1, 5),
                                        wasm_i32x4_shuffle(acc[i][1], acc[i][3], 2, 6, 3, 7));
      const v128_t vsum = wasm_i32x4_add(wasm_i32x4_shuffle(v02, v13, 0, 4, 1, 5),
                                         wasm_i32x4_shuffle(v02, v13, 2, 6, 3, 7));
      v128_t vf = wasm_f32x4_convert_i32x4(vsum);
      if (is_qd8) {
        vf = wasm_f32x4_mul(vf, wasm_f32x4_splat(t.row_scale[i]));
        vf = wasm_f32x4_mul(vf, vscale);
        vf = wasm_f32x4_add(vf, vfloat_bias);
        vf = wasm_f32x4_pmax(voutput_min, vf);
        vf = wasm_f32x4_pmin(voutput_max, vf);
        float out[NR];
        wasm_v128_store(out, vf);
        if (type == xqnn_x86_gemm_qd8_f16) {
          uint16_t out16[NR];
          for (size_t j = 0; j < NR; j++) out16[j] = fp16_ieee_from_fp32_value(out[j]);
          memcpy(t.c_row[i], out16, n * sizeof(uint16_t));
        } else {
          memcpy(t.c_row[i], out, n * sizeof(float));
        }
      } else {
        vf = wasm_f32x4_mul(vf, vscale);
        vf = wasm_f32x4_pmax(voutput_min, vf);
        vf = wasm_f32x4_pmin(voutput_max, vf);
        const v128_t vout = wasm_i32x4_sub(wasm_f32x4_add(vf, vmagic_bias), vmagic_bias_less_zero_point);
        const v128_t v16 = wasm_i16x8_narrow_i32x4(vout, vout);
        const v128_t v8 = type == xqnn_x86_gemm_qu8 ? wasm_u8x16_narrow_i16x8(v16, v16) : wasm_i8x16_narrow_i16x8(v16, v16);
        const int32_t bytes = wasm_i32x4_extract_lane(v8, 0);
        memcpy(t.c_row[i], &bytes, n);
      }
      t.c_row[i] += cn_stride;
    }
    nc -= n;
  } while (nc != 0);
}

#define XQNN_WASMSIMD_GEMM_KERNEL(fn, type, MR)                                                     \
  XQNN_GEMM_UKERNEL_SIGNATURE(fn) {                                                                \
    xqnn_wasmsimd_gemm_body(MR, type, /*indirect=*/false, mr, nc, kc, /*ks=*/1, a, a_stride, NULL,  \
                            0, NULL, w, c, cm_stride, cn_stride, params, quantization_params);     \
  }

#define XQNN_WASMSIMD_IGEMM_KERNEL(fn, type, MR)                                                    \
  XQNN_IGEMM_UKERNEL_SIGNATURE(fn) {                                                               \
    xqnn_wasmsimd_gemm_body(MR, type, /*indirect=*/true, mr, nc, kc, ks, NULL, 0, a, a_offset, zero, \
                            w, c, cm_stride, cn_stride, params, quantization_params);              \
  }
