// Shared by the copy operators (src/operators/copy-nd.c): the gather of
// slice_nd_x8 and transpose_nd_x8, and the row copies of concatenate_nd_x8 and
// split_nd_x8.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/operator.h"

#ifdef __cplusplus
extern "C" {
#endif

// Create with no parameters but flags (which must be 0).
enum xqnn_status xqnn_create_copy_nd(enum xqnn_operator_type type, uint32_t flags, xqnn_operator_t* op_out);

// The gather of a checked view: output `shape` (num_dims <= XQNN_MAX_TENSOR_DIMS,
// every size non-zero), output index i reads input byte
// input_offset + sum(i[d] * in_stride[d]). Normalises it into
// op->context.copy_nd, tiles it for the pool and leaves the operator needing setup.
void xqnn_set_copy_nd_compute(xqnn_operator_t op, size_t num_dims, const size_t* shape,
                              const ptrdiff_t* in_stride, ptrdiff_t input_offset, pthreadpool_t threadpool);

enum xqnn_status xqnn_setup_copy_nd(xqnn_operator_t op, enum xqnn_operator_type type, const void* input,
                                    void* output);

// Concatenate / split along `axis` of `num_parts` tensors whose shapes agree
// but for the axis (checked by the caller): part p has part_axis_sizes[p]
// indices there; `shape` is the whole tensor's. Fills op->context.concatenate
// (its arrays in op->extra_buffer, grown as needed; the part pointers are
// left NULL for setup), tiles it and leaves the operator needing setup, or in
// state skip when the whole tensor is empty. out_of_memory if the arrays
// cannot be allocated.
enum xqnn_status xqnn_set_concatenate_compute(xqnn_operator_t op, bool split, size_t num_parts,
                                              const size_t* part_axis_sizes, size_t num_dims,
                                              const size_t* shape, size_t axis, pthreadpool_t threadpool);

#ifdef __cplusplus
}  // extern "C"
#endif
