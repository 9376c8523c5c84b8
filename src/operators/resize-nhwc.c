// Resize bilinear (s8, u8) and nearest neighbour (x8), NHWC, with TensorFlow
// Lite 2.9's coordinate rules and arithmetic (include/xqnn.h states them).
//
// Which TFLite kernel each type reproduces: TFLite 2.9's builtin
// RESIZE_BILINEAR runs reference_ops::ResizeBilinearInteger for int8 (10-bit
// fixed point, round half away from zero) and, for uint8, the optimized
// kernel's ResizeBilinearGenericSmallChannel (float weights, + 0.5 and
// truncation). RESIZE_NEAREST_NEIGHBOR's reference index rule is used for
// both types (its optimized uint8 kernel uses a 16.16 fixed-point scale
// without the flags, which xqnn-tflite checks gives the same indices).
//
// Reshape tabulates, per output row and per output column, the two input
// rows / columns and the weight (struct xqnn_resize_tap); run walks rows of
// the output: s8 through the ibilinear micro-kernels (scalar, AVX2, AVX512) over a
// per-pixel indirection of 4 input pixels and 2 weights; u8 and nearest
// neighbour through the scalar loops below.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"

enum resize_kind { resize_bilinear_s8, resize_bilinear_u8, resize_nearest };

static enum resize_kind kind_of(enum xqnn_operator_type type) {
  switch (type) {
    case xqnn_operator_type_resize_bilinear_nhwc_s8: return resize_bilinear_s8;
    case xqnn_operator_type_resize_bilinear_nhwc_u8: return resize_bilinear_u8;
    default: return resize_nearest;
  }
}

// Sizes must stay below 2^20 so that every int32 product of TFLite's
// fixed-point rule (1024 * size, index * scale_10) fits.
#define MAX_SIZE ((size_t) 1 << 20)

static enum xqnn_status create_resize(enum xqnn_operator_type type, size_t output_height, size_t output_width,
                                      size_t channels, size_t input_pixel_stride, size_t output_pixel_stride,
                                      uint32_t flags, xqnn_operator_t* op_out) {
  const char* name = xqnn_operator_type_name(type);
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  status = xqnn_status_invalid_parameter;
  if (output_height == 0 || output_width == 0 || output_height >= MAX_SIZE || output_width >= MAX_SIZE) {
    xqnn_log_error("create %s: output size %zux%zu must be non-zero and below 2^20", name, output_height,
                   output_width);
    goto error;
  }
  if (channels == 0 || channels > SIZE_MAX - XQNN_EXTRA_BYTES) {
    xqnn_log_error("create %s: channels %zu must be non-zero and below SIZE_MAX - XQNN_EXTRA_BYTES", name,
                   channels);
    goto error;
  }
  if (input_pixel_stride < channels || output_pixel_stride < channels) {
    xqnn_log_error("create %s: input pixel stride %zu and output pixel stride %zu must be at least the "
                   "channels %zu", name, input_pixel_stride, output_pixel_stride, channels);
    goto error;
  }
  if ((flags & ~(uint32_t) (XQNN_FLAG_ALIGN_CORNERS | XQNN_FLAG_HALF_PIXEL_CENTERS)) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) flags);
    goto error;
  }
  if ((flags & XQNN_FLAG_ALIGN_CORNERS) && (flags & XQNN_FLAG_HALF_PIXEL_CENTERS)) {
    xqnn_log_error("create %s: XQNN_FLAG_ALIGN_CORNERS and XQNN_FLAG_HALF_PIXEL_CENTERS exclude each other",
                   name);
    goto error;
  }
  if (type == xqnn_operator_type_resize_bilinear_nhwc_s8 && xqnn_get_s8_ibilinear_config() == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", name);
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->flags = flags;
  op->output_height = output_height;
  op->output_width = output_width;
  op->geometry.group_input_channels = channels;
  op->geometry.input_pixel_stride = input_pixel_stride;
  op->geometry.output_pixel_stride = output_pixel_stride;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

static size_t min_index(int64_t i, size_t input) {
  return i < 0 ? 0 : (size_t) i > input - 1 ? input - 1 : (size_t) i;
}

// s8 bilinear: TFLite's ComputeInterpolationValues over 10-bit fixed point.
static void tap_fixed_point(size_t o, size_t input, size_t output, uint32_t flags, size_t stride,
                            struct xqnn_resize_tap* tap) {
  const bool align = (flags & XQNN_FLAG_ALIGN_CORNERS) && output > 1;
  const int32_t in = (int32_t) (align ? input - 1 : input), out = (int32_t) (align ? output - 1 : output);
  const int32_t scale_10 = (1024 * in + out / 2) / out;
  int32_t source = (int32_t) o * scale_10;
  if (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) source += scale_10 / 2 - 512;
  const int32_t lower = source / 1024 > 0 ? source / 1024 : 0;  // C division truncates, as TFLite's
  const int32_t upper = (source + 1023) / 1024;
  const size_t i0 = min_index(lower, input), i1 = min_index(upper, input);
  tap->offset0 = i0 * stride;
  tap->offset1 = i1 * stride;
  // In [-512, 1024): a source past the last pixel (TFLite would read beyond
  // the input) takes the last pixel.
  tap->weight1_10 = (size_t) lower > input - 1 ? 0 : source - 1024 * (int32_t) i0;
  tap->fraction = 0.0f;
}

static float float_scale(size_t input, size_t output, uint32_t flags) {
  return (flags & XQNN_FLAG_ALIGN_CORNERS) && output > 1 ? (float) (input - 1) / (float) (output - 1)
                                                         : (float) input / (float) output;
}

// u8 bilinear: TFLite's float ComputeInterpolationValues.
static void tap_float(size_t o, size_t input, size_t output, uint32_t flags, size_t stride,
                      struct xqnn_resize_tap* tap) {
  const float scale = float_scale(input, output, flags);
  const float source = (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? ((float) o + 0.5f) * scale - 0.5f
                                                             : (float) o * scale;
  const float lower = floorf(source);
  const size_t i0 = min_index(lower < 0.0f ? 0 : (int64_t) lower, input);
  const size_t i1 = min_index((int64_t) ceilf(source), input);
  tap->offset0 = i0 * stride;
  tap->offset1 = i1 * stride;
  tap->weight1_10 = 0;
  tap->fraction = source - (float) i0;
}

// Nearest neighbour: TFLite's reference GetNearestNeighbor.
static void tap_nearest(size_t o, size_t input, size_t output, uint32_t flags, size_t stride,
                        struct xqnn_resize_tap* tap) {
  const float scale = float_scale(input, output, flags);
  const float offset = (flags & XQNN_FLAG_HALF_PIXEL_CENTERS) ? 0.5f : 0.0f;
  const float source = ((float) o + offset) * scale;
  const float index = (flags & XQNN_FLAG_ALIGN_CORNERS) ? roundf(source) : floorf(source);
  const size_t i = min_index((int64_t) index, input);
  tap->offset0 = tap->offset1 = i * stride;
  tap->weight1_10 = 0;
  tap->fraction = 0.0f;
}

// s8: one ibilinear kernel call per output row over the per-pixel
// indirection (4 input offsets) and weights (wx1, wy1) built at reshape.
static void compute_resize_bilinear_s8(void* context, size_t batch_index, size_t row_start, size_t row_count) {
  const struct xqnn_resize_context* ctx = context;
  const size_t input_offset = (uintptr_t) ctx->input + batch_index * ctx->input_batch_stride;
  uint8_t* out_row = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride + row_start * ctx->output_row_stride;
  for (size_t r = row_start; r < row_start + row_count; r++) {
    ctx->ibilinear(ctx->output_width, ctx->channels, ctx->indirection + 4 * r * ctx->output_width, input_offset,
                   ctx->weights + 2 * r * ctx->output_width, out_row, ctx->output_pixel_stride);
    out_row += ctx->output_row_stride;
  }
}

static void compute_resize_bilinear_u8(void* context, size_t batch_index, size_t row_start, size_t row_count) {
  const struct xqnn_resize_context* ctx = context;
  const uint8_t* input = (const uint8_t*) ctx->input + batch_index * ctx->input_batch_stride;
  uint8_t* out_row = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride + row_start * ctx->output_row_stride;
  for (size_t r = row_start; r < row_start + row_count; r++) {
    const struct xqnn_resize_tap* ty = &ctx->rows[r];
    const float fy = ty->fraction;
    uint8_t* y = out_row;
    for (size_t x = 0; x < ctx->output_width; x++) {
      const struct xqnn_resize_tap* tx = &ctx->columns[x];
      const float fx = tx->fraction;
      // TFLite's order: weights of (y0, x0), (y0, x1), (y1, x0), (y1, x1).
      const float s0 = (1 - fy) * (1 - fx), s1 = (1 - fy) * fx, s2 = fy * (1 - fx), s3 = fy * fx;
      const uint8_t* p00 = input + ty->offset0 + tx->offset0;
      const uint8_t* p01 = input + ty->offset0 + tx->offset1;
      const uint8_t* p10 = input + ty->offset1 + tx->offset0;
      const uint8_t* p11 = input + ty->offset1 + tx->offset1;
      for (size_t c = 0; c < ctx->channels; c++) {
        float v = (float) p00[c] * s0;
        v = v + (float) p01[c] * s1;
        v = v + (float) p10[c] * s2;
        v = v + (float) p11[c] * s3;
        v = v + 0.5f;
        y[c] = v <= 0.0f ? 0 : v >= 255.0f ? 255 : (uint8_t) v;  // truncation, as the C++ cast
      }
      y += ctx->output_pixel_stride;
    }
    out_row += ctx->output_row_stride;
  }
}

static void compute_resize_nearest(void* context, size_t batch_index, size_t row_start, size_t row_count) {
  const struct xqnn_resize_context* ctx = context;
  const uint8_t* input = (const uint8_t*) ctx->input + batch_index * ctx->input_batch_stride;
  uint8_t* out_row = (uint8_t*) ctx->output + batch_index * ctx->output_batch_stride + row_start * ctx->output_row_stride;
  for (size_t r = row_start; r < row_start + row_count; r++) {
    const uint8_t* in_row = input + ctx->rows[r].offset0;
    uint8_t* y = out_row;
    for (size_t x = 0; x < ctx->output_width; x++) {
      memcpy(y, in_row + ctx->columns[x].offset0, ctx->channels);
      y += ctx->output_pixel_stride;
    }
    out_row += ctx->output_row_stride;
  }
}

static enum xqnn_status reshape_resize(xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size,
                                       size_t input_height, size_t input_width, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape resize");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (input_height == 0 || input_width == 0 || input_height >= MAX_SIZE || input_width >= MAX_SIZE) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero and below 2^20", name, input_height,
                   input_width);
    return xqnn_status_invalid_parameter;
  }
  const size_t output_height = op->output_height, output_width = op->output_width;
  const size_t in_stride = op->geometry.input_pixel_stride, out_stride = op->geometry.output_pixel_stride;
  const size_t in_factors[] = {batch_size, input_height, input_width, in_stride};
  const size_t out_factors[] = {batch_size, output_height, output_width, out_stride};
  size_t bytes;
  if (!xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors), in_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(out_factors), out_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors) - 1, in_factors + 1, &bytes)) {
    xqnn_log_error("reshape %s: batch %zu x input %zux%zu overflows the tensor size", name, batch_size,
                   input_height, input_width);
    return xqnn_status_invalid_parameter;
  }
  op->batch_size = batch_size;
  op->input_height = input_height;
  op->input_width = input_width;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  // s8 adds the kernel's indirection (4 pointers) and weights (2 int16) per
  // output pixel, after the tables.
  const enum resize_kind kind = kind_of(type);
  const size_t table_bytes = (output_height + output_width) * sizeof(struct xqnn_resize_tap);
  const size_t pixel_bytes = kind == resize_bilinear_s8 ? 4 * sizeof(void*) + 2 * sizeof(int16_t) : 0;
  size_t workspace_bytes;
  if (!xqnn_mul_sz(output_height * output_width, pixel_bytes, &workspace_bytes) ||
      workspace_bytes > SIZE_MAX - table_bytes) {
    xqnn_log_error("reshape %s: output %zux%zu overflows the indirection size", name, output_height, output_width);
    return xqnn_status_invalid_parameter;
  }
  workspace_bytes += table_bytes;
  if (op->elementwise.workspace_size < workspace_bytes) {
    xqnn_release(op->extra_buffer);
    op->elementwise.workspace_size = 0;
    op->extra_buffer = xqnn_allocate_zero(workspace_bytes);
    if (op->extra_buffer == NULL) {
      xqnn_log_error("reshape %s: cannot allocate %zu bytes", name, workspace_bytes);
      return xqnn_status_out_of_memory;
    }
    op->elementwise.workspace_size = workspace_bytes;
  }
  struct xqnn_resize_tap* rows = op->extra_buffer;
  struct xqnn_resize_tap* columns = rows + output_height;
  void (*tap)(size_t, size_t, size_t, uint32_t, size_t, struct xqnn_resize_tap*) =
      kind == resize_bilinear_s8 ? tap_fixed_point : kind == resize_bilinear_u8 ? tap_float : tap_nearest;
  for (size_t o = 0; o < output_height; o++) tap(o, input_height, output_height, op->flags, input_width * in_stride, &rows[o]);
  for (size_t o = 0; o < output_width; o++) tap(o, input_width, output_width, op->flags, in_stride, &columns[o]);

  const void** indirection = NULL;
  int16_t* weights = NULL;
  if (kind == resize_bilinear_s8) {
    // Pointers first (the allocation and the tables keep them aligned).
    indirection = (const void**) (columns + output_width);
    weights = (int16_t*) (indirection + 4 * output_height * output_width);
    const void** p = indirection;
    int16_t* w = weights;
    for (size_t y = 0; y < output_height; y++) {
      for (size_t x = 0; x < output_width; x++) {
        *p++ = (const void*) (uintptr_t) (rows[y].offset0 + columns[x].offset0);
        *p++ = (const void*) (uintptr_t) (rows[y].offset0 + columns[x].offset1);
        *p++ = (const void*) (uintptr_t) (rows[y].offset1 + columns[x].offset0);
        *p++ = (const void*) (uintptr_t) (rows[y].offset1 + columns[x].offset1);
        *w++ = (int16_t) columns[x].weight1_10;  // in [-512, 1024)
        *w++ = (int16_t) rows[y].weight1_10;
      }
    }
  }
  struct xqnn_resize_context* ctx = &op->context.resize;
  *ctx = (struct xqnn_resize_context){
      .indirection = indirection,
      .weights = weights,
      .ibilinear = kind == resize_bilinear_s8 ? xqnn_get_s8_ibilinear_config()->ukernel : NULL,
      .rows = rows,
      .columns = columns,
      .input_batch_stride = input_height * input_width * in_stride,
      .output_batch_stride = output_height * output_width * out_stride,
      .output_row_stride = output_width * out_stride,
      .output_pixel_stride = out_stride,
      .output_width = output_width,
      .channels = op->geometry.group_input_channels,
  };
  const size_t threads = xqnn_threadpool_size(threadpool);
  size_t row_tile = output_height;
  if (threads > 1) {
    const size_t tiles_per_image = xqnn_divide_round_up(5 * threads, batch_size);
    row_tile = xqnn_max_sz(1, xqnn_divide_round_up(output_height, tiles_per_image));
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_1d,
      .task_2d_tile_1d = kind == resize_bilinear_s8   ? compute_resize_bilinear_s8
                         : kind == resize_bilinear_u8 ? compute_resize_bilinear_u8
                                                      : compute_resize_nearest,
      .context = ctx,
      .range = {batch_size, output_height},
      .tile = {row_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_resize(xqnn_operator_t op, enum xqnn_operator_type type, const void* input,
                                     void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.resize.input = input;
  op->context.resize.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DEFINE_RESIZE(op_name, type, ctype)                                                                 \
  enum xqnn_status xqnn_create_##op_name(size_t output_height, size_t output_width, size_t channels,        \
                                         size_t input_pixel_stride, size_t output_pixel_stride,             \
                                         uint32_t flags, xqnn_operator_t* op_out) {                         \
    return create_resize(type, output_height, output_width, channels, input_pixel_stride,                   \
                         output_pixel_stride, flags, op_out);                                               \
  }                                                                                                         \
  enum xqnn_status xqnn_reshape_##op_name(xqnn_operator_t op, size_t batch_size, size_t input_height,       \
                                          size_t input_width, pthreadpool_t threadpool) {                   \
    return reshape_resize(op, type, batch_size, input_height, input_width, threadpool);                     \
  }                                                                                                         \
  enum xqnn_status xqnn_setup_##op_name(xqnn_operator_t op, const ctype* input, ctype* output) {            \
    return setup_resize(op, type, input, output);                                                           \
  }

DEFINE_RESIZE(resize_bilinear2d_nhwc_s8, xqnn_operator_type_resize_bilinear_nhwc_s8, int8_t)
DEFINE_RESIZE(resize_bilinear2d_nhwc_u8, xqnn_operator_type_resize_bilinear_nhwc_u8, uint8_t)
DEFINE_RESIZE(resize_nearest_neighbor2d_nhwc_x8, xqnn_operator_type_resize_nearest_neighbor_nhwc_x8, void)
