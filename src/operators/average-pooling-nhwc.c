// Average pooling 2D, NHWC, QS8 and QU8 (include/xqnn.h states the semantics).
//
// The window of an output pixel averages only its taps inside the input
// (TFLite's definition: padding is excluded from the count), so each output
// pixel has its own divisor `count`. Reshape builds the pooling indirection
// buffer (src/xqnn/pooling-indirection.h: per pixel, `taps` pointers, those
// past the pixel's real taps pointing at a pad row) and one float scale per
// output pixel; run calls the micro-kernel once per output row.
//
// Default arithmetic (gavgpool's, DESIGN.md section 2): the pad row holds the
// input zero point and init_bias = -taps * input_zero_point, so
//   acc   = sum over the real taps of (x - input_zero_point)
//   scale = (float)(input_scale / (float)(output_scale * (float) count))
//   out   = round_half_even(clamp((float) acc * scale)) + output_zero_point.
//
// XQNN_FLAG_TFLITE_REQUANTIZATION, TFLite's AVERAGE_POOL_2D (input and output
// quantized alike): out = clamp(round_half_away_from_zero(sum(x) / count)) on
// the stored values. Computed by the same kernels: the pad row holds 0,
// init_bias = 0, output zero point 0, and the pixel scale is 1 / count nudged
// up, s = (float)((1 + 2^-22) / count) (in double). Then (float) sum * s is
// above |sum| / count in magnitude by a relative 2^-22 +- 2^-23 (s and the
// product each round by at most 2^-24): an exact half (sum / count = k + 1/2)
// moves away from zero, and any other quotient, at least 1 / (2 count) from a
// half, moves by at most 255 * 1.5 * 2^-22 < 1 / (2 count) while count <= 4096
// (reshape's bound in this mode), so round-half-even gives TFLite's
// round-half-away-from-zero of the exact quotient.
#include <stdint.h>
#include <string.h>

#include "xqnn/convolution.h"
#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/pooling-indirection.h"
#include "xqnn/requantization.h"

#define MAX_TAPS ((size_t) 1 << 23)         // int32 sums: 255 * 2^23 < 2^31
#define MAX_TFLITE_TAPS ((size_t) 4096)     // the nudged-reciprocal bound above

static const struct xqnn_avgpool_config* get_config(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_average_pooling_nhwc_qs8 ? xqnn_get_qs8_avgpool_config()
                                                              : xqnn_get_qu8_avgpool_config();
}

static enum xqnn_status create_average_pooling(
    enum xqnn_operator_type type, const struct xqnn_convolution_geometry* g, int32_t input_zero_point,
    float input_scale, int32_t output_zero_point, float output_scale, int32_t output_min,
    int32_t output_max, xqnn_operator_t* op_out) {
  const char* name = xqnn_operator_type_name(type);
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "input scale", input_scale)) != xqnn_status_success ||
      (status = xqnn_check_positive_finite_scale(type, "output scale", output_scale)) != xqnn_status_success ||
      (status = xqnn_check_output_range(type, output_min, output_max)) != xqnn_status_success) {
    goto error;
  }
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
  const uint32_t known = XQNN_FLAG_TENSORFLOW_SAME_PADDING | XQNN_FLAG_TFLITE_REQUANTIZATION;
  if ((g->flags & ~known) != 0) {
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
  if ((g->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) &&
      (input_scale != output_scale || input_zero_point != output_zero_point)) {
    xqnn_log_error("create %s: TFLite rounding averages stored values: input (scale %g, zero point %d) "
                   "and output (scale %g, zero point %d) must be quantized alike", name,
                   (double) input_scale, (int) input_zero_point, (double) output_scale,
                   (int) output_zero_point);
    goto error;
  }
  if (get_config(type) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", name);
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->geometry = *g;
  op->flags = g->flags;
  op->elementwise.input1_scale = input_scale;
  op->elementwise.output_scale = output_scale;
  op->elementwise.input1_zero_point = input_zero_point;
  op->elementwise.output_zero_point = output_zero_point;
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

// One scale per output pixel from its count of taps inside the input; logs and
// fails when a window lies wholly in the padding (invalid_parameter) or a
// scale is out of range (unsupported_parameter).
static enum xqnn_status init_pixel_scales(xqnn_operator_t op, const char* name, size_t input_height, size_t input_width,
                              size_t output_height, size_t output_width, size_t pad_top, size_t pad_left,
                              float* pixel_scale) {
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const bool tflite = (op->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
  for (size_t oy = 0; oy < output_height; oy++) {
    size_t i0, i1;
    xqnn_pooling_inside_range(oy * g->stride_height, pad_top, input_height, g->kernel_height, 1, &i0, &i1);
    for (size_t ox = 0; ox < output_width; ox++) {
      size_t j0, j1;
      xqnn_pooling_inside_range(ox * g->stride_width, pad_left, input_width, g->kernel_width, 1, &j0, &j1);
      const size_t count = (i1 - i0) * (j1 - j0);
      if (count == 0) {
        xqnn_log_error("reshape %s: the window of output pixel (%zu, %zu) lies wholly in the padding "
                       "(the average of no pixels is undefined)", name, oy, ox);
        return xqnn_status_invalid_parameter;
      }
      float scale;
      if (tflite) {
        scale = (float) ((1.0 + 0x1.0p-22) / (double) count);
      } else {
        scale = op->elementwise.input1_scale / (op->elementwise.output_scale * (float) count);
        if (!xqnn_is_valid_requantization_scale(scale)) {
          xqnn_log_error("reshape %s: input scale / (output scale * %zu taps) = %g must be in [2^-32, 256)",
                         name, count, (double) scale);
          return xqnn_status_unsupported_parameter;
        }
      }
      *pixel_scale++ = scale;
    }
  }
  return xqnn_status_success;
}

static enum xqnn_status reshape_average_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t input_height,
    size_t input_width, size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape average_pooling2d");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const struct xqnn_convolution_geometry* g = &op->geometry;
  const bool tflite = (op->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
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
  const size_t in_factors[] = {batch_size, input_height, input_width, g->input_pixel_stride};
  const size_t out_factors[] = {batch_size, output_height, output_width, g->output_pixel_stride};
  const size_t taps = xqnn_pooling_taps_inside(input_height, g->kernel_height, 1) *
                      xqnn_pooling_taps_inside(input_width, g->kernel_width, 1);  // <= input pixels
  const size_t ind_factors[] = {output_height, output_width, taps, sizeof(void*)};
  const size_t scale_factors[] = {output_height, output_width, sizeof(float)};
  size_t bytes, indirection_bytes, scale_bytes;
  if (!xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors), in_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(out_factors), out_factors, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(in_factors) - 1, in_factors + 1, &bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(ind_factors), ind_factors, &indirection_bytes) ||
      !xqnn_mul_sz_n(XQNN_COUNT_OF(scale_factors), scale_factors, &scale_bytes)) {
    xqnn_log_error("reshape %s: batch %zu x input %zux%zu (output %zux%zu, pooling %ux%u) overflows "
                   "the tensor or indirection size", name, batch_size, input_height, input_width,
                   output_height, output_width, (unsigned) g->kernel_height, (unsigned) g->kernel_width);
    return reshape_fail(op, xqnn_status_invalid_parameter);
  }
  const size_t max_taps = tflite ? MAX_TFLITE_TAPS : MAX_TAPS;
  if (taps > max_taps) {
    xqnn_log_error("reshape %s: windows of up to %zu taps exceed %zu, the bound of %s", name, taps, max_taps,
                   tflite ? "exact TFLite rounding" : "the int32 accumulator");
    return reshape_fail(op, xqnn_status_unsupported_parameter);
  }
  op->batch_size = batch_size;
  op->input_height = input_height;
  op->input_width = input_width;
  op->output_height = output_height;
  op->output_width = output_width;
  if (output_height_out != NULL) *output_height_out = output_height;
  if (output_width_out != NULL) *output_width_out = output_width;

  // Pixel scales are checked even for an empty batch: a window wholly in the
  // padding is a property of the geometry.
  if (op->elementwise.workspace_size < scale_bytes) {
    xqnn_release(op->extra_buffer);
    op->elementwise.workspace_size = 0;
    op->extra_buffer = xqnn_allocate_zero(scale_bytes);
    if (op->extra_buffer == NULL) {
      xqnn_log_error("reshape %s: cannot allocate %zu bytes of pixel scales", name, scale_bytes);
      return reshape_fail(op, xqnn_status_out_of_memory);
    }
    op->elementwise.workspace_size = scale_bytes;
  }
  status = init_pixel_scales(op, name, input_height, input_width, output_height, output_width, pad_top,
                             pad_left, op->extra_buffer);
  if (status != xqnn_status_success) {
    return reshape_fail(op, status);
  }
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  const int32_t pad_value = tflite ? 0 : op->elementwise.input1_zero_point;
  const size_t channels = g->group_input_channels;
  if (!xqnn_reserve_zero_buffer(op, channels + XQNN_EXTRA_BYTES, (uint8_t) pad_value) ||
      !xqnn_reserve_indirection_buffer(op, indirection_bytes / sizeof(void*))) {
    xqnn_log_error("reshape %s: cannot allocate %zu bytes of indirection and pad row", name,
                   indirection_bytes + channels + XQNN_EXTRA_BYTES);
    return reshape_fail(op, xqnn_status_out_of_memory);
  }
  xqnn_pooling_init_indirection(g, input_height, input_width, output_height, output_width, pad_top, pad_left,
                                taps, op->zero_buffer, op->indirection_buffer);

  const struct xqnn_avgpool_config* config = get_config(type);
  struct xqnn_average_pooling_context* ctx = &op->context.average_pooling;
  *ctx = (struct xqnn_average_pooling_context){
      .indirection = op->indirection_buffer,
      .indirection_row_stride = output_width * taps * sizeof(void*),
      .pixel_scale = op->extra_buffer,
      .input_batch_stride = input_height * input_width * g->input_pixel_stride,
      .pad = op->zero_buffer,
      .output_batch_stride = output_height * output_width * g->output_pixel_stride,
      .output_row_stride = output_width * g->output_pixel_stride,
      .output_pixel_stride = g->output_pixel_stride,
      .output_width = output_width,
      .kernel_elements = taps,
      .channels = channels,
      .ukernel = config->ukernel,
  };
  // taps <= 2^23 and |pad_value| <= 255: the product fits int32.
  xqnn_init_q8_avgpool_minmax_fp32_scalar_params(
      &ctx->params, -(int32_t) taps * pad_value, /*scale=*/1.0f,
      tflite ? 0 : op->elementwise.output_zero_point, op->elementwise.output_min, op->elementwise.output_max);
  // About 5 tiles per thread over the batch x rows range (whole images with one thread).
  const size_t threads = xqnn_threadpool_size(threadpool);
  size_t row_tile = output_height;
  if (threads > 1) {
    const size_t tiles_per_image = xqnn_divide_round_up(5 * threads, batch_size);
    row_tile = xqnn_max_sz(1, xqnn_divide_round_up(output_height, tiles_per_image));
  }
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_1d,
      .task_2d_tile_1d = xqnn_compute_average_pooling,
      .context = ctx,
      .range = {batch_size, output_height},
      .tile = {row_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_average_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.average_pooling.input = input;
  op->context.average_pooling.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DEFINE_AVERAGE_POOLING(suffix, type, ctype)                                                   \
  enum xqnn_status xqnn_create_average_pooling2d_nhwc_##suffix(                                       \
      uint32_t padding_top, uint32_t padding_right, uint32_t padding_bottom, uint32_t padding_left,   \
      uint32_t pooling_height, uint32_t pooling_width, uint32_t stride_height, uint32_t stride_width, \
      size_t channels, size_t input_pixel_stride, size_t output_pixel_stride,                         \
      ctype input_zero_point, float input_scale, ctype output_zero_point, float output_scale,         \
      ctype output_min, ctype output_max, uint32_t flags, xqnn_operator_t* op_out) {                  \
    const struct xqnn_convolution_geometry g = {                                                      \
        .padding_top = padding_top, .padding_right = padding_right,                                   \
        .padding_bottom = padding_bottom, .padding_left = padding_left,                               \
        .kernel_height = pooling_height, .kernel_width = pooling_width,                               \
        .stride_height = stride_height, .stride_width = stride_width,                                 \
        .dilation_height = 1, .dilation_width = 1, .groups = 1,                                       \
        .group_input_channels = channels, .group_output_channels = channels,                          \
        .input_pixel_stride = input_pixel_stride, .output_pixel_stride = output_pixel_stride,         \
        .flags = flags};                                                                              \
    return create_average_pooling(type, &g, input_zero_point, input_scale, output_zero_point,        \
                                  output_scale, output_min, output_max, op_out);                      \
  }                                                                                                   \
  enum xqnn_status xqnn_reshape_average_pooling2d_nhwc_##suffix(                                      \
      xqnn_operator_t op, size_t batch_size, size_t input_height, size_t input_width,                 \
      size_t* output_height_out, size_t* output_width_out, pthreadpool_t threadpool) {                \
    return reshape_average_pooling(op, type, batch_size, input_height, input_width,                   \
                                   output_height_out, output_width_out, threadpool);                  \
  }                                                                                                   \
  enum xqnn_status xqnn_setup_average_pooling2d_nhwc_##suffix(xqnn_operator_t op, const ctype* input, \
                                                              ctype* output) {                        \
    return setup_average_pooling(op, type, input, output);                                            \
  }

DEFINE_AVERAGE_POOLING(qs8, xqnn_operator_type_average_pooling_nhwc_qs8, int8_t)
DEFINE_AVERAGE_POOLING(qu8, xqnn_operator_type_average_pooling_nhwc_qu8, uint8_t)
