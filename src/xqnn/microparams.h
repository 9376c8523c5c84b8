// Parameters handed to micro-kernels. Each union has one member per kernel
// flavour that wants its own layout; all members are filled from the same
// quantization parameters by the init functions in src/requantization/.
#pragma once

#include <stdint.h>

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
};

// f32 output clamping (QD8 kernels).
struct xqnn_f32_minmax_params {
  float min;
  float max;
};
