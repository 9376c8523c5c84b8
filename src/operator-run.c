// Tile functions called by pthreadpool, and xqnn_run_operator.
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "xqnn/compute.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"

void xqnn_compute_grouped_gemm(
    void* context, size_t group_index, size_t mr_block_start, size_t nr_block_start,
    size_t mr_block_size, size_t nr_block_size) {
  const struct xqnn_gemm_context* ctx = context;
  const size_t mr = ctx->mr;
  const uint8_t* a = (const uint8_t*) ctx->a + group_index * ctx->ga_stride;
  const uint8_t* w = (const uint8_t*) ctx->packed_w + group_index * ctx->gw_stride +
                     (nr_block_start / ctx->nr) * ctx->w_stride;
  uint8_t* c = (uint8_t*) ctx->c + group_index * ctx->gc_stride +
               (nr_block_start << ctx->log2_csize);
  const size_t m_end = mr_block_start + mr_block_size;
  for (size_t m = mr_block_start; m < m_end; m += mr) {
    const size_t rows = xqnn_min_sz(mr, m_end - m);
    const xqnn_gemm_ukernel_fn ukernel = rows == 1 ? ctx->ukernel1 : ctx->ukernel;
    ukernel(rows, nr_block_size, ctx->kc, a + m * ctx->a_stride, ctx->a_stride, w,
            c + m * ctx->cm_stride, ctx->cm_stride, ctx->cn_stride, &ctx->params,
            ctx->quantization_params != NULL ? ctx->quantization_params + m : NULL);
  }
}

void xqnn_compute_grouped_batch_igemm(
    void* context, size_t batch_index, size_t group_index, size_t mr_block_start,
    size_t nr_block_start, size_t mr_block_size, size_t nr_block_size) {
  const struct xqnn_igemm_context* ctx = context;
  const size_t mr = ctx->mr;
  const size_t a_offset =
      (uintptr_t) ctx->a + batch_index * ctx->ba_stride + group_index * ctx->ga_stride;
  const void* zero = (const uint8_t*) ctx->zero + batch_index * ctx->zero_batch_stride;
  const uint8_t* w = (const uint8_t*) ctx->packed_w + group_index * ctx->gw_stride +
                     (nr_block_start / ctx->nr) * ctx->w_stride;
  uint8_t* c = (uint8_t*) ctx->c + batch_index * ctx->bc_stride + group_index * ctx->gc_stride +
               (nr_block_start << ctx->log2_csize);
  const struct xqnn_quantization_params* qp =
      ctx->quantization_params != NULL ? ctx->quantization_params + batch_index : NULL;
  const size_t m_end = mr_block_start + mr_block_size;
  for (size_t m = mr_block_start; m < m_end; m += mr) {
    const size_t rows = xqnn_min_sz(mr, m_end - m);
    ctx->ukernel(rows, nr_block_size, ctx->kc, ctx->ks,
                 ctx->indirect_a + batch_index * ctx->indirect_batch_stride + m * ctx->ks, w,
                 c + m * ctx->cm_stride, ctx->cm_stride, ctx->cn_stride, a_offset, zero,
                 &ctx->params, qp);
  }
}

void xqnn_compute_dwconv(
    void* context, size_t batch_index, size_t output_y_start, size_t output_y_count) {
  const struct xqnn_dwconv_context* ctx = context;
  const size_t input_offset = (uintptr_t) ctx->input + batch_index * ctx->input_batch_stride;
  const size_t out_pixel_bytes = ctx->output_pixel_stride << ctx->log2_output_size;
  const size_t chunk = ctx->multipass ? XQNN_DWCONV_CHANNEL_CHUNK : ctx->channels;
  int32_t buffer[XQNN_DWCONV_CHANNEL_CHUNK];
  for (size_t y = output_y_start; y < output_y_start + output_y_count; y++) {
    const void** indirection = (const void**) ((uintptr_t) ctx->indirect_input +
                                               y * ctx->indirect_input_height_stride);
    uint8_t* output = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride +
                      y * ctx->output_height_stride;
    for (size_t c = 0; c < ctx->channels; c += chunk) {
      const size_t channels = xqnn_min_sz(chunk, ctx->channels - c);
      ctx->ukernel(channels, ctx->output_width, indirection,
                   (const uint8_t*) ctx->packed_weights + (c / ctx->channel_tile) * ctx->weights_tile_stride,
                   output + (c << ctx->log2_output_size), ctx->indirect_input_width_stride,
                   out_pixel_bytes - (channels << ctx->log2_output_size),
                   input_offset + (c << ctx->log2_input_size), ctx->zero, ctx->kernel_size,
                   ctx->multipass ? buffer : NULL, &ctx->params);
    }
  }
}

void xqnn_compute_qd8_convert(void* context, size_t row_start, size_t rows) {
  const struct xqnn_qd8_convert_context* ctx = context;
  for (size_t r = row_start; r < row_start + rows; r++) {
    ctx->ukernel(ctx->channels, (const uint8_t*) ctx->input + r * ctx->input_stride,
                 ctx->output + r * ctx->output_stride, &ctx->quantization_params[r]);
  }
}

static void fill_qd8_zero_rows(const void* zero, size_t stride,
                               const struct xqnn_quantization_params* quantization_params,
                               size_t batch_start, size_t batch_count) {
  for (size_t b = batch_start; b < batch_start + batch_count; b++) {
    // The zero buffer is owned by the operator; `zero` is const only in the contexts.
    memset((uint8_t*) (uintptr_t) zero + b * stride,
           (int) (int8_t) quantization_params[b].zero_point, stride);
  }
}

void xqnn_compute_qd8_fill_zero(void* context, size_t batch_start, size_t batch_count) {
  const struct xqnn_igemm_context* ctx = context;
  fill_qd8_zero_rows(ctx->zero, ctx->zero_batch_stride, ctx->quantization_params, batch_start,
                     batch_count);
}

void xqnn_compute_qd8_fill_zero_subconv(void* context, size_t batch_start, size_t batch_count) {
  const struct xqnn_subconv_context* ctx = context;
  fill_qd8_zero_rows(ctx->zero, ctx->zero_batch_stride, ctx->quantization_params, batch_start,
                     batch_count);
}

enum xqnn_status xqnn_run_operator(xqnn_operator_t op, pthreadpool_t threadpool) {
  if (op == NULL) {
    xqnn_log_error("run_operator: operator is NULL");
    return xqnn_status_invalid_parameter;
  }
  switch (op->state) {
    case xqnn_operator_state_ready:
      break;
    case xqnn_operator_state_skip:
      return xqnn_status_success;
    case xqnn_operator_state_created:
      xqnn_log_error("run_operator: %s must be reshaped before it runs", xqnn_operator_type_name(op->type));
      return xqnn_status_invalid_state;
    case xqnn_operator_state_needs_setup:
      xqnn_log_error("run_operator: %s must be set up before it runs", xqnn_operator_type_name(op->type));
      return xqnn_status_invalid_state;
  }
  const uint32_t flags = xqnn_threadpool_flags(threadpool);
  for (size_t i = 0; i < op->num_computes; i++) {
    const struct xqnn_compute* compute = &op->compute[i];
    switch (compute->type) {
      case xqnn_parallelization_none:
        break;
      case xqnn_parallelization_1d_tile_1d:
        pthreadpool_parallelize_1d_tile_1d(threadpool, compute->task_1d_tile_1d, compute->context,
                                           compute->range[0], compute->tile[0], flags);
        break;
      case xqnn_parallelization_2d_tile_1d:
        pthreadpool_parallelize_2d_tile_1d(threadpool, compute->task_2d_tile_1d, compute->context,
                                           compute->range[0], compute->range[1], compute->tile[0], flags);
        break;
      case xqnn_parallelization_3d_tile_2d:
        pthreadpool_parallelize_3d_tile_2d(threadpool, compute->task_3d_tile_2d, compute->context,
                                           compute->range[0], compute->range[1], compute->range[2],
                                           compute->tile[0], compute->tile[1], flags);
        break;
      case xqnn_parallelization_4d_tile_2d:
        pthreadpool_parallelize_4d_tile_2d(threadpool, compute->task_4d_tile_2d, compute->context,
                                           compute->range[0], compute->range[1], compute->range[2],
                                           compute->range[3], compute->tile[0], compute->tile[1], flags);
        break;
      case xqnn_parallelization_2d_tile_2d:
        pthreadpool_parallelize_2d_tile_2d(threadpool, compute->task_2d_tile_2d, compute->context,
                                           compute->range[0], compute->range[1], compute->tile[0],
                                           compute->tile[1], flags);
        break;
    }
  }
  return xqnn_status_success;
}

// ---- Elementwise, pooling and conversion operators ----

void xqnn_compute_elementwise_binary_nd(
    void* context, size_t row_start, size_t element_start, size_t row_tile, size_t element_tile) {
  const struct xqnn_elementwise_binary_context* ctx = context;
  const size_t row_end = row_start + row_tile;
  for (size_t r = row_start; r < row_end; r++) {
    size_t a_offset = 0, b_offset = 0, index = r;
    for (size_t k = XQNN_BINARY_OUTER_DIMS; k-- > 0;) {
      const size_t i = index % ctx->outer[k];
      index /= ctx->outer[k];
      a_offset += i * ctx->a_stride[k];
      b_offset += i * ctx->b_stride[k];
    }
    const uint32_t log2_size = ctx->log2_element_size;
    const uint8_t* a = (const uint8_t*) ctx->a + ((a_offset + element_start) << log2_size);
    const uint8_t* b = (const uint8_t*) ctx->b + ((b_offset + (ctx->broadcast_b ? 0 : element_start)) << log2_size);
    uint8_t* y = (uint8_t*) ctx->y + ((r * ctx->elements + element_start) << log2_size);
    ctx->ukernel(element_tile, a, b, y, &ctx->params);
  }
}

void xqnn_compute_global_average_pooling_nwc(
    void* context, size_t batch_index, size_t channel_start, size_t channel_tile) {
  const struct xqnn_global_average_pooling_context* ctx = context;
  const uint8_t* input =
      (const uint8_t*) ctx->input + batch_index * ctx->input_batch_stride + channel_start;
  uint8_t* output = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride + channel_start;
  if (ctx->rows <= ctx->row_tile) {
    ctx->unipass(ctx->rows, channel_tile, input, ctx->input_pixel_stride, ctx->zero, output,
                 &ctx->params);
  } else {
    int32_t* buffer = ctx->buffer + batch_index * ctx->buffer_batch_stride + channel_start;
    ctx->multipass(ctx->rows, channel_tile, input, ctx->input_pixel_stride, ctx->zero, buffer,
                   output, &ctx->params);
  }
}

void xqnn_compute_max_pooling(void* context, size_t batch_index, size_t row_start, size_t row_count) {
  const struct xqnn_max_pooling_context* ctx = context;
  const size_t input_offset = (uintptr_t) ctx->input + batch_index * ctx->input_batch_stride;
  const void** indirection =
      (const void**) ((uintptr_t) ctx->indirection + row_start * ctx->indirection_row_stride);
  uint8_t* output = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride +
                    row_start * ctx->output_row_stride;
  for (size_t r = 0; r < row_count; r++) {
    ctx->ukernel(ctx->output_width, ctx->kernel_elements, ctx->channels, indirection, input_offset,
                 ctx->pad, output, ctx->output_pixel_stride, &ctx->params);
    indirection = (const void**) ((uintptr_t) indirection + ctx->indirection_row_stride);
    output += ctx->output_row_stride;
  }
}

void xqnn_compute_average_pooling(void* context, size_t batch_index, size_t row_start, size_t row_count) {
  const struct xqnn_average_pooling_context* ctx = context;
  const size_t input_offset = (uintptr_t) ctx->input + batch_index * ctx->input_batch_stride;
  const void** indirection =
      (const void**) ((uintptr_t) ctx->indirection + row_start * ctx->indirection_row_stride);
  const float* pixel_scale = ctx->pixel_scale + row_start * ctx->output_width;
  uint8_t* output = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride +
                    row_start * ctx->output_row_stride;
  for (size_t r = 0; r < row_count; r++) {
    ctx->ukernel(ctx->output_width, ctx->kernel_elements, ctx->channels, indirection, input_offset,
                 ctx->pad, pixel_scale, output, ctx->output_pixel_stride, &ctx->params);
    indirection = (const void**) ((uintptr_t) indirection + ctx->indirection_row_stride);
    pixel_scale += ctx->output_width;
    output += ctx->output_row_stride;
  }
}

// Index of the input along one dimension for output index `i` of a reflect
// pad (reshape checked that one reflection reaches the input).
static size_t reflect_index(size_t i, size_t pre, size_t n, bool symmetric) {
  if (i < pre) {
    const size_t before = pre - i;  // distance before element 0
    return symmetric ? before - 1 : before;
  }
  const size_t x = i - pre;
  if (x < n) return x;
  const size_t after = x - n;  // distance past the last element, from 0
  return symmetric ? n - 1 - after : n - 2 - after;
}

void xqnn_compute_pad(void* context, size_t row_start, size_t row_count) {
  const struct xqnn_pad_context* ctx = context;
  const size_t last = ctx->dims - 1;
  const size_t block = ctx->block;
  const size_t n = ctx->in_shape[last];
  const size_t pre = ctx->pre[last];
  const size_t out_blocks = ctx->out_shape[last];
  const size_t row_bytes = out_blocks * block;
  uint8_t* y = (uint8_t*) ctx->output + row_start * row_bytes;
  for (size_t row = row_start; row < row_start + row_count; row++, y += row_bytes) {
    // Source row: map each outer index to the input (or find it in the padding).
    size_t offset = 0, index = row;
    bool in_padding = false;
    for (size_t d = last; d-- > 0;) {
      const size_t i = index % ctx->out_shape[d];
      index /= ctx->out_shape[d];
      size_t s;
      if (ctx->reflect) {
        s = reflect_index(i, ctx->pre[d], ctx->in_shape[d], ctx->symmetric);
      } else if (i < ctx->pre[d] || i - ctx->pre[d] >= ctx->in_shape[d]) {
        in_padding = true;
        break;
      } else {
        s = i - ctx->pre[d];
      }
      offset += s * ctx->in_stride[d];
    }
    if (in_padding) {
      memset(y, ctx->value, row_bytes);
      continue;
    }
    const uint8_t* x = (const uint8_t*) ctx->input + offset;
    memcpy(y + pre * block, x, n * block);
    if (!ctx->reflect) {
      memset(y, ctx->value, pre * block);
      memset(y + (pre + n) * block, ctx->value, (out_blocks - pre - n) * block);
      continue;
    }
    for (size_t i = 0; i < pre; i++) {
      memcpy(y + i * block, x + reflect_index(i, pre, n, ctx->symmetric) * block, block);
    }
    for (size_t i = pre + n; i < out_blocks; i++) {
      memcpy(y + i * block, x + reflect_index(i, pre, n, ctx->symmetric) * block, block);
    }
  }
}

// y[k][j] = x[j][k] for an 8 x 8 block of bytes (rows of x at x_stride,
// rows of y at y_stride): eight 8-byte loads, a transpose inside eight
// 64-bit words (swap off-diagonal bytes, then byte pairs, then quads, each
// by one masked xor exchange), eight 8-byte stores. The shifts assume that
// byte k of a word is its k-th byte in memory: little-endian only.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define XQNN_TRANSPOSE_8X8 1
static void transpose_8x8_bytes(const uint8_t* x, ptrdiff_t x_stride, uint8_t* y, size_t y_stride) {
  uint64_t a[8];
  for (size_t j = 0; j < 8; j++) memcpy(&a[j], x + (ptrdiff_t) j * x_stride, sizeof(uint64_t));
  for (size_t i = 0; i < 8; i += 2) {
    const uint64_t t = ((a[i] >> 8) ^ a[i + 1]) & UINT64_C(0x00FF00FF00FF00FF);
    a[i + 1] ^= t;
    a[i] ^= t << 8;
  }
  for (size_t i = 0; i < 8; i += (i % 4 == 1) ? 3 : 1) {  // i = 0, 1, 4, 5
    const uint64_t t = ((a[i] >> 16) ^ a[i + 2]) & UINT64_C(0x0000FFFF0000FFFF);
    a[i + 2] ^= t;
    a[i] ^= t << 16;
  }
  for (size_t i = 0; i < 4; i++) {
    const uint64_t t = ((a[i] >> 32) ^ a[i + 4]) & UINT64_C(0x00000000FFFFFFFF);
    a[i + 4] ^= t;
    a[i] ^= t << 32;
  }
  for (size_t k = 0; k < 8; k++) memcpy(y + k * y_stride, &a[k], sizeof(uint64_t));
}
#else
#define XQNN_TRANSPOSE_8X8 0
#endif

void xqnn_compute_copy_nd(
    void* context, size_t outer, size_t row_start, size_t column_start, size_t row_count,
    size_t column_count) {
  const struct xqnn_copy_nd_context* ctx = context;
  const size_t rows_dim = ctx->dims - 2, columns_dim = ctx->dims - 1;
  // Offsets of the tile's first element: the outer index spans dims 0 .. dims - 3.
  ptrdiff_t x_offset = ctx->input_offset;
  size_t y_offset = 0;
  for (size_t d = rows_dim, index = outer; d-- > 0;) {
    const size_t i = index % ctx->shape[d];
    index /= ctx->shape[d];
    x_offset += (ptrdiff_t) i * ctx->in_stride[d];
    y_offset += i * ctx->out_stride[d];
  }
  x_offset += (ptrdiff_t) row_start * ctx->in_stride[rows_dim] + (ptrdiff_t) column_start * ctx->in_stride[columns_dim];
  y_offset += row_start * ctx->out_stride[rows_dim] + column_start;
  const uint8_t* x = (const uint8_t*) ctx->input + x_offset;
  uint8_t* y = (uint8_t*) ctx->output + y_offset;
  const ptrdiff_t x_row_stride = ctx->in_stride[rows_dim], x_column_stride = ctx->in_stride[columns_dim];
  const size_t y_row_stride = ctx->out_stride[rows_dim];
  if (x_column_stride == 1) {
    for (size_t r = 0; r < row_count; r++, x += x_row_stride, y += y_row_stride) memcpy(y, x, column_count);
    return;
  }
  // Gather. Reshape keeps tiles small (32 x 32) so that the input lines they
  // touch stay in L1 while the output is written row by row.
  size_t r = 0;
#if XQNN_TRANSPOSE_8X8
  if (x_row_stride == 1) {
    // A 2-D transpose (the input is contiguous along the output's rows, e.g.
    // NHWC -> NCHW): 8 x 8 blocks, 8 bytes loaded from each of 8 input lines.
    for (; r + 8 <= row_count; r += 8) {
      size_t c = 0;
      for (; c + 8 <= column_count; c += 8) {
        transpose_8x8_bytes(x + r + (ptrdiff_t) c * x_column_stride, x_column_stride, y + r * y_row_stride + c,
                            y_row_stride);
      }
      for (; c < column_count; c++) {
        const uint8_t* xc = x + r + (ptrdiff_t) c * x_column_stride;
        for (size_t k = 0; k < 8; k++) y[(r + k) * y_row_stride + c] = xc[k];
      }
    }
  }
#endif
  for (x += (ptrdiff_t) r * x_row_stride, y += r * y_row_stride; r < row_count;
       r++, x += x_row_stride, y += y_row_stride) {
    const uint8_t* xc = x;
    for (size_t c = 0; c < column_count; c++, xc += x_column_stride) y[c] = *xc;
  }
}

void xqnn_compute_concatenate(void* context, size_t part, size_t row_start, size_t row_count) {
  const struct xqnn_concatenate_context* ctx = context;
  const size_t bytes = ctx->part_bytes[part];
  if (bytes == 0) return;  // an empty part (its pointer may be NULL)
  uint8_t* whole = (uint8_t*) ctx->whole + row_start * ctx->whole_row_bytes + ctx->part_offset[part];
  uint8_t* own = (uint8_t*) ctx->parts[part] + row_start * bytes;
  for (size_t r = 0; r < row_count; r++, whole += ctx->whole_row_bytes, own += bytes) {
    if (ctx->split) {
      memcpy(own, whole, bytes);
    } else {
      memcpy(whole, own, bytes);
    }
  }
}

void xqnn_compute_univector_strided(
    void* context, size_t row_start, size_t element_start, size_t row_tile, size_t element_tile) {
  const struct xqnn_univector_strided_context* ctx = context;
  const uint8_t* x = (const uint8_t*) ctx->x + row_start * ctx->x_stride +
                     (element_start << ctx->log2_xsize);
  uint8_t* y = (uint8_t*) ctx->y + row_start * ctx->y_stride + (element_start << ctx->log2_ysize);
  for (size_t r = 0; r < row_tile; r++) {
    ctx->ukernel(element_tile, x, y, &ctx->params);
    x += ctx->x_stride;
    y += ctx->y_stride;
  }
}

// ---- deconvolution sub-convolutions ----

void xqnn_compute_subconv2d(
    void* context, size_t batch_group_index, size_t subconv_row_index, size_t x_start,
    size_t nr_block_start, size_t x_size, size_t nr_block_size) {
  const struct xqnn_subconv_context* ctx = context;
  const struct xqnn_subconv_params* sc = &ctx->subconv[subconv_row_index / ctx->max_rows];
  const size_t y = subconv_row_index % ctx->max_rows;
  if (y >= sc->rows || x_start >= sc->width) return;
  const size_t x_end = xqnn_min_sz(x_start + x_size, sc->width);
  const size_t batch_index = batch_group_index / ctx->groups;
  const size_t group_index = batch_group_index % ctx->groups;
  const size_t mr = ctx->mr;
  const uint8_t* w = (const uint8_t*) sc->packed_w + group_index * sc->gw_stride +
                     (nr_block_start / ctx->nr) * sc->w_stride;
  uint8_t* c = (uint8_t*) ctx->c + batch_index * ctx->bc_stride + group_index * ctx->gc_stride +
               sc->c_offset + y * ctx->cy_stride + x_start * ctx->cx_stride +
               (nr_block_start << ctx->log2_csize);
  const struct xqnn_quantization_params* qp =
      ctx->quantization_params != NULL ? ctx->quantization_params + batch_index : NULL;
  if (ctx->gemm != NULL) {
    const uint8_t* a = (const uint8_t*) ctx->a + batch_index * ctx->ba_stride +
                       group_index * ctx->ga_stride + y * ctx->a_row_stride +
                       x_start * ctx->a_pixel_stride;
    for (size_t x = x_start; x < x_end; x += mr) {
      const size_t rows = xqnn_min_sz(mr, x_end - x);
      const xqnn_gemm_ukernel_fn ukernel = rows == 1 ? ctx->gemm1 : ctx->gemm;
      ukernel(rows, nr_block_size, ctx->kc, a, ctx->a_pixel_stride, w, c, ctx->cx_stride,
              ctx->cn_stride, &ctx->params, qp);
      a += mr * ctx->a_pixel_stride;
      c += mr * ctx->cx_stride;
    }
  } else {
    const size_t a_offset =
        (uintptr_t) ctx->a + batch_index * ctx->ba_stride + group_index * ctx->ga_stride;
    const void** indirect_a = sc->indirect_a + batch_index * ctx->indirect_batch_stride +
                              y * sc->indirect_row_stride + x_start * sc->ks;
    const void* zero = (const uint8_t*) ctx->zero + batch_index * ctx->zero_batch_stride;
    for (size_t x = x_start; x < x_end; x += mr) {
      const size_t rows = xqnn_min_sz(mr, x_end - x);
      ctx->igemm(rows, nr_block_size, ctx->kc, sc->ks, indirect_a, w, c, ctx->cx_stride,
                 ctx->cn_stride, a_offset, zero, &ctx->params, qp);
      indirect_a += mr * sc->ks;
      c += mr * ctx->cx_stride;
    }
  }
}
