// Parameters handed to micro-kernels. Each union has one member per kernel
// flavour that wants its own layout; all members are filled from the same
// quantization parameters by the init functions in src/requantization/.
#pragma once

#include <stdint.h>

// TFLite-compatible fixed-point requantization (src/xqnn/requantization.h):
// the per-channel multipliers live in the packed weights; these are the rest.
struct xqnn_q8_conv_minmax_tflite_params {
  int32_t kernel_zero_point;  // QU8 (0 for QS8)
  int32_t output_zero_point;
  int32_t output_min;
  int32_t output_max;
};

// QS8 and QS8-QC8W convolution / gemm / dwconv (fp32 requantization). The
// per-channel scales live in the packed weights, next to the bias.
union xqnn_qs8_qc8w_conv_minmax_params {
  struct {
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;  // 2^23 + 2^22: adding it rounds half to even into the low mantissa bits
    int32_t magic_bias_less_output_zero_point;
    int32_t output_zero_point;
  } fp32_scalar;
  struct xqnn_q8_conv_minmax_tflite_params tflite_scalar;
};

// QU8 convolution / gemm / dwconv: per-tensor scale and kernel zero point.
union xqnn_qu8_conv_minmax_params {
  struct {
    int32_t kernel_zero_point;
    float scale;
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;
    int32_t magic_bias_less_output_zero_point;
    int32_t output_zero_point;
  } fp32_scalar;
  struct xqnn_q8_conv_minmax_tflite_params tflite_scalar;
};

// f32 output clamping (QD8 kernels).
struct xqnn_f32_minmax_params {
  float min;
  float max;
};

// ---- Elementwise, pooling and conversion kernels (qs8/qu8 vadd, vmul, gavgpool, vcvt) ----
// One layout serves QS8 and QU8: zero points are held as int32.

// vadd / vaddc (src/operators/binary-elementwise-nd.c documents the scheme):
//   out = round_half_even(clamp((float)(a - a_zp) * a_scale + (float)(b - b_zp) * b_scale)) + out_zp
// with a_scale / b_scale the input-to-output scale ratios.
union xqnn_q8_add_minmax_params {
  struct {
    int32_t a_zero_point;
    int32_t b_zero_point;
    float a_scale;
    float b_scale;
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;
    int32_t magic_bias_less_output_zero_point;
  } fp32_scalar;
  // XQNN_FLAG_TFLITE_REQUANTIZATION (src/xqnn/requantization.h): TFLite's
  // multipliers and exponents (all < 1) of the inputs and the output.
  struct {
    int32_t a_zero_point;
    int32_t b_zero_point;
    int32_t a_multiplier;
    int32_t a_exponent;
    int32_t b_multiplier;
    int32_t b_exponent;
    int32_t output_multiplier;
    int32_t output_exponent;
    int32_t output_zero_point;
    int32_t output_min;
    int32_t output_max;
  } tflite_scalar;
};

// vmul / vmulc: out = requantize_fp32((a - a_zp) * (b - b_zp), scale).
union xqnn_q8_mul_minmax_params {
  struct {
    int32_t a_zero_point;
    int32_t b_zero_point;
    float scale;
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;
    int32_t magic_bias_less_output_zero_point;
  } fp32_scalar;
  // QS16 (TFLite's int16 MUL, zero points 0): out = clamp(MultiplyByQuantizedMultiplier(a * b)).
  struct {
    int32_t multiplier;
    int32_t exponent;
    int32_t output_min;
    int32_t output_max;
  } tflite_scalar;
};

// gavgpool: out = requantize_fp32(init_bias + sum(x), scale) with
// init_bias = -input_zero_point * pixels.
union xqnn_q8_avgpool_minmax_params {
  struct {
    int32_t init_bias;
    float scale;
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;
    int32_t magic_bias_less_output_zero_point;
  } fp32_scalar;
};

// maxpool (s8 / u8): output clamp, as the bits of the element type (int8_t
// values stored as uint8_t).
struct xqnn_x8_minmax_params {
  uint8_t min;
  uint8_t max;
};

// f32 -> qs8/qu8: out = round_half_even(clamp(nan_to_zero(x / scale))) + zero_point.
union xqnn_f32_q8_cvt_params {
  struct {
    float scale;
    float output_min_less_zero_point;
    float output_max_less_zero_point;
    float magic_bias;
    int32_t magic_bias_less_zero_point;
  } scalar;
};

// qs8/qu8 -> f32: out = (float)(q - zero_point) * scale.
union xqnn_q8_f32_cvt_params {
  struct {
    int32_t zero_point;
    float scale;
  } scalar;
};
