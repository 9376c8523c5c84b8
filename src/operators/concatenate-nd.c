// concatenate_nd_x8: joins any number of dense N-D byte tensors along one axis
// (include/xqnn.h states the semantics). One operator takes all inputs
// (TFLite's CONCATENATION has any number; chaining XNNPACK-style 2-, 3- or
// 4-input operators would copy the data again for each link). Reshape
// normalises to rows: every input is `rows` (the product of the dimensions
// before the axis) contiguous blocks, each copied to its place in the output
// row; threads split over (input, rows).
#include "xqnn/copy-nd.h"
#include "xqnn/math.h"

enum xqnn_status xqnn_create_concatenate_nd_x8(uint32_t flags, xqnn_operator_t* concatenate_op_out) {
  return xqnn_create_copy_nd(xqnn_operator_type_concatenate_nd_x8, flags, concatenate_op_out);
}

enum xqnn_status xqnn_reshape_concatenate_nd_x8(
    xqnn_operator_t op, size_t num_inputs, size_t num_dims, const size_t* const* input_shapes, size_t axis,
    pthreadpool_t threadpool) {
  const enum xqnn_operator_type type = xqnn_operator_type_concatenate_nd_x8;
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape concatenate_nd_x8");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (num_dims == 0 || num_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: %zu dimensions (supported: 1 to %d)", name, num_dims, XQNN_MAX_TENSOR_DIMS);
    return xqnn_status_invalid_parameter;
  }
  if (num_inputs == 0 || input_shapes == NULL) {
    xqnn_log_error("reshape %s: %zu inputs, shapes %p (at least one input with its shape)", name, num_inputs,
                   (const void*) input_shapes);
    return xqnn_status_invalid_parameter;
  }
  if (axis >= num_dims) {
    xqnn_log_error("reshape %s: axis %zu is not one of the %zu dimensions", name, axis, num_dims);
    return xqnn_status_invalid_parameter;
  }
  size_t shape[XQNN_MAX_TENSOR_DIMS];
  for (size_t i = 0; i < num_inputs; i++) {
    if (input_shapes[i] == NULL) {
      xqnn_log_error("reshape %s: shape of input %zu is NULL", name, i);
      return xqnn_status_invalid_parameter;
    }
    for (size_t d = 0; d < num_dims; d++) {
      const size_t n = input_shapes[i][d];
      if (d == axis) {
        if (i == 0) shape[d] = 0;
        if (!xqnn_add_sz(shape[d], n, &shape[d])) {
          xqnn_log_error("reshape %s: the output size along axis %zu overflows", name, axis);
          return xqnn_status_invalid_parameter;
        }
      } else if (n == 0) {
        xqnn_log_error("reshape %s: dimension %zu of input %zu is 0 (only the axis may be empty)", name, d, i);
        return xqnn_status_invalid_parameter;
      } else if (i == 0) {
        shape[d] = n;
      } else if (n != shape[d]) {
        xqnn_log_error("reshape %s: dimension %zu of input %zu is %zu, of input 0 %zu (only the axis may differ)",
                       name, d, i, n, shape[d]);
        return xqnn_status_invalid_parameter;
      }
    }
  }
  size_t output_size;
  if (!xqnn_mul_sz_n(num_dims, shape, &output_size)) {
    xqnn_log_error("reshape %s: the output size overflows", name);
    return xqnn_status_invalid_parameter;
  }
  // The inputs' sizes along the axis, as the helper takes them.
  size_t* axis_sizes = xqnn_allocate_zero(num_inputs * sizeof(size_t));
  if (axis_sizes == NULL) {
    xqnn_log_error("reshape %s: cannot allocate %zu input sizes", name, num_inputs);
    return xqnn_status_out_of_memory;
  }
  for (size_t i = 0; i < num_inputs; i++) axis_sizes[i] = input_shapes[i][axis];
  status = xqnn_set_concatenate_compute(op, /*split=*/false, num_inputs, axis_sizes, num_dims, shape, axis,
                                        threadpool);
  xqnn_release(axis_sizes);
  return status;
}

enum xqnn_status xqnn_setup_concatenate_nd_x8(xqnn_operator_t op, const void* const* inputs, void* output) {
  const enum xqnn_operator_type type = xqnn_operator_type_concatenate_nd_x8;
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){inputs, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  struct xqnn_concatenate_context* ctx = &op->context.concatenate;
  for (size_t i = 0; i < ctx->num_parts; i++) {
    if (inputs[i] == NULL && ctx->part_bytes[i] != 0) {
      xqnn_log_error("setup %s: input %zu is NULL", xqnn_operator_type_name(type), i);
      return xqnn_status_invalid_parameter;
    }
  }
  for (size_t i = 0; i < ctx->num_parts; i++) ctx->parts[i] = (void*) inputs[i];
  ctx->whole = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}
