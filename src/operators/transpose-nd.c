// transpose_nd_x8: permutes the dimensions of a dense N-D tensor of bytes
// (include/xqnn.h states the semantics). Reshape expresses the output as a
// gather from the input (src/operators/copy-nd.c): dimensions that stay
// adjacent and in order merge, so e.g. NHWC -> NCHW becomes a batch of 2-D
// transposes [H*W, C] -> [C, H*W], computed in 32 x 32 tiles; a permutation
// that keeps the innermost dimension last is whole-row memcpy.
#include <stdbool.h>

#include "xqnn/copy-nd.h"
#include "xqnn/math.h"

enum xqnn_status xqnn_create_transpose_nd_x8(uint32_t flags, xqnn_operator_t* transpose_op_out) {
  return xqnn_create_copy_nd(xqnn_operator_type_transpose_nd_x8, flags, transpose_op_out);
}

enum xqnn_status xqnn_reshape_transpose_nd_x8(
    xqnn_operator_t op, size_t num_dims, const size_t* input_shape, const size_t* perm, pthreadpool_t threadpool) {
  const enum xqnn_operator_type type = xqnn_operator_type_transpose_nd_x8;
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape transpose_nd_x8");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (num_dims == 0 || num_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: %zu dimensions (supported: 1 to %d)", name, num_dims, XQNN_MAX_TENSOR_DIMS);
    return xqnn_status_invalid_parameter;
  }
  if (input_shape == NULL || perm == NULL) {
    xqnn_log_error("reshape %s: input shape and permutation must not be NULL", name);
    return xqnn_status_invalid_parameter;
  }
  size_t input_size;
  if (!xqnn_mul_sz_n(num_dims, input_shape, &input_size) || input_size > (size_t) PTRDIFF_MAX) {
    xqnn_log_error("reshape %s: the input size overflows", name);
    return xqnn_status_invalid_parameter;
  }
  bool seen[XQNN_MAX_TENSOR_DIMS] = {false};
  for (size_t d = 0; d < num_dims; d++) {
    if (input_shape[d] == 0) {
      xqnn_log_error("reshape %s: input dimension %zu is 0", name, d);
      return xqnn_status_invalid_parameter;
    }
    if (perm[d] >= num_dims || seen[perm[d]]) {
      xqnn_log_error("reshape %s: perm[%zu] = %zu is out of range or repeated (not a permutation of %zu "
                     "dimensions)", name, d, perm[d], num_dims);
      return xqnn_status_invalid_parameter;
    }
    seen[perm[d]] = true;
  }
  size_t dense_stride[XQNN_MAX_TENSOR_DIMS];
  for (size_t d = num_dims, stride = 1; d-- > 0;) {
    dense_stride[d] = stride;
    stride *= input_shape[d];
  }
  size_t shape[XQNN_MAX_TENSOR_DIMS];
  ptrdiff_t in_stride[XQNN_MAX_TENSOR_DIMS];
  for (size_t d = 0; d < num_dims; d++) {
    shape[d] = input_shape[perm[d]];
    in_stride[d] = (ptrdiff_t) dense_stride[perm[d]];
  }
  xqnn_set_copy_nd_compute(op, num_dims, shape, in_stride, 0, threadpool);
  return xqnn_status_success;
}

enum xqnn_status xqnn_setup_transpose_nd_x8(xqnn_operator_t op, const void* input, void* output) {
  return xqnn_setup_copy_nd(op, xqnn_operator_type_transpose_nd_x8, input, output);
}
