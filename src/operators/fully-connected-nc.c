// Fully-connected operators (QS8, QS8-QC8W, QU8, QD8-F32-QC8W, QD8-F16-QC8W):
// one gemm over [batch][input_channels] x [input_channels][output_channels].
// Created as the 1x1 convolution of one group (src/xqnn/convolution.h); QD8
// reads one xqnn_quantization_params per batch row.
#include <stdlib.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

static enum xqnn_status create(
    enum xqnn_operator_type type, size_t input_channels, size_t output_channels,
    size_t input_stride, size_t output_stride, uint32_t flags,
    const struct xqnn_quantized_weights weights, xqnn_operator_t* op_out) {
  const struct xqnn_convolution_geometry geometry = {
      .kernel_height = 1, .kernel_width = 1, .stride_height = 1, .stride_width = 1,
      .dilation_height = 1, .dilation_width = 1, .groups = 1,
      .group_input_channels = input_channels, .group_output_channels = output_channels,
      .input_pixel_stride = input_stride, .output_pixel_stride = output_stride, .flags = flags};
  xqnn_operator_t op = NULL;
  struct xqnn_channel_requantization requantization;
  void* transposed = NULL;
  enum xqnn_status status = xqnn_create_weighted_operator(
      type, &geometry, XQNN_FLAG_TRANSPOSE_WEIGHTS, &weights, op_out, &op, &requantization);
  if (status != xqnn_status_success) goto error;
  const void* kernel = weights.kernel;
  if (flags & XQNN_FLAG_TRANSPOSE_WEIGHTS) {
    status = xqnn_status_out_of_memory;
    transposed = malloc(input_channels * output_channels);
    if (transposed == NULL) goto error;
    xqnn_transpose_bytes(input_channels, output_channels, kernel, transposed);
    kernel = transposed;
  }
  status = xqnn_pack_operator_gemm_weights(op, &weights, &requantization, kernel);
  if (status != xqnn_status_success) goto error;
  xqnn_release_channel_requantization(&requantization);
  free(transposed);
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_release_channel_requantization(&requantization);
  free(transposed);
  xqnn_delete_operator(op);
  return status;
}

static enum xqnn_status reshape(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape fully_connected");
  if (status != xqnn_status_success) return status;
  const size_t log2_csize = op->variant->log2_output_size;
  size_t input_elements, output_row_bytes, output_bytes;
  if (!xqnn_mul_sz(batch_size, op->geometry.input_pixel_stride, &input_elements) ||
      !xqnn_mul_sz(op->geometry.output_pixel_stride, (size_t) 1 << log2_csize, &output_row_bytes) ||
      !xqnn_mul_sz(batch_size, output_row_bytes, &output_bytes)) {
    xqnn_log_error("reshape %s: batch size %zu overflows the tensor size", xqnn_operator_type_name(type), batch_size);
    op->state = xqnn_operator_state_created;
    return xqnn_status_invalid_parameter;
  }
  op->batch_size = batch_size;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  const struct xqnn_kernel_query query = xqnn_operator_kernel_query(op);
  const struct xqnn_kernel_choice kernels = xqnn_choose_kernel(&query);
  xqnn_init_gemm_compute(op, &kernels, op->packed_weights, op->packed_weights_group_stride, /*groups=*/1, batch_size,
                         op->geometry.input_pixel_stride << op->variant->log2_input_size,
                         output_row_bytes, xqnn_threadpool_size(threadpool));
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status =
      xqnn_check_weighted_setup(op, type, input, output, quantization_params);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.gemm.a = input;
  op->context.gemm.c = output;
  op->context.gemm.quantization_params = quantization_params;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define CREATE_ARGUMENTS \
  size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride
#define SHAPE input_channels, output_channels, input_stride, output_stride, flags

XQNN_DEFINE_WEIGHTED_CREATE(fully_connected_nc, fully_connected_nc, CREATE_ARGUMENTS, SHAPE, create)
XQNN_DEFINE_WEIGHTED_SETUP(fully_connected_nc, fully_connected_nc, setup)

#define DEFINE_RESHAPE(suffix, type)                                                            \
  enum xqnn_status xqnn_reshape_fully_connected_nc_##suffix(                                    \
      xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool) {        \
    return reshape(fully_connected_op, type, batch_size, threadpool);                           \
  }

DEFINE_RESHAPE(qs8, xqnn_operator_type_fully_connected_nc_qs8)
DEFINE_RESHAPE(qs8_qc8w, xqnn_operator_type_fully_connected_nc_qs8_qc8w)
DEFINE_RESHAPE(qu8, xqnn_operator_type_fully_connected_nc_qu8)
DEFINE_RESHAPE(qd8_f32_qc8w, xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w)
DEFINE_RESHAPE(qd8_f16_qc8w, xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w)
DEFINE_RESHAPE(qs16_qc8w, xqnn_operator_type_fully_connected_nc_qs16_qc8w)
