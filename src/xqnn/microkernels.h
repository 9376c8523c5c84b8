// Micro-kernel signatures, one per family, and the declarations of every
// kernel (from each family's X-macro list).
//
// gemm / igemm kernels share one signature across data types (qs8-qc8w, qu8,
// qd8-f32, qd8-f16): `a`, `c` and `params` are typed by the family.
//   gemm:  C[mr][nc] = f(packed bias + A[mr][kc] x W[kc][nc]); rows of A are
//          a_stride bytes apart, rows of C cm_stride bytes apart, and after each
//          NR-column block C advances cn_stride bytes. kc is in elements of A.
//   igemm: the rows of A come through an indirection buffer `a` holding, per
//          kernel tap, MR row pointers (ks taps, ks * MR pointers). A pointer
//          equal to `zero` is used as is; every other one is offset by
//          a_offset bytes.
// Rows mr..MR-1 of a tile alias row mr-1 for both reading and writing, so the
// indirection buffer must hold MR valid pointers per tap even for mr < MR.
// quantization_params: QD8 only (NULL otherwise); gemm reads one entry per row
// of A, igemm reads entry 0 for all rows (one image).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/arch.h"
#include "xqnn/microparams.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XQNN_MAX_MR 8

#define XQNN_GEMM_UKERNEL_SIGNATURE(fn)                                                          \
  void fn(size_t mr, size_t nc, size_t kc, const void* a, size_t a_stride, const void* w,        \
          void* c, size_t cm_stride, size_t cn_stride, const void* params,                       \
          const struct xqnn_quantization_params* quantization_params)

#define XQNN_IGEMM_UKERNEL_SIGNATURE(fn)                                                         \
  void fn(size_t mr, size_t nc, size_t kc, size_t ks, const void** a, const void* w, void* c,    \
          size_t cm_stride, size_t cn_stride, size_t a_offset, const void* zero,                 \
          const void* params, const struct xqnn_quantization_params* quantization_params)

typedef XQNN_GEMM_UKERNEL_SIGNATURE((*xqnn_gemm_ukernel_fn));
typedef XQNN_IGEMM_UKERNEL_SIGNATURE((*xqnn_igemm_ukernel_fn));

// Each family's list: XQNN_UKERNEL(arch_flags, fn, mr, nr, kr, sr)
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_GEMM_UKERNEL_SIGNATURE(fn);
#include "qs8-gemm/qs8-qc8w-gemm.inc"
#include "qu8-gemm/qu8-gemm.inc"
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_IGEMM_UKERNEL_SIGNATURE(fn);
#include "qs8-igemm/qs8-qc8w-igemm.inc"
#include "qu8-igemm/qu8-igemm.inc"
#undef XQNN_UKERNEL


// ---- Elementwise, pooling and conversion kernels (qs8/qu8 vadd, vmul, gavgpool, vcvt) ----
// Element types come from the family (qs8: int8_t, qu8: uint8_t, f32: float).
//
// vbinary (vadd, vmul): output[i] = op(input_a[i], input_b[i]) for i < batch;
// the "c" variants (vaddc, vmulc) read input_b[0] only: op(input_a[i], input_b[0]).
// batch counts elements (!= 0); params: union xqnn_q8_{add,mul}_minmax_params.
#define XQNN_VBINARY_UKERNEL_SIGNATURE(fn)                                                       \
  void fn(size_t batch, const void* input_a, const void* input_b, void* output, const void* params)
typedef XQNN_VBINARY_UKERNEL_SIGNATURE((*xqnn_vbinary_ukernel_fn));

// gavgpool: output[c] = requantize(init_bias + sum over `rows` rows of input[r][c]),
// rows input_stride bytes apart, c < channels (!= 0).
//   unipass:   1 <= rows <= row_tile; rows past `rows` are read from `zero`
//              (channels zero elements, plus XQNN_EXTRA_BYTES).
//   multipass: rows > row_tile; `buffer` holds `channels` int32 of scratch and is
//              written only there.
// params: union xqnn_q8_avgpool_minmax_params.
#define XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE(fn)                                              \
  void fn(size_t rows, size_t channels, const void* input, size_t input_stride, const void* zero, \
          void* output, const void* params)
#define XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE(fn)                                            \
  void fn(size_t rows, size_t channels, const void* input, size_t input_stride, const void* zero, \
          int32_t* buffer, void* output, const void* params)
typedef XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE((*xqnn_gavgpool_unipass_ukernel_fn));
typedef XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE((*xqnn_gavgpool_multipass_ukernel_fn));

// vcvt: output[i] = convert(input[i]) for i < batch (!= 0);
// params: union xqnn_f32_q8_cvt_params (f32 -> q) or union xqnn_q8_f32_cvt_params (q -> f32).
#define XQNN_VCVT_UKERNEL_SIGNATURE(fn)                                                          \
  void fn(size_t batch, const void* input, void* output, const void* params)
typedef XQNN_VCVT_UKERNEL_SIGNATURE((*xqnn_vcvt_ukernel_fn));

// Lists: XQNN_UKERNEL(arch, fn, element_tile) for vbinary and vcvt;
// XQNN_GAVGPOOL_UKERNEL(arch, unipass_fn, multipass_fn, row_tile, channel_tile) for gavgpool.
#define XQNN_UKERNEL(arch, fn, element_tile) XQNN_VBINARY_UKERNEL_SIGNATURE(fn);
#include "qs8-vadd/qs8-vadd.inc"
#include "qs8-vaddc/qs8-vaddc.inc"
#include "qu8-vadd/qu8-vadd.inc"
#include "qu8-vaddc/qu8-vaddc.inc"
#include "qs8-vmul/qs8-vmul.inc"
#include "qs8-vmulc/qs8-vmulc.inc"
#include "qu8-vmul/qu8-vmul.inc"
#include "qu8-vmulc/qu8-vmulc.inc"
// vmax / vmaxc / vmin / vminc (s8, u8): `params` unused (NULL); no requantization.
#include "s8-vmax/s8-vmax.inc"
#include "s8-vmaxc/s8-vmaxc.inc"
#include "s8-vmin/s8-vmin.inc"
#include "s8-vminc/s8-vminc.inc"
#include "u8-vmax/u8-vmax.inc"
#include "u8-vmaxc/u8-vmaxc.inc"
#include "u8-vmin/u8-vmin.inc"
#include "u8-vminc/u8-vminc.inc"
#undef XQNN_UKERNEL
// x8-lut: output[i] = table[input[i]] over bytes (i < batch, != 0); the vcvt
// signature with `params` = the 256-entry table (const uint8_t[256]).
#define XQNN_UKERNEL(arch, fn, element_tile) XQNN_VCVT_UKERNEL_SIGNATURE(fn);
#include "x8-lut/x8-lut.inc"
#include "f32-qs8-vcvt/f32-qs8-vcvt.inc"
#include "f32-qu8-vcvt/f32-qu8-vcvt.inc"
#include "qs8-f32-vcvt/qs8-f32-vcvt.inc"
#include "qu8-f32-vcvt/qu8-f32-vcvt.inc"
#undef XQNN_UKERNEL
#define XQNN_GAVGPOOL_UKERNEL(arch, unipass_fn, multipass_fn, row_tile, channel_tile) \
  XQNN_GAVGPOOL_UNIPASS_UKERNEL_SIGNATURE(unipass_fn);                                \
  XQNN_GAVGPOOL_MULTIPASS_UKERNEL_SIGNATURE(multipass_fn);
#include "qs8-gavgpool/qs8-gavgpool.inc"
#include "qu8-gavgpool/qu8-gavgpool.inc"
#undef XQNN_GAVGPOOL_UKERNEL

// maxpool (s8, u8): for each of output_pixels pixels,
//   output[c] = min(max(max over k < kernel_elements of input[k][c], output_min), output_max)
// for c < channels (!= 0); input[k] equal to `pad` is read as is, any other
// pointer is offset by input_offset bytes (indirection buffers hold offsets
// from the image base); then `input` advances by kernel_elements pointers and
// `output` by output_stride bytes. Every pointer may be read up to
// XQNN_EXTRA_BYTES past its channels; only `channels` bytes per pixel are written.
// params: struct xqnn_x8_minmax_params.
#define XQNN_MAXPOOL_UKERNEL_SIGNATURE(fn)                                                        \
  void fn(size_t output_pixels, size_t kernel_elements, size_t channels, const void** input,     \
          size_t input_offset, const void* pad, void* output, size_t output_stride,              \
          const void* params)
typedef XQNN_MAXPOOL_UKERNEL_SIGNATURE((*xqnn_maxpool_ukernel_fn));

// avgpool (qs8, qu8): for each of output_pixels pixels,
//   output[c] = requantize((float) (init_bias + sum over k < kernel_elements of input[k][c])
//                          * pixel_scale[pixel])
// for c < channels (!= 0), with the clamp and rounding of gavgpool (params:
// union xqnn_q8_avgpool_minmax_params, whose `scale` is not used: each pixel
// has its own, as windows cut by the padding average fewer taps). Indirection
// as maxpool: input[k] equal to `pad` is read as is, others are offset by
// input_offset bytes; `input` advances by kernel_elements pointers, `pixel_scale`
// by one and `output` by output_stride bytes per pixel. Every pointer may be
// read up to XQNN_EXTRA_BYTES past its channels; only `channels` bytes per
// pixel are written.
#define XQNN_AVGPOOL_UKERNEL_SIGNATURE(fn)                                                        \
  void fn(size_t output_pixels, size_t kernel_elements, size_t channels, const void** input,     \
          size_t input_offset, const void* pad, const float* pixel_scale, void* output,          \
          size_t output_stride, const void* params)
typedef XQNN_AVGPOOL_UKERNEL_SIGNATURE((*xqnn_avgpool_ukernel_fn));

// Lists: XQNN_UKERNEL(arch, fn, channel_tile).
#define XQNN_UKERNEL(arch, fn, channel_tile) XQNN_MAXPOOL_UKERNEL_SIGNATURE(fn);
#include "s8-maxpool/s8-maxpool.inc"
#include "u8-maxpool/u8-maxpool.inc"
#undef XQNN_UKERNEL
// ibilinear (s8): for each of output_pixels pixels, with input[0..3] its
// top-left, top-right, bottom-left and bottom-right input pixels (offset by
// input_offset bytes) and weights[0..1] the horizontal and vertical weights
// of the right / bottom ones (wx1, wy1, 10 fractional bits, each in
// [-512, 1024), which keeps every sum within int32; wx0 = 1024 - wx1,
// wy0 = 1024 - wy1):
//   output[c] = saturate_int8(round_half_away_from_zero(((x00[c] * wx0 + x01[c] * wx1) * wy0
//               + (x10[c] * wx0 + x11[c] * wx1) * wy1) / 2^20))
// for c < channels (!= 0), which is TFLite's int8 ResizeBilinearInteger; then
// `input` advances by 4 pointers, `weights` by 2 and `output` by
// output_stride bytes. Inputs may be read up to XQNN_EXTRA_BYTES past their
// channels; only `channels` bytes per pixel are written.
#define XQNN_IBILINEAR_UKERNEL_SIGNATURE(fn)                                                      \
  void fn(size_t output_pixels, size_t channels, const void** input, size_t input_offset,        \
          const int16_t* weights, void* output, size_t output_stride)
typedef XQNN_IBILINEAR_UKERNEL_SIGNATURE((*xqnn_ibilinear_ukernel_fn));
#define XQNN_UKERNEL(arch, fn, channel_tile) XQNN_IBILINEAR_UKERNEL_SIGNATURE(fn);
#include "s8-ibilinear/s8-ibilinear.inc"
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, channel_tile) XQNN_AVGPOOL_UKERNEL_SIGNATURE(fn);
#include "qs8-avgpool/qs8-avgpool.inc"
#include "qu8-avgpool/qu8-avgpool.inc"
#undef XQNN_UKERNEL
// ---- dwconv (depthwise convolution) ----
// For each of output_width pixels: reads kernel_size pointers from `input`
// (a pointer equal to `zero` is used as is, every other one is offset by
// input_offset bytes), computes `channels` outputs, stores them at `output`,
// then advances `input` by input_stride bytes and `output` by channels +
// output_increment elements. Packed weights: see src/xqnn/dwconv-scalar-template.h
// and xqnn_pack_dwconv_weights. Unipass kernels need kernel_size <= their first
// pass tile and ignore `buffer`; multipass kernels take any kernel_size and
// need `buffer` of `channels` int32.
#define XQNN_DWCONV_UKERNEL_SIGNATURE(fn)                                                        \
  void fn(size_t channels, size_t output_width, const void** input, const void* weights,         \
          void* output, size_t input_stride, size_t output_increment, size_t input_offset,       \
          const void* zero, size_t kernel_size, int32_t* buffer, const void* params)

typedef XQNN_DWCONV_UKERNEL_SIGNATURE((*xqnn_dwconv_ukernel_fn));

// Each family's list: XQNN_DWCONV_UKERNEL(arch, fn, channel_tile, first_pass_tile,
// middle_pass_tile, last_pass_tile, pair_lanes, quad_lanes)
#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql) XQNN_DWCONV_UKERNEL_SIGNATURE(fn);
#include "qs8-dwconv/qs8-qc8w-dwconv.inc"
#include "qu8-dwconv/qu8-dwconv.inc"
#undef XQNN_DWCONV_UKERNEL

// ---- QD8 (dynamic range quantization) ----
// gemm / igemm: `a` int8, `c` float or IEEE fp16 (uint16_t), `params` a
// struct xqnn_f32_minmax_params; packed weights of type xqnn_packed_weights_qd8.
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_GEMM_UKERNEL_SIGNATURE(fn);
#include "qd8-f32-gemm/qd8-f32-qc8w-gemm.inc"
#include "qd8-f16-gemm/qd8-f16-qc8w-gemm.inc"
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_IGEMM_UKERNEL_SIGNATURE(fn);
#include "qd8-f32-igemm/qd8-f32-qc8w-igemm.inc"
#include "qd8-f16-igemm/qd8-f16-qc8w-igemm.inc"
#undef XQNN_UKERNEL

// Row converters f32 / fp16 -> QD8: quantize one row of `channels` elements
// (f32, or fp16 bit patterns) to int8 and write its quantization parameters
// (formula: src/xqnn/qd8-vcvt-scalar-template.h). Reads exactly `channels`
// elements; writes exactly `channels` bytes and one params struct.
#define XQNN_QD8_VCVT_UKERNEL_SIGNATURE(fn)                                                      \
  void fn(size_t channels, const void* input, int8_t* output,                                    \
          struct xqnn_quantization_params* quantization_params)
typedef XQNN_QD8_VCVT_UKERNEL_SIGNATURE((*xqnn_qd8_vcvt_ukernel_fn));
// Each list: XQNN_VCVT_UKERNEL(arch_flags, fn)
#define XQNN_VCVT_UKERNEL(arch, fn) XQNN_QD8_VCVT_UKERNEL_SIGNATURE(fn);
#include "f32-qd8-vcvt/f32-qd8-vcvt.inc"
#include "f16-qd8-vcvt/f16-qd8-vcvt.inc"
#undef XQNN_VCVT_UKERNEL

// ---- TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
// Same signatures; `params` points to a struct xqnn_q8_conv_minmax_tflite_params
// (the tflite_scalar member of the conv params unions) and the packed weights
// end in TFLite multipliers (src/xqnn/packing.h).
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_GEMM_UKERNEL_SIGNATURE(fn);
#include "qs8-gemm/qs8-qc8w-gemm-tflite.inc"
#include "qu8-gemm/qu8-gemm-tflite.inc"
#include "qs16-gemm/qs16-qc8w-gemm.inc"  // TFLite's 16x8 scheme (int16 A and C, int64 bias)
#undef XQNN_UKERNEL
#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) XQNN_IGEMM_UKERNEL_SIGNATURE(fn);
#include "qs8-igemm/qs8-qc8w-igemm-tflite.inc"
#include "qu8-igemm/qu8-igemm-tflite.inc"
#include "qs16-igemm/qs16-qc8w-igemm.inc"
#undef XQNN_UKERNEL
#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql) XQNN_DWCONV_UKERNEL_SIGNATURE(fn);
#include "qs8-dwconv/qs8-qc8w-dwconv-tflite.inc"
#include "qu8-dwconv/qu8-dwconv-tflite.inc"
#undef XQNN_DWCONV_UKERNEL
// vadd / vaddc: `params` a union xqnn_q8_add_minmax_params (tflite_scalar).
#define XQNN_UKERNEL(arch, fn, element_tile) XQNN_VBINARY_UKERNEL_SIGNATURE(fn);
#include "qs8-vadd/qs8-vadd-tflite.inc"
#include "qs8-vaddc/qs8-vaddc-tflite.inc"
#include "qu8-vadd/qu8-vadd-tflite.inc"
#include "qu8-vaddc/qu8-vaddc-tflite.inc"
// QS16 (TFLite's int16 ADD and MUL, 16x8 scheme): int16 elements, `params` a
// union xqnn_q8_add_minmax_params / xqnn_q8_mul_minmax_params (tflite_scalar).
#include "qs16-vadd/qs16-vadd.inc"
#include "qs16-vaddc/qs16-vaddc.inc"
#include "qs16-vmul/qs16-vmul.inc"
#include "qs16-vmulc/qs16-vmulc.inc"
#undef XQNN_UKERNEL

#ifdef __cplusplus
}  // extern "C"
#endif
