// Max pooling 2D, NHWC, s8 and u8 (include/xqnn.h states the semantics).
//
// No requantization: input and output share scale and zero point, so an
// output is the largest stored value of its window, clamped to
// [output_min, output_max]. Taps in the padding point at a row of the
// type's lowest value (-128 / 0): they never win against a real input, and a
// window made only of padding gives lowest, which the clamp turns into
// output_min, as TFLite's reference loop does.
//
// Reshape builds an indirection buffer: for each output pixel, the offsets
// (from the image base, shared by every image) of its window's taps inside
// the input, completed with the pad row to a fixed count, the most taps a
// window can have inside the input (at most pooling_height * pooling_width).
// Run calls the micro-kernel once per output row.
#include <stdint.h>
#include <string.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/pooling-indirection.h"

static const struct xqnn_maxpool_config* get_config(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_max_pooling_nhwc_s8 ? xqnn_get_s8_maxpool_config()
                                                         : xqnn_get_u8_maxpool_config();
}

static enum xqnn_status create_max_pooling(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* g, int32_t output_min,
    int32_t output_max, xqnn_operator_t* op_out) {
  const char* name = xqnn_operator_type_name(type);
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  status = xqnn_status_invalid_parameter;
  if (g->kernel_height == 0 || g->kernel_width == 0) {
    xqnn_log_error("create %s: pooling size %ux%u must be non-zero", name, (unsigned) g->kernel_height,
                   (unsigned) g->kernel_width);
    goto error;
  }
  if (g->stride_height == 0 || g->stride_width == 0) {
    xqnn_log_error("create %s: stride %ux%u must be non-zero", name, (unsigned) g->stride_height,
                   (unsigned) g->stride_width);
    goto error;
  }
  if (g->dilation_height == 0 || g->dilation_width == 0) {
    xqnn_log_error("create %s: dilation %ux%u must be non-zero", name, (unsigned) g->dilation_height,
                   (unsigned) g->dilation_width);
    goto error;
  }
  if (((uint64_t) g->kernel_height - 1) * g->dilation_height + 1 > UINT32_MAX ||
      ((uint64_t) g->kernel_width - 1) * g->dilation_width + 1 > UINT32_MAX) {
    xqnn_log_error("create %s: effective pooling size (%u - 1) * %u + 1 x (%u - 1) * %u + 1 must not "
                   "exceed 2^32 - 1", name, (unsigned) g->kernel_height, (unsigned) g->dilation_height,
                   (unsigned) g->kernel_width, (unsigned) g->dilation_width);
    goto error;
  }
  const size_t channels = g->group_input_channels;
  if (channels == 0 || channels > SIZE_MAX - XQNN_EXTRA_BYTES) {
    xqnn_log_error("create %s: channels %zu must be non-zero and below SIZE_MAX - XQNN_EXTRA_BYTES",
                   name, channels);
    goto error;
  }
  if (g->input_pixel_stride < channels || g->output_pixel_stride < channels) {
    xqnn_log_error("create %s: input pixel stride %zu and output pixel stride %zu must be at least "
                   "the channels %zu", name, g->input_pixel_stride, g->output_pixel_stride, channels);
    goto error;
  }
  if ((status = xqnn_check_output_range(type, output_min, output_max)) != xqnn_status_success) {
    goto error;
  }
  status = xqnn_status_invalid_parameter;
  if ((g->flags & ~(uint32_t) XQNN_FLAG_TENSORFLOW_SAME_PADDING) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) g->flags);
    goto error;
  }
  if ((g->flags & XQNN_FLAG_TENSORFLOW_SAME_PADDING) &&
      (g->padding_top | g->padding_right | g->padding_bottom | g->padding_left) != 0) {
    xqnn_log_error("create %s: explicit padding (%u, %u, %u, %u) must be zero with TensorFlow SAME "
                   "padding", name, (unsigned) g->padding_top, (unsigned) g->padding_right,
                   (unsigned) g->padding_bottom, (unsigned) g->padding_left);
    goto error;
  }
  if (get_config(type) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", name);
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->geometry = *g;
  op->flags = g->flags;
  op->elementwise.output_min = output_min;
  op->elementwise.output_max = output_max;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

static enum xqnn_status reshape_fail(xqnn_operator_t op, enum xqnn_status status) {
  op->state = xqnn_operator_state_created;
  return status;
}

static enum xqnn_status reshape_max_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape max_pooling2d");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const struct xqnn_convolution_geometry* g = &op->geometry;
  op->state = xqnn_operator_state_created;
  if (input_height == 0 || input_width == 0) {
    xqnn_log_error("reshape %s: input size %zux%zu must be non-zero", name, input_height, input_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  size_t pad_top, pad_left, output_height, output_width;
  if (!xqnn_window_output_size(name, g, input_height, input_width, &pad_top, &pad_left, &output_height,
                               &output_width)) {
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  // Every byte count below must fit size_t: the tensors, and the indirection
  // buffer (output pixels x taps pointers).
  const size_t in_factors[] = {batch_size, input_height, input_width, g->input_pixel_stride};
  const size_t out_factors[] = {batch_size, output_height, output_width, g->output_pixel_stride};
  const size_t taps = xqnn_pooling_taps_inside(input_height, g->kernel_height, g->dilation_height) *
                      xqnn_pooling_taps_inside(input_width, g->kernel_width, g->dilation_width);  // <= input pixels
  const size_t ind_factors[] = {output_height, output_width, taps, sizeof(void*)};
  size_t bytes, indirection_bytes;
  if (!xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors), in_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(out_factors), out_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors) - 1, in_factors + 1, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(ind_factors), ind_factors, &indirection_bytes)) {
    xqnn_log_error("reshape %s: batch %zu x input %zux%zu (output %zux%zu, pooling %ux%u) overflows "
                   "the tensor or indirection size", name, batch_size, input_height, input_width,
                   output_height, output_width, (unsigned) g->kernel_height, (unsigned) g->kernel_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  op->batch_size = batch_size;
  op->input_height = input_height;
  op->input_width = input_width;
  op->output_height = output_height;
  op->output_width = output_width;
  if (output_height_out != NULL) *output_height_out = output_height;
  if (output_width_out != NULL) *output_width_out = output_width;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  const bool is_signed = type == xqnn_operator_type_max_pooling_nhwc_s8;
  const uint8_t lowest = is_signed ? 0x80 : 0x00;  // INT8_MIN / 0: never above a real input
  const size_t channels = g->group_input_channels;
  if (!xqnn_reserve_zero_buffer(op, channels + XQNN_EXTRA_BYTES, lowest) ||
      !xqnn_reserve_indirection_buffer(op, indirection_bytes / sizeof(void*))) {
    xqnn_log_error("reshape %s: cannot allocate %zu bytes of indirection and pad row", name,
                   indirection_bytes + channels + XQNN_EXTRA_BYTES);
    return reshape_fail(op, xqnn_status_out_of_memory);
  }
  xqnn_pooling_init_indirection(g, input_height, input_width, output_height, output_width, pad_top, pad_left, taps,
                   op->zero_buffer, op->indirection_buffer);

  const size_t kernel_elements = taps;
  const struct xqnn_maxpool_config* config = get_config(type);
  struct xqnn_max_pooling_context* ctx = &op->context.max_pooling;
  *ctx = (struct xqnn_max_pooling_context){
      .indirection = op->indirection_buffer,
      .indirection_row_stride = output_width * kernel_elements * sizeof(void*),
      .input_batch_stride = input_height * input_width * g->input_pixel_stride,
      .pad = op->zero_buffer,
      .output_batch_stride = output_height * output_width * g->output_pixel_stride,
      .output_row_stride = output_width * g->output_pixel_stride,
      .output_pixel_stride = g->output_pixel_stride,
      .output_width = output_width,
      .kernel_elements = kernel_elements,
      .channels = channels,
      .ukernel = config->ukernel,
      .params = {.min = (uint8_t) op->elementwise.output_min, .max = (uint8_t) op->elementwise.output_max},
  };
  // One tile per thread is not enough to balance: about 5 per thread over
  // the batch x rows range (whole images with one thread).
  const size_t threads = xqnn_threadpool_size(threadpool);
  size_t row_tile = output_height;
  if (threads > 1) {
    const size_t tiles_per_image = xqnn_divide_round_up(5 * threads, batch_size);
    row_tile = xqnn_max_sz(1, xqnn_divide_round_up(output_height, tiles_per_image));
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_1d,
      .task_2d_tile_1d = xqnn_compute_max_pooling,
      .context = ctx,
      .range = {batch_size, output_height},
      .tile = {row_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_max_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.max_pooling.input = input;
  op->context.max_pooling.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DEFINE_MAX_POOLING(suffix, type, ctype)                                                       \
  enum xqnn_status xqnn_create_max_pooling2d_nhwc_##suffix(                                           \
      uint32_t padding_top, uint32_t padding_right, uint32_t padding_bottom, uint32_t padding_left,   \
      uint32_t pooling_height, uint32_t pooling_width, uint32_t stride_height, uint32_t stride_width, \
      uint32_t dilation_height, uint32_t dilation_width, size_t channels, size_t input_pixel_stride,  \
      size_t output_pixel_stride, ctype output_min, ctype output_max, uint32_t flags,                 \
      xqnn_operator_t* op_out) {                                                                      \
    const struct xqnn_convolution_geometry g = {                                                      \
        .padding_top = padding_top, .padding_right = padding_right,                                   \
        .padding_bottom = padding_bottom, .padding_left = padding_left,                               \
        .kernel_height = pooling_height, .kernel_width = pooling_width,                               \
        .stride_height = stride_height, .stride_width = stride_width,                                 \
        .dilation_height = dilation_height, .dilation_width = dilation_width, .groups = 1,            \
        .group_input_channels = channels, .group_output_channels = channels,                          \
        .input_pixel_stride = input_pixel_stride, .output_pixel_stride = output_pixel_stride,         \
        .flags = flags};                                                                              \
    return create_max_pooling(type, &g, output_min, output_max, op_out);                              \
  }                                                                                                   \
  enum xqnn_status xqnn_reshape_max_pooling2d_nhwc_##suffix(                                          \
      xqnn_operator_t op, size_t batch_size, size_t input_height, size_t input_width,                 \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {                \
    return reshape_max_pooling(op, type, batch_size, input_height, input_width, output_height_out,    \
                               output_width_out, threadpool);                                         \
  }                                                                                                   \
  enum xqnn_status xqnn_setup_max_pooling2d_nhwc_##suffix(xqnn_operator_t op, const ctype* input,     \
                                                          ctype* output) {                            \
    return setup_max_pooling(op, type, input, output);                                                \
  }

DEFINE_MAX_POOLING(s8, xqnn_operator_type_max_pooling_nhwc_s8, int8_t)
DEFINE_MAX_POOLING(u8, xqnn_operator_type_max_pooling_nhwc_u8, uint8_t)
