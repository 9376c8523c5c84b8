// The gather shared by slice_nd_x8 and transpose_nd_x8 (struct
// xqnn_copy_nd_context): create, the normalisation of a strided view into the
// fewest dimensions, its tiling, and setup.
#include <stdint.h>
#include <string.h>

#include "xqnn/copy-nd.h"
#include "xqnn/math.h"

// Gather tiles (input not contiguous along the output's rows): 32 x 32 bytes
// read 32 input lines per tile, which stay in L1 while the tile's output rows
// are written.
#define GATHER_TILE 32
// Contiguous rows: tiles of at least ~4 KiB per thread call.
#define MIN_COPY_TILE_BYTES 4096

enum xqnn_status xqnn_create_copy_nd(enum xqnn_operator_type type, uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  const enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", xqnn_operator_type_name(type), (unsigned) flags);
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  *op_out = op;
  return xqnn_status_success;
}

void xqnn_set_copy_nd_compute(xqnn_operator_t op, size_t num_dims, const size_t* shape,
                              const ptrdiff_t* in_stride, ptrdiff_t input_offset, pthreadpool_t threadpool) {
  struct xqnn_copy_nd_context* ctx = &op->context.copy_nd;
  *ctx = (struct xqnn_copy_nd_context){.input_offset = input_offset};
  // Drop unit dimensions (they only move the offset, already in input_offset);
  // merge a dimension into the previous one when stepping the previous one
  // equals stepping across all of this one (the output is dense, so only the
  // input decides).
  size_t dims = 0;
  for (size_t d = 0; d < num_dims; d++) {
    if (shape[d] == 1) continue;
    if (dims > 0 && ctx->in_stride[dims - 1] == in_stride[d] * (ptrdiff_t) shape[d]) {
      ctx->shape[dims - 1] *= shape[d];  // <= output size: no overflow
      ctx->in_stride[dims - 1] = in_stride[d];
      continue;
    }
    ctx->shape[dims] = shape[d];
    ctx->in_stride[dims] = in_stride[d];
    dims++;
  }
  // At least two dimensions (rows and columns): prepend unit ones.
  const size_t lead = dims < 2 ? 2 - dims : 0;
  if (lead > 0) {
    memmove(ctx->shape + lead, ctx->shape, dims * sizeof(size_t));
    memmove(ctx->in_stride + lead, ctx->in_stride, dims * sizeof(ptrdiff_t));
    for (size_t d = 0; d < lead; d++) {
      ctx->shape[d] = 1;
      ctx->in_stride[d] = 0;
    }
    dims += lead;
  }
  // A single contiguous row still reads with stride 1 (a 1-element dimension
  // dropped above would otherwise leave stride 0 in the columns).
  if (ctx->shape[dims - 1] == 1) ctx->in_stride[dims - 1] = 1;
  ctx->dims = dims;
  size_t stride = 1;
  for (size_t d = dims; d-- > 0;) {
    ctx->out_stride[d] = stride;
    stride *= ctx->shape[d];
  }
  size_t outer = 1;
  for (size_t d = 0; d + 2 < dims; d++) outer *= ctx->shape[d];
  const size_t rows = ctx->shape[dims - 2], columns = ctx->shape[dims - 1];
  size_t row_tile, column_tile;
  const size_t threads = xqnn_threadpool_size(threadpool);
  if (ctx->in_stride[dims - 1] == 1) {
    // Whole rows, memcpy; with threads, about 5 tiles per thread of >= 4 KiB.
    column_tile = columns;
    row_tile = rows;
    if (threads > 1) {
      const size_t min_rows = xqnn_max_sz(1, MIN_COPY_TILE_BYTES / columns);
      row_tile = xqnn_min_sz(rows, xqnn_max_sz(min_rows, xqnn_divide_round_up(outer * rows, 5 * threads)));
    }
  } else {
    row_tile = xqnn_min_sz(rows, GATHER_TILE);
    column_tile = xqnn_min_sz(columns, GATHER_TILE);
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_3d_tile_2d,
      .task_3d_tile_2d = xqnn_compute_copy_nd,
      .context = ctx,
      .range = {outer, rows, columns},
      .tile = {row_tile, column_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
}

enum xqnn_status xqnn_setup_copy_nd(xqnn_operator_t op, enum xqnn_operator_type type, const void* input,
                                    void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.copy_nd.input = input;
  op->context.copy_nd.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

enum xqnn_status xqnn_set_concatenate_compute(xqnn_operator_t op, bool split, size_t num_parts,
                                              const size_t* part_axis_sizes, size_t num_dims,
                                              const size_t* shape, size_t axis, pthreadpool_t threadpool) {
  struct xqnn_concatenate_context* ctx = &op->context.concatenate;
  // One allocation: part pointers, then part_bytes, then part_offset.
  const size_t entry_bytes = sizeof(void*) + 2 * sizeof(size_t);
  if (ctx->capacity < num_parts || op->extra_buffer == NULL) {
    xqnn_release(op->extra_buffer);
    ctx->capacity = 0;
    op->extra_buffer = num_parts <= SIZE_MAX / entry_bytes ? xqnn_allocate_zero(num_parts * entry_bytes) : NULL;
    if (op->extra_buffer == NULL) {
      xqnn_log_error("reshape %s: cannot allocate the tables of %zu parts", xqnn_operator_type_name(op->type),
                     num_parts);
      return xqnn_status_out_of_memory;
    }
    ctx->capacity = num_parts;
  }
  const size_t capacity = ctx->capacity;
  void** parts = op->extra_buffer;
  size_t* part_bytes = (size_t*) (parts + capacity);
  size_t* part_offset = part_bytes + capacity;
  size_t rows = 1, inner = 1;
  for (size_t d = 0; d < axis; d++) rows *= shape[d];  // divides the checked whole size
  for (size_t d = axis + 1; d < num_dims; d++) inner *= shape[d];
  size_t offset = 0;
  for (size_t p = 0; p < num_parts; p++) {
    parts[p] = NULL;
    part_bytes[p] = part_axis_sizes[p] * inner;  // <= whole row: no overflow
    part_offset[p] = offset;
    offset += part_bytes[p];
  }
  *ctx = (struct xqnn_concatenate_context){.parts = parts, .part_bytes = part_bytes, .part_offset = part_offset,
                                           .whole_row_bytes = offset, .num_parts = num_parts,
                                           .capacity = capacity, .split = split};
  if (rows == 0 || offset == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  // Tiles of rows: the whole part with one thread; with threads, about 5
  // tiles per thread over all parts, none under ~4 KiB (when rows allow).
  const size_t threads = xqnn_threadpool_size(threadpool);
  size_t row_tile = rows;
  if (threads > 1) {
    const size_t min_rows = xqnn_max_sz(1, MIN_COPY_TILE_BYTES * num_parts / offset);
    row_tile = xqnn_min_sz(rows, xqnn_max_sz(min_rows, xqnn_divide_round_up(rows * num_parts, 5 * threads)));
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_1d,
      .task_2d_tile_1d = xqnn_compute_concatenate,
      .context = ctx,
      .range = {num_parts, rows},
      .tile = {row_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}
