// Validation and preparation of the weights of the operators that have them
// (fully connected, convolution, deconvolution), for every data type: QS8,
// QS8-QC8W, QU8 and QD8-F32-QC8W / QD8-F16-QC8W. What differs between the
// data types is read from their variant (src/xqnn/operator-variants.h).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"

#ifdef __cplusplus
extern "C" {
#endif

// The quantization arguments of a create function; the fields a data type
// does not have stay zero.
struct xqnn_quantized_weights {
  int32_t input_zero_point;     // QS8, QS8-QC8W, QU8
  float input_scale;            // QS8, QS8-QC8W, QU8
  int32_t kernel_zero_point;    // QU8
  float kernel_scale;           // QS8, QU8: per tensor
  const float* kernel_scales;   // QS8-QC8W, QD8: per output channel (NULL from the caller: rejected)
  const void* kernel;
  const int32_t* bias;          // QS8, QS8-QC8W, QU8 (may be NULL)
  const int64_t* bias64;        // QS16-QC8W (may be NULL)
  const float* float_bias;      // QD8 (may be NULL)
  int32_t output_zero_point;    // QS8, QS8-QC8W, QU8
  float output_scale;           // QS8, QS8-QC8W, QU8
  int32_t output_min, output_max;          // QS8, QS8-QC8W, QU8
  float float_output_min, float_output_max;  // QD8
  bool tflite_requantization;   // XQNN_FLAG_TFLITE_REQUANTIZATION (set by create from its flags)
};

// The create functions' arguments, in their order.
static inline struct xqnn_quantized_weights xqnn_qs8_weights(
    int32_t input_zero_point, float input_scale, float kernel_scale, const void* kernel,
    const int32_t* bias, int32_t output_zero_point, float output_scale, int32_t output_min,
    int32_t output_max) {
  return (struct xqnn_quantized_weights){
      .input_zero_point = input_zero_point, .input_scale = input_scale,
      .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
}

static inline struct xqnn_quantized_weights xqnn_qs8_qc8w_weights(
    int32_t input_zero_point, float input_scale, const float* kernel_scale, const void* kernel,
    const int32_t* bias, int32_t output_zero_point, float output_scale, int32_t output_min,
    int32_t output_max) {
  struct xqnn_quantized_weights w = xqnn_qs8_weights(
      input_zero_point, input_scale, 0.0f, kernel, bias, output_zero_point, output_scale,
      output_min, output_max);
  w.kernel_scales = kernel_scale;
  return w;
}

static inline struct xqnn_quantized_weights xqnn_qu8_weights(
    int32_t input_zero_point, float input_scale, int32_t kernel_zero_point, float kernel_scale,
    const void* kernel, const int32_t* bias, int32_t output_zero_point, float output_scale,
    int32_t output_min, int32_t output_max) {
  struct xqnn_quantized_weights w = xqnn_qs8_weights(
      input_zero_point, input_scale, kernel_scale, kernel, bias, output_zero_point, output_scale,
      output_min, output_max);
  w.kernel_zero_point = kernel_zero_point;
  return w;
}

// QS16-QC8W: zero points 0; TFLite's 16x8 requantization always.
static inline struct xqnn_quantized_weights xqnn_qs16_qc8w_weights(
    float input_scale, const float* kernel_scale, const void* kernel, const int64_t* bias,
    float output_scale, int32_t output_min, int32_t output_max) {
  return (struct xqnn_quantized_weights){
      .input_scale = input_scale, .kernel_scales = kernel_scale, .kernel = kernel,
      .bias64 = bias, .output_scale = output_scale, .output_min = output_min,
      .output_max = output_max, .tflite_requantization = true};
}
static inline struct xqnn_quantized_weights xqnn_qd8_weights(
    const float* kernel_scale, const void* kernel, const float* bias, float output_min,
    float output_max) {
  return (struct xqnn_quantized_weights){
      .kernel_scales = kernel_scale, .kernel = kernel, .float_bias = bias,
      .float_output_min = output_min, .float_output_max = output_max};
}

// The public create and setup functions of an operator with weights, for
// its six data types (their signatures in include/xqnn.h): xqnn_create_<api>_<type>
// calls create(xqnn_operator_type_<kind>_<type>, SHAPE, weights, op_out),
// ARGS being the operator's leading parameters and SHAPE what create makes
// of them; xqnn_setup_<api>_<type> calls setup(op, operator type, input,
// output, quantization_params or NULL).
#define XQNN_DEFINE_WEIGHTED_CREATE(api, kind, ARGS, SHAPE, create)                               \
  enum xqnn_status xqnn_create_##api##_qs8(                                                       \
      ARGS, int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,  \
      const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,       \
      int8_t output_max, uint32_t flags, xqnn_operator_t* op_out) {                               \
    return create(xqnn_operator_type_##kind##_qs8, SHAPE,                                         \
                  xqnn_qs8_weights(input_zero_point, input_scale, kernel_scale, kernel, bias,     \
                                   output_zero_point, output_scale, output_min, output_max),      \
                  op_out);                                                                        \
  }                                                                                               \
  enum xqnn_status xqnn_create_##api##_qs8_qc8w(                                                  \
      ARGS, int8_t input_zero_point, float input_scale, const float* kernel_scale,                \
      const int8_t* kernel, const int32_t* bias, int8_t output_zero_point, float output_scale,    \
      int8_t output_min, int8_t output_max, uint32_t flags, xqnn_operator_t* op_out) {            \
    return create(xqnn_operator_type_##kind##_qs8_qc8w, SHAPE,                                    \
                  xqnn_qs8_qc8w_weights(input_zero_point, input_scale, kernel_scale, kernel,      \
                                        bias, output_zero_point, output_scale, output_min,        \
                                        output_max),                                              \
                  op_out);                                                                        \
  }                                                                                               \
  enum xqnn_status xqnn_create_##api##_qu8(                                                       \
      ARGS, uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point,               \
      float kernel_scale, const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point,  \
      float output_scale, uint8_t output_min, uint8_t output_max, uint32_t flags,                 \
      xqnn_operator_t* op_out) {                                                                  \
    return create(xqnn_operator_type_##kind##_qu8, SHAPE,                                         \
                  xqnn_qu8_weights(input_zero_point, input_scale, kernel_zero_point,              \
                                   kernel_scale, kernel, bias, output_zero_point, output_scale,   \
                                   output_min, output_max),                                       \
                  op_out);                                                                        \
  }                                                                                               \
  enum xqnn_status xqnn_create_##api##_qd8_f32_qc8w(                                              \
      ARGS, const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min, \
      float output_max, uint32_t flags, xqnn_operator_t* op_out) {                                \
    return create(xqnn_operator_type_##kind##_qd8_f32_qc8w, SHAPE,                                \
                  xqnn_qd8_weights(kernel_scale, kernel, bias, output_min, output_max), op_out);  \
  }                                                                                               \
  enum xqnn_status xqnn_create_##api##_qd8_f16_qc8w(                                              \
      ARGS, const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min, \
      float output_max, uint32_t flags, xqnn_operator_t* op_out) {                                \
    return create(xqnn_operator_type_##kind##_qd8_f16_qc8w, SHAPE,                                \
                  xqnn_qd8_weights(kernel_scale, kernel, bias, output_min, output_max), op_out);  \
  }                                                                                               \
  enum xqnn_status xqnn_create_##api##_qs16_qc8w(                                                 \
      ARGS, float input_scale, const float* kernel_scale, const int8_t* kernel,                   \
      const int64_t* bias, float output_scale, int16_t output_min, int16_t output_max,            \
      uint32_t flags, xqnn_operator_t* op_out) {                                                  \
    return create(xqnn_operator_type_##kind##_qs16_qc8w, SHAPE,                                   \
                  xqnn_qs16_qc8w_weights(input_scale, kernel_scale, kernel, bias, output_scale,   \
                                         output_min, output_max),                                 \
                  op_out);                                                                        \
  }

#define XQNN_DEFINE_WEIGHTED_SETUP(api, kind, setup)                                              \
  enum xqnn_status xqnn_setup_##api##_qs8(xqnn_operator_t op, const int8_t* input,               \
                                          int8_t* output) {                                       \
    return setup(op, xqnn_operator_type_##kind##_qs8, input, output, NULL);                       \
  }                                                                                               \
  enum xqnn_status xqnn_setup_##api##_qs8_qc8w(xqnn_operator_t op, const int8_t* input,          \
                                               int8_t* output) {                                  \
    return setup(op, xqnn_operator_type_##kind##_qs8_qc8w, input, output, NULL);                  \
  }                                                                                               \
  enum xqnn_status xqnn_setup_##api##_qu8(xqnn_operator_t op, const uint8_t* input,              \
                                          uint8_t* output) {                                      \
    return setup(op, xqnn_operator_type_##kind##_qu8, input, output, NULL);                       \
  }                                                                                               \
  enum xqnn_status xqnn_setup_##api##_qd8_f32_qc8w(                                               \
      xqnn_operator_t op, const int8_t* input, float* output,                                     \
      const struct xqnn_quantization_params* quantization_params) {                               \
    return setup(op, xqnn_operator_type_##kind##_qd8_f32_qc8w, input, output,                     \
                 quantization_params);                                                            \
  }                                                                                               \
  enum xqnn_status xqnn_setup_##api##_qd8_f16_qc8w(                                               \
      xqnn_operator_t op, const int8_t* input, void* output,                                      \
      const struct xqnn_quantization_params* quantization_params) {                               \
    return setup(op, xqnn_operator_type_##kind##_qd8_f16_qc8w, input, output,                     \
                 quantization_params);                                                            \
  }                                                                                               \
  enum xqnn_status xqnn_setup_##api##_qs16_qc8w(xqnn_operator_t op, const int16_t* input,        \
                                                int16_t* output) {                                \
    return setup(op, xqnn_operator_type_##kind##_qs16_qc8w, input, output, NULL);                 \
  }

// Per-channel requantization computed at create: `scales` for the fp32
// scheme (QU8: one), or `tflite_multipliers` for TFLite requantization.
// QD8 operators have none (their kernels scale by the kernel scales).
struct xqnn_channel_requantization {
  float* scales;
  struct xqnn_tflite_multiplier* tflite_multipliers;
};

// Checks the weights of operator `op` (its type and variant set) with
// `channels` = groups * group output channels and `kernel_elements` weights:
// scales, output range, kernel (and QS8-QC8W / QD8 scales) not NULL. Records
// whether int8 weights hold -128 (op->full_range_weights), computes the
// per-channel requantization (free it with xqnn_release_channel_requantization,
// also after an error) and fills op->gemm_params for the requantization scheme.
enum xqnn_status xqnn_prepare_quantized_weights(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights, size_t channels,
    size_t kernel_elements, struct xqnn_channel_requantization* requantization);
void xqnn_release_channel_requantization(struct xqnn_channel_requantization* requantization);

// The packing of the whole kernel, [groups][goc][kh * kw][gic] (`kernel`), for
// a gemm / igemm kernel of `config`: layout, zero points, bias, scales.
struct xqnn_gemm_packing xqnn_quantized_gemm_packing(
    xqnn_operator_t op, const struct xqnn_quantized_weights* weights,
    const struct xqnn_channel_requantization* requantization,
    const struct xqnn_gemm_config* config, const void* kernel);

#ifdef __cplusplus
}  // extern "C"
#endif
