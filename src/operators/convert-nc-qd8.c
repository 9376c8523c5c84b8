// Dynamic per-row quantization f32 / fp16 -> QD8 (convert_nc_f32_qd8,
// convert_nc_f16_qd8): every row of [batch][channels] becomes int8 plus one
// struct xqnn_quantization_params. The formula is in
// src/xqnn/qd8-vcvt-scalar-template.h (and README, "Dynamic range quantization").
#include "xqnn/math.h"
#include "xqnn/operator.h"

static enum xqnn_status create_convert_qd8(
    enum xqnn_operator_type type, uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x (must be 0)", xqnn_operator_type_name(type),
                   (unsigned) flags);
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  op->flags = flags;
  *op_out = op;
  return xqnn_status_success;
}

static enum xqnn_status reshape_convert_qd8(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t channels,
    size_t input_stride, size_t output_stride, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape convert");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const size_t input_element_size = type == xqnn_operator_type_convert_nc_f16_qd8 ? 2 : 4;
  op->state = xqnn_operator_state_created;
  if (channels == 0) {
    xqnn_log_error("reshape %s: channels must be non-zero", name);
    return xqnn_status_invalid_parameter;
  }
  if (input_stride < channels) {
    xqnn_log_error("reshape %s: input stride %zu must be at least the channels %zu", name,
                   input_stride, channels);
    return xqnn_status_invalid_parameter;
  }
  if (output_stride < channels) {
    xqnn_log_error("reshape %s: output stride %zu must be at least the channels %zu", name,
                   output_stride, channels);
    return xqnn_status_invalid_parameter;
  }
  size_t input_bytes, input_row_bytes, output_bytes;
  if (!xqnn_mul_sz(input_stride, input_element_size, &input_row_bytes) ||
      !xqnn_mul_sz(batch_size, input_row_bytes, &input_bytes) ||
      !xqnn_mul_sz(batch_size, output_stride, &output_bytes) ||
      !xqnn_mul_sz(batch_size, sizeof(struct xqnn_quantization_params), &output_bytes)) {
    xqnn_log_error("reshape %s: batch size %zu x stride overflows the tensor size", name, batch_size);
    return xqnn_status_invalid_parameter;
  }
  const struct xqnn_qd8_vcvt_config* config = type == xqnn_operator_type_convert_nc_f16_qd8
                                                  ? xqnn_get_f16_qd8_vcvt_config()
                                                  : xqnn_get_f32_qd8_vcvt_config();
  op->batch_size = batch_size;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  op->context.qd8_convert = (struct xqnn_qd8_convert_context){
      .channels = channels,
      .input_stride = input_row_bytes,
      .output_stride = output_stride,
      .ukernel = config->ukernel,
  };
  // Rows are independent: with T threads about 5 tiles per thread.
  const size_t num_threads = xqnn_threadpool_size(threadpool);
  const size_t rows_per_tile =
      num_threads <= 1 ? batch_size : xqnn_max_sz(batch_size / (num_threads * XQNN_TARGET_TILES_PER_THREAD), 1);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_1d_tile_1d,
      .task_1d_tile_1d = xqnn_compute_qd8_convert,
      .context = &op->context.qd8_convert,
      .range = {batch_size},
      .tile = {rows_per_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_convert_qd8(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params) {
  const enum xqnn_status status =
      xqnn_check_setup(op, type, (const void* const[]){input, output, quantization_params}, 3);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.qd8_convert.input = input;
  op->context.qd8_convert.output = output;
  op->context.qd8_convert.quantization_params = quantization_params;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

enum xqnn_status xqnn_create_convert_nc_f32_qd8(uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert_qd8(xqnn_operator_type_convert_nc_f32_qd8, flags, convert_op_out);
}

enum xqnn_status xqnn_reshape_convert_nc_f32_qd8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool) {
  return reshape_convert_qd8(convert_op, xqnn_operator_type_convert_nc_f32_qd8, batch_size,
                             channels, input_stride, output_stride, threadpool);
}

enum xqnn_status xqnn_setup_convert_nc_f32_qd8(
    xqnn_operator_t convert_op, const float* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params) {
  return setup_convert_qd8(convert_op, xqnn_operator_type_convert_nc_f32_qd8, input, output,
                           quantization_params);
}

enum xqnn_status xqnn_create_convert_nc_f16_qd8(uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert_qd8(xqnn_operator_type_convert_nc_f16_qd8, flags, convert_op_out);
}

enum xqnn_status xqnn_reshape_convert_nc_f16_qd8(
    xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,
    size_t output_stride, pthreadpool_t threadpool) {
  return reshape_convert_qd8(convert_op, xqnn_operator_type_convert_nc_f16_qd8, batch_size,
                             channels, input_stride, output_stride, threadpool);
}

enum xqnn_status xqnn_setup_convert_nc_f16_qd8(
    xqnn_operator_t convert_op, const void* input, int8_t* output,
    struct xqnn_quantization_params* quantization_params) {
  return setup_convert_qd8(convert_op, xqnn_operator_type_convert_nc_f16_qd8, input, output,
                           quantization_params);
}
