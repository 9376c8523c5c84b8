// Fully-connected operators (QS8, QS8-QC8W, QU8, QD8-F32-QC8W, QD8-F16-QC8W):
// one gemm over [batch][input_channels] x [input_channels][output_channels].
#include <stdlib.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/packing.h"
#include "xqnn/quantized-weights.h"

struct fully_connected_shape {
  size_t input_channels, output_channels, input_stride, output_stride;
  uint32_t flags;
};

static enum xqnn_status check_shape(enum xqnn_operator_type type, const struct fully_connected_shape* s) {
  const char* name = xqnn_operator_type_name(type);
  size_t kernel_elements;
  if (s->input_channels == 0 || s->output_channels == 0) {
    xqnn_log_error("create %s: input channels (%zu) and output channels (%zu) must be non-zero",
                   name, s->input_channels, s->output_channels);
    return xqnn_status_invalid_parameter;
  }
  if (s->input_stride < s->input_channels) {
    xqnn_log_error("create %s: input stride %zu must be at least the input channels %zu", name,
                   s->input_stride, s->input_channels);
    return xqnn_status_invalid_parameter;
  }
  if (s->output_stride < s->output_channels) {
    xqnn_log_error("create %s: output stride %zu must be at least the output channels %zu", name,
                   s->output_stride, s->output_channels);
    return xqnn_status_invalid_parameter;
  }
  if (!xqnn_mul_sz(s->input_channels, s->output_channels, &kernel_elements) ||
      kernel_elements > SIZE_MAX / 8) {
    xqnn_log_error("create %s: %zu x %zu weights overflow", name, s->input_channels, s->output_channels);
    return xqnn_status_invalid_parameter;
  }
  if ((s->flags & ~(XQNN_FLAG_TRANSPOSE_WEIGHTS | xqnn_requantization_flags(type))) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) s->flags);
    return xqnn_status_invalid_parameter;
  }
  return xqnn_status_success;
}

// Packs the (validated) weights for op->gemm_config and records the shape.
// `packing` holds type, kernel, bias and scales; the rest is filled here.
static enum xqnn_status pack_fully_connected(
    xqnn_operator_t op, const struct fully_connected_shape* shape, struct xqnn_gemm_packing packing) {
  void* transposed = NULL;
  if (shape->flags & XQNN_FLAG_TRANSPOSE_WEIGHTS) {
    transposed = malloc(shape->input_channels * shape->output_channels);
    if (transposed == NULL) return xqnn_status_out_of_memory;
    xqnn_transpose_bytes(shape->input_channels, shape->output_channels, packing.kernel, transposed);
    packing.kernel = transposed;
  }

  const struct xqnn_gemm_config* config = op->gemm_config;
  packing.groups = 1;
  packing.nc = shape->output_channels;
  packing.ks = 1;
  packing.kc = shape->input_channels;
  packing.nr = config->nr;
  packing.kr = (size_t) 1 << config->log2_kr;
  packing.sr = (size_t) 1 << config->log2_sr;
  packing.input_offset = config->input_offset;
  op->packed_weights_group_stride = xqnn_packed_gemm_group_size(&packing);
  op->packed_weights = xqnn_allocate_zero(op->packed_weights_group_stride);
  if (op->packed_weights == NULL) {
    free(transposed);
    return xqnn_status_out_of_memory;
  }
  xqnn_pack_gemm_weights(&packing, op->packed_weights);
  free(transposed);

  op->group_input_channels = shape->input_channels;
  op->group_output_channels = shape->output_channels;
  op->input_pixel_stride = shape->input_stride;
  op->output_pixel_stride = shape->output_stride;
  op->groups = 1;
  op->flags = shape->flags;
  op->ukernel_type = xqnn_microkernel_type_gemm;
  return xqnn_status_success;
}

static enum xqnn_status create_fully_connected(
    enum xqnn_operator_type type, const struct fully_connected_shape* shape,
    const struct xqnn_quantized_weights* weights_in, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  struct xqnn_quantized_weights weights = *weights_in;
  struct xqnn_channel_requantization requantization = {NULL, NULL};
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = check_shape(type, shape)) != xqnn_status_success) goto error;
  const size_t kernel_elements = shape->input_channels * shape->output_channels;

  weights.tflite_requantization = (shape->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
  status = xqnn_prepare_quantized_weights(type, &weights, shape->output_channels, kernel_elements,
                                          &requantization);
  if (status != xqnn_status_success) goto error;
  xqnn_init_quantized_gemm_params(op, &weights, &requantization);

  const struct xqnn_gemm_packing packing = {
      .type = weights.type,
      .kernel = weights.kernel,
      .bias = weights.bias,
      .scale = requantization.scales,
      .tflite_multipliers = requantization.tflite_multipliers,
      .input_zero_point = weights.input_zero_point,
      .kernel_zero_point = weights.kernel_zero_point,
  };
  if ((status = pack_fully_connected(op, shape, packing)) != xqnn_status_success) goto error;
  xqnn_release_channel_requantization(&requantization);
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_release_channel_requantization(&requantization);
  xqnn_delete_operator(op);
  return status;
}

// QD8: int8 per-channel weights, float scales, float bias, float output range.
static enum xqnn_status create_fully_connected_qd8(
    enum xqnn_operator_type type, const struct fully_connected_shape* shape,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = check_shape(type, shape)) != xqnn_status_success) goto error;
  status = xqnn_check_qd8_weights(type, shape->output_channels,
                                  shape->input_channels * shape->output_channels, kernel_scale,
                                  kernel, output_min, output_max, &op->gemm_params.f32);
  if (status != xqnn_status_success) goto error;
  op->gemm_config = type == xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w
                        ? xqnn_get_qd8_f16_qc8w_gemm_config()
                        : xqnn_get_qd8_f32_qc8w_gemm_config();
  const struct xqnn_gemm_packing packing = {
      .type = xqnn_packed_weights_qd8,
      .kernel = kernel,
      .float_bias = bias,
      .scale = kernel_scale,
  };
  if ((status = pack_fully_connected(op, shape, packing)) != xqnn_status_success) goto error;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

static bool is_qd8_type(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w ||
         type == xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w;
}

static enum xqnn_status reshape_fully_connected(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape fully_connected");
  if (status != xqnn_status_success) return status;
  // Output element size: int8 / uint8, f32 (QD8-F32) or fp16 (QD8-F16).
  const uint32_t log2_csize = type == xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w   ? 2
                              : type == xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w ? 1
                                                                                           : 0;
  size_t input_elements, output_row_bytes;
  if (!xqnn_mul_sz(batch_size, op->input_pixel_stride, &input_elements) ||
      !xqnn_mul_sz(op->output_pixel_stride, (size_t) 1 << log2_csize, &output_row_bytes) ||
      !xqnn_mul_sz(batch_size, output_row_bytes, &input_elements)) {
    xqnn_log_error("reshape %s: batch size %zu overflows the tensor size", xqnn_operator_type_name(type), batch_size);
    op->state = xqnn_operator_state_created;
    return xqnn_status_invalid_parameter;
  }
  op->batch_size = batch_size;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  const struct xqnn_gemm_config* config = op->gemm_config;
  struct xqnn_gemm_context* ctx = &op->context.gemm;
  *ctx = (struct xqnn_gemm_context){
      .kc = op->group_input_channels,
      .a_stride = op->input_pixel_stride,
      .packed_w = op->packed_weights,
      .w_stride = op->packed_weights_group_stride / xqnn_divide_round_up(op->group_output_channels, config->nr),
      .gw_stride = op->packed_weights_group_stride,
      .cm_stride = output_row_bytes,
      .cn_stride = (size_t) config->nr << log2_csize,
      .log2_csize = log2_csize,
      .mr = config->mr,
      .nr = config->nr,
      .ukernel = config->gemm,
      .ukernel1 = config->gemm1,
      .params = op->gemm_params,
  };
  size_t m_tile, n_tile;
  xqnn_choose_gemm_tiles(batch_size, op->group_output_channels, config->mr, config->nr, 1,
                         xqnn_threadpool_size(threadpool), &m_tile, &n_tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_3d_tile_2d,
      .task_3d_tile_2d = xqnn_compute_grouped_gemm,
      .context = ctx,
      .range = {1, batch_size, op->group_output_channels},
      .tile = {m_tile, n_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_fully_connected(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  // QD8 also needs its quantization parameters.
  const size_t pointers = is_qd8_type(type) ? 3 : 2;
  const enum xqnn_status status =
      xqnn_check_setup(op, type, (const void* const[]){input, output, quantization_params}, pointers);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.gemm.a = input;
  op->context.gemm.c = output;
  op->context.gemm.quantization_params = quantization_params;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

enum xqnn_status xqnn_create_fully_connected_nc_qs8(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    int8_t input_zero_point, float input_scale, float kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out) {
  const struct fully_connected_shape shape = {input_channels, output_channels, input_stride, output_stride, flags};
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_fully_connected(xqnn_operator_type_fully_connected_nc_qs8, &shape, &weights, fully_connected_op_out);
}

enum xqnn_status xqnn_create_fully_connected_nc_qs8_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    int8_t input_zero_point, float input_scale, const float* kernel_scale, const int8_t* kernel,
    const int32_t* bias, int8_t output_zero_point, float output_scale, int8_t output_min,
    int8_t output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out) {
  const struct fully_connected_shape shape = {input_channels, output_channels, input_stride, output_stride, flags};
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qs8_qc8w, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .per_channel = true, .kernel_scales = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_fully_connected(xqnn_operator_type_fully_connected_nc_qs8_qc8w, &shape, &weights, fully_connected_op_out);
}

enum xqnn_status xqnn_create_fully_connected_nc_qu8(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    uint8_t input_zero_point, float input_scale, uint8_t kernel_zero_point, float kernel_scale,
    const uint8_t* kernel, const int32_t* bias, uint8_t output_zero_point, float output_scale,
    uint8_t output_min, uint8_t output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out) {
  const struct fully_connected_shape shape = {input_channels, output_channels, input_stride, output_stride, flags};
  const struct xqnn_quantized_weights weights = {
      .type = xqnn_packed_weights_qu8, .input_zero_point = input_zero_point,
      .input_scale = input_scale, .kernel_zero_point = kernel_zero_point,
      .kernel_scale = kernel_scale, .kernel = kernel, .bias = bias,
      .output_zero_point = output_zero_point, .output_scale = output_scale,
      .output_min = output_min, .output_max = output_max};
  return create_fully_connected(xqnn_operator_type_fully_connected_nc_qu8, &shape, &weights, fully_connected_op_out);
}

#define DEFINE_RESHAPE_SETUP(suffix, type, ctype)                                                 \
  enum xqnn_status xqnn_reshape_fully_connected_nc_##suffix(                                      \
      xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool) {         \
    return reshape_fully_connected(fully_connected_op, type, batch_size, threadpool);            \
  }                                                                                              \
  enum xqnn_status xqnn_setup_fully_connected_nc_##suffix(                                        \
      xqnn_operator_t fully_connected_op, const ctype* input, ctype* output) {                   \
    return setup_fully_connected(fully_connected_op, type, input, output, NULL);                 \
  }

DEFINE_RESHAPE_SETUP(qs8, xqnn_operator_type_fully_connected_nc_qs8, int8_t)
DEFINE_RESHAPE_SETUP(qs8_qc8w, xqnn_operator_type_fully_connected_nc_qs8_qc8w, int8_t)
DEFINE_RESHAPE_SETUP(qu8, xqnn_operator_type_fully_connected_nc_qu8, uint8_t)

// ---- QD8 ----

enum xqnn_status xqnn_create_fully_connected_nc_qd8_f32_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out) {
  const struct fully_connected_shape shape = {input_channels, output_channels, input_stride, output_stride, flags};
  return create_fully_connected_qd8(xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w, &shape,
                                    kernel_scale, kernel, bias, output_min, output_max,
                                    fully_connected_op_out);
}

enum xqnn_status xqnn_create_fully_connected_nc_qd8_f16_qc8w(
    size_t input_channels, size_t output_channels, size_t input_stride, size_t output_stride,
    const float* kernel_scale, const int8_t* kernel, const float* bias, float output_min,
    float output_max, uint32_t flags, xqnn_operator_t* fully_connected_op_out) {
  const struct fully_connected_shape shape = {input_channels, output_channels, input_stride, output_stride, flags};
  return create_fully_connected_qd8(xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w, &shape,
                                    kernel_scale, kernel, bias, output_min, output_max,
                                    fully_connected_op_out);
}

enum xqnn_status xqnn_reshape_fully_connected_nc_qd8_f32_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool) {
  return reshape_fully_connected(fully_connected_op, xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w,
                                 batch_size, threadpool);
}

enum xqnn_status xqnn_setup_fully_connected_nc_qd8_f32_qc8w(
    xqnn_operator_t fully_connected_op, const int8_t* input, float* output,
    const struct xqnn_quantization_params* quantization_params) {
  return setup_fully_connected(fully_connected_op, xqnn_operator_type_fully_connected_nc_qd8_f32_qc8w,
                               input, output, quantization_params);
}

enum xqnn_status xqnn_reshape_fully_connected_nc_qd8_f16_qc8w(
    xqnn_operator_t fully_connected_op, size_t batch_size, pthreadpool_t threadpool) {
  return reshape_fully_connected(fully_connected_op, xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w,
                                 batch_size, threadpool);
}

enum xqnn_status xqnn_setup_fully_connected_nc_qd8_f16_qc8w(
    xqnn_operator_t fully_connected_op, const int8_t* input, void* output,
    const struct xqnn_quantization_params* quantization_params) {
  return setup_fully_connected(fully_connected_op, xqnn_operator_type_fully_connected_nc_qd8_f16_qc8w,
                               input, output, quantization_params);
}
