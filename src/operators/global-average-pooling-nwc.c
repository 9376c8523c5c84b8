// Global average pooling over the width of [batch][width][channels], QS8 and QU8.
//
// Requantization (DESIGN.md section 2): with pixels = width,
//   scale = (float)(input_scale / (float)(output_scale * (float) pixels))
//   acc   = sum_p (x[p] - input_zero_point), computed as init_bias + sum_p x[p] with
//           init_bias = -input_zero_point * pixels folded at reshape
//   out   = round_half_even(clamp((float) acc * scale, output_min - output_zp,
//                                 output_max - output_zp)) + output_zp
// The scale depends on the width, so reshape rejects widths that put it outside
// [2^-32, 256) with unsupported_parameter, and widths above 2^23 (the int32
// accumulator's bound: 255 * 2^23 < 2^31).
//
// Up to 7 pixels one unipass kernel call per (image, channel tile) sums the
// rows directly; above, the multipass kernel adds 7 rows at a time into an
// int32 scratch buffer (one row of channels per image, owned by the operator).
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/requantization.h"

#define MAX_PIXELS ((size_t) 1 << 23)

static const struct xqnn_gavgpool_config* get_config(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_global_average_pooling_nwc_qs8 ? xqnn_get_qs8_gavgpool_config()
                                                                    : xqnn_get_qu8_gavgpool_config();
}

static enum xqnn_status create_global_average_pooling(
    enum xqnn_operator_type type, int32_t input_zero_point, float input_scale,
    int32_t output_zero_point, float output_scale, int32_t output_min, int32_t output_max,
    uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "input scale", input_scale)) != xqnn_status_success ||
      (status = xqnn_check_positive_finite_scale(type, "output scale", output_scale)) != xqnn_status_success ||
      (status = xqnn_check_output_range(type, output_min, output_max)) != xqnn_status_success) {
    goto error;
  }
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", xqnn_operator_type_name(type), (unsigned) flags);
    status = xqnn_status_invalid_parameter;
    goto error;
  }
  if (get_config(type) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", xqnn_operator_type_name(type));
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
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

static enum xqnn_status reshape_global_average_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t width,
    size_t channels, size_t input_stride, size_t output_stride, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape global_average_pooling");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (channels == 0) {
    xqnn_log_error("reshape %s: channels must be non-zero", name);
    return xqnn_status_invalid_parameter;
  }
  if (input_stride < channels || output_stride < channels) {
    xqnn_log_error("reshape %s: input stride %zu and output stride %zu must be at least the channels %zu",
                   name, input_stride, output_stride, channels);
    return xqnn_status_invalid_parameter;
  }
  size_t input_elements, output_elements, buffer_elements;
  if (!xqnn_mul_sz(batch_size, width, &input_elements) ||
      !xqnn_mul_sz(input_elements, input_stride, &input_elements) ||
      !xqnn_mul_sz(batch_size, output_stride, &output_elements) ||
      !xqnn_mul_sz(batch_size, channels, &buffer_elements) ||
      buffer_elements > SIZE_MAX / sizeof(int32_t) || channels > SIZE_MAX - XQNN_EXTRA_BYTES) {
    xqnn_log_error("reshape %s: batch %zu x width %zu x stride %zu overflows the tensor size", name,
                   batch_size, width, input_stride);
    return xqnn_status_invalid_parameter;
  }
  if (batch_size == 0) {
    op->batch_size = 0;
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  if (width == 0) {
    xqnn_log_error("reshape %s: width must be non-zero (the average of no pixels is undefined)", name);
    return xqnn_status_invalid_parameter;
  }
  if (width > MAX_PIXELS) {
    xqnn_log_error("reshape %s: width %zu exceeds 2^23, the bound of the int32 accumulator", name, width);
    return xqnn_status_unsupported_parameter;
  }
  const float scale =
      op->elementwise.input1_scale / (op->elementwise.output_scale * (float) width);
  if (!xqnn_is_valid_requantization_scale(scale)) {
    xqnn_log_error("reshape %s: input scale / (output scale * width %zu) = %g must be in [2^-32, 256)",
                   name, width, (double) scale);
    return xqnn_status_unsupported_parameter;
  }

  const struct xqnn_gavgpool_config* config = get_config(type);
  // Zero row for the unipass kernel's missing rows.
  const size_t zero_size = channels + XQNN_EXTRA_BYTES;
  if (!xqnn_reserve_zero_buffer(op, zero_size, 0)) {
    xqnn_log_error("reshape %s: cannot allocate %zu bytes", name, zero_size);
    return xqnn_status_out_of_memory;
  }
  if (width > config->row_tile) {
    const size_t buffer_size = buffer_elements * sizeof(int32_t);
    if (op->elementwise.workspace_size < buffer_size) {
      xqnn_release(op->extra_buffer);
      op->elementwise.workspace_size = 0;
      op->extra_buffer = xqnn_allocate_zero(buffer_size);
      if (op->extra_buffer == NULL) {
        xqnn_log_error("reshape %s: cannot allocate %zu bytes", name, buffer_size);
        return xqnn_status_out_of_memory;
      }
      op->elementwise.workspace_size = buffer_size;
    }
  }

  struct xqnn_global_average_pooling_context* ctx = &op->context.global_average_pooling;
  *ctx = (struct xqnn_global_average_pooling_context){
      .input_pixel_stride = input_stride,
      .input_batch_stride = width * input_stride,
      .output_batch_stride = output_stride,
      .zero = op->zero_buffer,
      .buffer = op->extra_buffer,
      .buffer_batch_stride = channels,
      .rows = width,
      .row_tile = config->row_tile,
      .unipass = config->unipass,
      .multipass = config->multipass,
  };
  const int32_t init_bias = -op->elementwise.input1_zero_point * (int32_t) width;
  xqnn_init_q8_avgpool_minmax_fp32_scalar_params(
      &ctx->params, init_bias, scale, op->elementwise.output_zero_point, op->elementwise.output_min,
      op->elementwise.output_max);

  size_t batch_tile, channel_tile;
  xqnn_choose_elementwise_tiles(batch_size, channels, config->channel_tile,
                                /*min_tile_elements=*/xqnn_max_sz(XQNN_MIN_ELEMENTWISE_TILE / width, 1),
                                xqnn_threadpool_size(threadpool), &batch_tile, &channel_tile);
  op->batch_size = batch_size;
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_1d,
      .task_2d_tile_1d = xqnn_compute_global_average_pooling_nwc,
      .context = ctx,
      .range = {batch_size, channels},
      .tile = {channel_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_global_average_pooling(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.global_average_pooling.input = input;
  op->context.global_average_pooling.output = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DEFINE_GAVGPOOL(suffix, type, ctype)                                                      \
  enum xqnn_status xqnn_create_global_average_pooling_nwc_##suffix(                               \
      ctype input_zero_point, float input_scale, ctype output_zero_point, float output_scale,     \
      ctype output_min, ctype output_max, uint32_t flags, xqnn_operator_t* op_out) {              \
    return create_global_average_pooling(type, input_zero_point, input_scale, output_zero_point,  \
                                         output_scale, output_min, output_max, flags, op_out);   \
  }                                                                                               \
  enum xqnn_status xqnn_reshape_global_average_pooling_nwc_##suffix(                              \
      xqnn_operator_t op, size_t batch_size, size_t width, size_t channels, size_t input_stride,  \
      size_t output_stride, pthreadpool_t threadpool) {                                           \
    return reshape_global_average_pooling(op, type, batch_size, width, channels, input_stride,    \
                                          output_stride, threadpool);                             \
  }                                                                                               \
  enum xqnn_status xqnn_setup_global_average_pooling_nwc_##suffix(                                \
      xqnn_operator_t op, const ctype* input, ctype* output) {                                    \
    return setup_global_average_pooling(op, type, input, output);                                 \
  }

DEFINE_GAVGPOOL(qs8, xqnn_operator_type_global_average_pooling_nwc_qs8, int8_t)
DEFINE_GAVGPOOL(qu8, xqnn_operator_type_global_average_pooling_nwc_qu8, uint8_t)
