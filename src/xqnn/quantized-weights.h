// Validation and preparation shared by the operators that take QS8 / QS8-QC8W
// / QU8 weights (fully connected, convolution, deconvolution).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"

#ifdef __cplusplus
extern "C" {
#endif

// What create functions of those operators receive, per data type.
struct xqnn_quantized_weights {
  enum xqnn_packed_weights_type type;  // qs8_qc8w (QS8 and QS8-QC8W) or qu8
  int32_t input_zero_point;
  float input_scale;
  int32_t kernel_zero_point;           // QU8
  bool per_channel;                    // QS8-QC8W: kernel_scales holds one scale per output channel
  const float* kernel_scales;          // QS8-QC8W (may be NULL from the caller: rejected)
  float kernel_scale;                  // QS8 / QU8: per tensor
  const void* kernel;
  const int32_t* bias;
  int32_t output_zero_point;
  float output_scale;
  int32_t output_min;
  int32_t output_max;
};

// Checks scales, output range and (QS8) that no weight is -128; computes the
// per-channel requantization scales into `requantization_scales` (channels
// floats; for QU8 only element 0). `channels` = groups * group_output_channels,
// `kernel_elements` = total weights.
enum xqnn_status xqnn_prepare_quantized_weights(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* weights, size_t channels,
    size_t kernel_elements, float* requantization_scales);

// Fills op->gemm_params and op->gemm_config for the weights' data type.
void xqnn_init_quantized_gemm_params(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const float* requantization_scales);

// ---- QD8 (dynamic range quantization) weights ----
// Checks the create parameters of a QD8-F32-QC8W / QD8-F16-QC8W operator:
// kernel_scale non-NULL with `channels` finite positive values, kernel
// non-NULL without -128, output_min / output_max not NaN with min <= max.
// Fills `params` with the clamping range; for QD8-F16 operators the bounds are
// first rounded to fp16 (so clamped outputs stay inside them after rounding).
enum xqnn_status xqnn_check_qd8_weights(
    enum xqnn_operator_type type, size_t channels, size_t kernel_elements,
    const float* kernel_scale, const int8_t* kernel, float output_min, float output_max,
    struct xqnn_f32_minmax_params* params);

#ifdef __cplusplus
}  // extern "C"
#endif
