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
  bool tflite_requantization;          // XQNN_FLAG_TFLITE_REQUANTIZATION
};

// Per-channel requantization computed at create: `scales` for the fp32
// scheme (QU8: one), or `tflite_multipliers` for TFLite requantization.
struct xqnn_channel_requantization {
  float* scales;
  struct xqnn_tflite_multiplier* tflite_multipliers;
};

// Checks scales, output range and (QS8) that no weight is -128; allocates
// and computes the per-channel requantization of `channels` = groups *
// group_output_channels channels (free it with
// xqnn_release_channel_requantization, also after an error).
// `kernel_elements` = total weights.
enum xqnn_status xqnn_prepare_quantized_weights(
    enum xqnn_operator_type type, const struct xqnn_quantized_weights* weights, size_t channels,
    size_t kernel_elements, struct xqnn_channel_requantization* requantization);
void xqnn_release_channel_requantization(struct xqnn_channel_requantization* requantization);

// Fills op->gemm_params and op->gemm_config for the weights' data type and
// requantization scheme.
void xqnn_init_quantized_gemm_params(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const struct xqnn_channel_requantization* requantization);

// The dwconv kernels for the weights' data type and requantization scheme.
const struct xqnn_dwconv_config* xqnn_quantized_dwconv_config(
    const struct xqnn_quantized_weights* weights);

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
