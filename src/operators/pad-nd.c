// constant_pad_nd_x8 and reflect_pad_nd_x8: padding of a dense N-D tensor of
// bytes (include/xqnn.h states the semantics). One reshape serves both.
//
// Reshape normalises the shape so that run copies whole blocks: the trailing
// dimensions without padding merge into one block of bytes, and the
// innermost padded dimension becomes the last; each output row (one index of
// the dimensions before it) is then one memcpy of the input row plus the
// padding on either side (memset of the value, or mirrored blocks). Rows whose
// outer index lies in a constant padding are one memset. Tiles of rows are
// split over threads.
#include <stdint.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"

static enum xqnn_status create_pad(enum xqnn_operator_type type, const void* padding_value,
                                   uint32_t flags, uint32_t supported_flags, xqnn_operator_t* op_out) {
  const char* name = xqnn_operator_type_name(type);
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if (type == xqnn_operator_type_constant_pad_nd_x8 && padding_value == NULL) {
    xqnn_log_error("create %s: padding value pointer is NULL", name);
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  if ((flags & ~supported_flags) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) flags);
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  op->flags = flags;
  op->context.pad.value = padding_value != NULL ? *(const uint8_t*) padding_value : 0;
  *op_out = op;
  return xqnn_status_success;
}

static enum xqnn_status reshape_fail(xqnn_operator_t op, enum xqnn_status status) {
  op->state = xqnn_operator_state_created;
  return status;
}

static enum xqnn_status reshape_pad(xqnn_operator_t op, enum xqnn_operator_type type, size_t num_dims,
                                    const size_t* input_shape, const size_t* pre_paddings,
                                    const size_t* post_paddings, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape pad_nd");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  const bool reflect = type == xqnn_operator_type_reflect_pad_nd_x8;
  const bool symmetric = (op->flags & XQNN_FLAG_SYMMETRIC_PADDING) != 0;
  if (num_dims == 0 || num_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: %zu dimensions (supported: 1 to %d)", name, num_dims, XQNN_MAX_TENSOR_DIMS);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  if (input_shape == NULL || pre_paddings == NULL || post_paddings == NULL) {
    xqnn_log_error("reshape %s: input shape, pre paddings and post paddings must not be NULL", name);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  size_t input_size = 1, output_size = 1;
  for (size_t d = 0; d < num_dims; d++) {
    size_t out;
    if (input_shape[d] == 0) {
      xqnn_log_error("reshape %s: input dimension %zu is 0", name, d);
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
    if (!xqnn_add_sz(input_shape[d], pre_paddings[d], &out) || !xqnn_add_sz(out, post_paddings[d], &out) ||
        !xqnn_mul_sz(output_size, out, &output_size) || !xqnn_mul_sz(input_size, input_shape[d], &input_size)) {
      xqnn_log_error("reshape %s: dimension %zu (%zu + padding %zu, %zu) overflows the tensor size", name, d,
                     input_shape[d], pre_paddings[d], post_paddings[d]);
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
    // One mirror image must reach the input: REFLECT skips the edge element.
    const size_t limit = symmetric ? input_shape[d] : input_shape[d] - 1;
    if (reflect && (pre_paddings[d] > limit || post_paddings[d] > limit)) {
      xqnn_log_error("reshape %s: paddings %zu, %zu of dimension %zu must not exceed %zu (input size %zu, %s)",
                     name, pre_paddings[d], post_paddings[d], d, limit, input_shape[d],
                     symmetric ? "symmetric" : "reflect");
      return reshape_fail(op, xqnn_status_invalid_parameter);
    }
  }

  // Normalise: `last` = innermost padded dimension (the innermost one if none
  // is padded), block = bytes of the unpadded dimensions inside it.
  size_t last = num_dims - 1;
  size_t block = 1;
  while (last > 0 && pre_paddings[last] == 0 && post_paddings[last] == 0) {
    block *= input_shape[last];  // <= input_size: no overflow
    last--;
  }
  struct xqnn_pad_context* ctx = &op->context.pad;
  const uint8_t value = ctx->value;  // kept from create
  *ctx = (struct xqnn_pad_context){.dims = last + 1, .block = block, .reflect = reflect,
                                   .symmetric = symmetric, .value = value};
  size_t stride = block;
  for (size_t d = last + 1; d-- > 0;) {
    ctx->in_shape[d] = input_shape[d];
    ctx->pre[d] = pre_paddings[d];
    ctx->out_shape[d] = pre_paddings[d] + input_shape[d] + post_paddings[d];
    ctx->in_stride[d] = stride;
    stride *= input_shape[d];
  }
  size_t rows = 1;
  for (size_t d = 0; d < last; d++) rows *= ctx->out_shape[d];  // divides output_size
  const size_t row_bytes = ctx->out_shape[last] * block;
  op->batch_size = rows;
  // Tiles of at least ~4 KiB of output, about 5 per thread.
  const size_t threads = xqnn_threadpool_size(threadpool);
  size_t row_tile = rows;
  if (threads > 1) {
    const size_t min_rows = xqnn_max_sz(1, 4096 / row_bytes);
    row_tile = xqnn_max_sz(min_rows, xqnn_divide_round_up(rows, 5 * threads));
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_1d_tile_1d,
      .task_1d_tile_1d = xqnn_compute_pad,
      .context = ctx,
      .range = {rows},
      .tile = {row_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_pad(xqnn_operator_t op, enum xqnn_operator_type type, const void* input,
                                  void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.pad.input = input;
  op->context.pad.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

enum xqnn_status xqnn_create_constant_pad_nd_x8(const void* padding_value, uint32_t flags,
                                                xqnn_operator_t* op_out) {
  return create_pad(xqnn_operator_type_constant_pad_nd_x8, padding_value, flags, 0, op_out);
}

enum xqnn_status xqnn_reshape_constant_pad_nd_x8(xqnn_operator_t op, size_t num_dims, const size_t* input_shape,
                                                 const size_t* pre_paddings, const size_t* post_paddings,
                                                 pthreadpool_t threadpool) {
  return reshape_pad(op, xqnn_operator_type_constant_pad_nd_x8, num_dims, input_shape, pre_paddings,
                     post_paddings, threadpool);
}

enum xqnn_status xqnn_setup_constant_pad_nd_x8(xqnn_operator_t op, const void* input, void* output) {
  return setup_pad(op, xqnn_operator_type_constant_pad_nd_x8, input, output);
}

enum xqnn_status xqnn_create_reflect_pad_nd_x8(uint32_t flags, xqnn_operator_t* op_out) {
  return create_pad(xqnn_operator_type_reflect_pad_nd_x8, NULL, flags, XQNN_FLAG_SYMMETRIC_PADDING, op_out);
}

enum xqnn_status xqnn_reshape_reflect_pad_nd_x8(xqnn_operator_t op, size_t num_dims, const size_t* input_shape,
                                                const size_t* pre_paddings, const size_t* post_paddings,
                                                pthreadpool_t threadpool) {
  return reshape_pad(op, xqnn_operator_type_reflect_pad_nd_x8, num_dims, input_shape, pre_paddings,
                     post_paddings, threadpool);
}

enum xqnn_status xqnn_setup_reflect_pad_nd_x8(xqnn_operator_t op, const void* input, void* output) {
  return setup_pad(op, xqnn_operator_type_reflect_pad_nd_x8, input, output);
}
