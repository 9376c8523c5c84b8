// slice_nd_x8: a (strided) window of a dense N-D tensor of bytes (include/xqnn.h
// states the semantics). Reshape turns offsets and strides into the byte
// strides of a gather (src/operators/copy-nd.c), which merges the dimensions
// the slice keeps whole, so a slice of whole rows is one memcpy per row.
#include <stdint.h>

#include "xqnn/copy-nd.h"
#include "xqnn/math.h"

static enum xqnn_status reshape_fail(xqnn_operator_t op, enum xqnn_status status) {
  op->state = xqnn_operator_state_created;
  return status;
}

enum xqnn_status xqnn_create_slice_nd_x8(uint32_t flags, xqnn_operator_t* slice_op_out) {
  return xqnn_create_copy_nd(xqnn_operator_type_slice_nd_x8, flags, slice_op_out);
}

enum xqnn_status xqnn_reshape_strided_slice_nd_x8(
    xqnn_operator_t op, size_t num_dims, const size_t* input_shape, const size_t* offsets,
    const int64_t* strides, const size_t* sizes, pthreadpool_t threadpool) {
  const enum xqnn_operator_type type = xqnn_operator_type_slice_nd_x8;
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape slice_nd_x8");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (num_dims == 0 || num_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: %zu dimensions (supported: 1 to %d)", name, num_dims, XQNN_MAX_TENSOR_DIMS);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  if (input_shape == NULL || offsets == NULL || strides == NULL || sizes == NULL) {
    xqnn_log_error("reshape %s: input shape, offsets, strides and sizes must not be NULL", name);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  size_t input_size;
  if (!xqnn_mul_sz_n(num_dims, input_shape, &input_size) || input_size > (size_t) PTRDIFF_MAX) {
    xqnn_log_error("reshape %s: the input size overflows", name);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  bool empty = false;
  ptrdiff_t in_stride[XQNN_MAX_TENSOR_DIMS];
  ptrdiff_t input_offset = 0;
  size_t dense_stride = input_size;
  for (size_t d = 0; d < num_dims; d++) {
    const size_t n = input_shape[d];
    if (n == 0) {
      xqnn_log_error("reshape %s: input dimension %zu is 0", name, d);
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
    dense_stride /= n;
    if (strides[d] == 0) {
      xqnn_log_error("reshape %s: stride of dimension %zu is 0", name, d);
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
    if (sizes[d] == 0) {
      empty = true;
      continue;
    }
    // First index offsets[d]; last offsets[d] + (sizes[d] - 1) * strides[d]:
    // both must lie in [0, n). A stepping dimension needs |stride| < n and
    // fewer than n steps; their product may still wrap for huge n, which the
    // division below detects.
    const uint64_t magnitude = strides[d] < 0 ? (uint64_t) 0 - (uint64_t) strides[d] : (uint64_t) strides[d];
    const size_t steps = sizes[d] - 1;
    bool inside = offsets[d] < n && (steps == 0 || (magnitude < n && steps < n));
    if (inside && steps != 0) {
      const size_t span = steps * (size_t) magnitude;
      inside = span / (size_t) magnitude == steps &&
               (strides[d] > 0 ? span < n - offsets[d] : span <= offsets[d]);
    }
    if (!inside) {
      xqnn_log_error("reshape %s: dimension %zu: %zu elements from offset %zu with stride %lld leave the input "
                     "(size %zu)", name, d, sizes[d], offsets[d], (long long) strides[d], n);
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
    input_offset += (ptrdiff_t) (offsets[d] * dense_stride);
    // A single index never steps (its stride may be anything).
    in_stride[d] = steps == 0 ? (ptrdiff_t) dense_stride : (ptrdiff_t) dense_stride * (ptrdiff_t) strides[d];
  }
  if (empty) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  xqnn_set_copy_nd_compute(op, num_dims, sizes, in_stride, input_offset, threadpool);
  return xqnn_status_success;
}

enum xqnn_status xqnn_reshape_slice_nd_x8(
    xqnn_operator_t op, size_t num_dims, const size_t* input_shape, const size_t* offsets, const size_t* sizes,
    pthreadpool_t threadpool) {
  _Static_assert(XQNN_MAX_TENSOR_DIMS == 6, "one unit stride per dimension");
  static const int64_t unit_strides[XQNN_MAX_TENSOR_DIMS] = {1, 1, 1, 1, 1, 1};
  return xqnn_reshape_strided_slice_nd_x8(op, num_dims, input_shape, offsets, unit_strides, sizes, threadpool);
}

enum xqnn_status xqnn_setup_slice_nd_x8(xqnn_operator_t op, const void* input, void* output) {
  return xqnn_setup_copy_nd(op, xqnn_operator_type_slice_nd_x8, input, output);
}
