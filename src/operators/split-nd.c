// split_nd_x8: cuts a dense N-D byte tensor along one axis into any number of
// outputs (include/xqnn.h states the semantics): the inverse of
// concatenate_nd_x8, on the same row copies. A dedicated operator rather than
// one slice per output: one operator to create and run for TFLite's SPLIT /
// SPLIT_V, one pass over the input, and one tiling over all outputs.
#include "xqnn/copy-nd.h"
#include "xqnn/math.h"

enum xqnn_status xqnn_create_split_nd_x8(uint32_t flags, xqnn_operator_t* split_op_out) {
  return xqnn_create_copy_nd(xqnn_operator_type_split_nd_x8, flags, split_op_out);
}

enum xqnn_status xqnn_reshape_split_nd_x8(
    xqnn_operator_t op, size_t num_outputs, size_t num_dims, const size_t* input_shape, size_t axis,
    const size_t* split_sizes, pthreadpool_t threadpool) {
  const enum xqnn_operator_type type = xqnn_operator_type_split_nd_x8;
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape split_nd_x8");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (num_dims == 0 || num_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: %zu dimensions (supported: 1 to %d)", name, num_dims, XQNN_MAX_TENSOR_DIMS);
    return xqnn_status_invalid_parameter;
  }
  if (num_outputs == 0 || input_shape == NULL || split_sizes == NULL) {
    xqnn_log_error("reshape %s: %zu outputs (at least one), input shape and split sizes must not be NULL", name,
                   num_outputs);
    return xqnn_status_invalid_parameter;
  }
  if (axis >= num_dims) {
    xqnn_log_error("reshape %s: axis %zu is not one of the %zu dimensions", name, axis, num_dims);
    return xqnn_status_invalid_parameter;
  }
  size_t input_size;
  if (!xqnn_mul_sz_n(num_dims, input_shape, &input_size)) {
    xqnn_log_error("reshape %s: the input size overflows", name);
    return xqnn_status_invalid_parameter;
  }
  for (size_t d = 0; d < num_dims; d++) {
    if (input_shape[d] == 0) {
      xqnn_log_error("reshape %s: input dimension %zu is 0", name, d);
      return xqnn_status_invalid_parameter;
    }
  }
  size_t total = 0;
  for (size_t i = 0; i < num_outputs; i++) {
    if (!xqnn_add_sz(total, split_sizes[i], &total)) total = SIZE_MAX;
  }
  if (total != input_shape[axis]) {
    xqnn_log_error("reshape %s: split sizes sum to %zu, input dimension %zu (the axis) is %zu", name, total, axis,
                   input_shape[axis]);
    return xqnn_status_invalid_parameter;
  }
  return xqnn_set_concatenate_compute(op, /*split=*/true, num_outputs, split_sizes, num_dims, input_shape, axis,
                                      threadpool);
}

enum xqnn_status xqnn_setup_split_nd_x8(xqnn_operator_t op, const void* input, void* const* outputs) {
  const enum xqnn_operator_type type = xqnn_operator_type_split_nd_x8;
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, outputs}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  struct xqnn_concatenate_context* ctx = &op->context.concatenate;
  for (size_t i = 0; i < ctx->num_parts; i++) {
    if (outputs[i] == NULL && ctx->part_bytes[i] != 0) {
      xqnn_log_error("setup %s: output %zu is NULL", xqnn_operator_type_name(type), i);
      return xqnn_status_invalid_parameter;
    }
  }
  for (size_t i = 0; i < ctx->num_parts; i++) ctx->parts[i] = outputs[i];
  ctx->whole = (void*) input;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}
