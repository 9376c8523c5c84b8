// Elementwise unary operators through a 256-entry byte table: sigmoid, tanh,
// hardswish, leaky_relu (QS8, QU8) and lut_elementwise_nc_x8 (the caller's
// table). include/xqnn.h states the formulas.
//
// Create builds the table once, so run is one table lookup per byte whatever
// the function; every ISA gives the same bits because the table is computed
// by this scalar double-precision code, never by the kernels. The table lives
// in the operator's univector context, where the kernel reads it as params.
#include <math.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"

enum lut_function { lut_sigmoid, lut_tanh, lut_hardswish, lut_leaky_relu };

// The real function of one dequantized input, in double precision.
static double apply(enum lut_function f, double x, double negative_slope) {
  switch (f) {
    case lut_sigmoid: return 1.0 / (1.0 + exp(-x));
    case lut_tanh: return tanh(x);
    case lut_hardswish: return x * fmin(fmax(x + 3.0, 0.0), 6.0) / 6.0;
    case lut_leaky_relu: return x >= 0.0 ? x : negative_slope * x;
  }
  return 0.0;
}

// Quantization and clamp of a create call, as int32 (qs8 or qu8 values).
struct lut_quantization {
  int32_t input_zero_point, output_zero_point, output_min, output_max;
  float input_scale, output_scale;
  bool is_signed;
};

// table[byte] for every input byte: the clamp happens in double, so values
// beyond any integer range (tiny output scales) saturate rather than overflow.
static void build_table(enum lut_function f, double negative_slope, const struct lut_quantization* q,
                        uint8_t table[256]) {
  for (int32_t i = 0; i < 256; i++) {
    const int32_t value = q->is_signed ? (int32_t) (int8_t) (uint8_t) i : i;
    const double x = (double) q->input_scale * (double) (value - q->input_zero_point);
    double y = nearbyint(apply(f, x, negative_slope) / (double) q->output_scale) + (double) q->output_zero_point;
    if (isnan(y)) y = (double) q->output_zero_point;  // unreachable for finite parameters; defensive
    y = fmin(fmax(y, (double) q->output_min), (double) q->output_max);
    table[i] = (uint8_t) (int32_t) y;  // int8 results keep their two's-complement byte
  }
}

static enum xqnn_status check_geometry(enum xqnn_operator_type type, size_t channels, size_t input_stride,
                                       size_t output_stride, uint32_t flags) {
  const char* name = xqnn_operator_type_name(type);
  if (channels == 0) {
    xqnn_log_error("create %s: channels must be non-zero", name);
    return xqnn_status_invalid_parameter;
  }
  if (input_stride < channels || output_stride < channels) {
    xqnn_log_error("create %s: input stride %zu and output stride %zu must be at least the channels %zu",
                   name, input_stride, output_stride, channels);
    return xqnn_status_invalid_parameter;
  }
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) flags);
    return xqnn_status_invalid_parameter;
  }
  if (xqnn_get_x8_lut_config() == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", name);
    return xqnn_status_unsupported_hardware;
  }
  return xqnn_status_success;
}

// Creates the operator with its geometry (kept in op->geometry: channels as
// group_input_channels, row strides as pixel strides); the caller fills the table.
static enum xqnn_status create_lut_operator(enum xqnn_operator_type type, size_t channels, size_t input_stride,
                                            size_t output_stride, uint32_t flags, xqnn_operator_t* op_out,
                                            xqnn_operator_t* op_ptr) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = check_geometry(type, channels, input_stride, output_stride, flags)) != xqnn_status_success) {
    xqnn_delete_operator(op);
    return status;
  }
  op->geometry.group_input_channels = channels;
  op->geometry.input_pixel_stride = input_stride;
  op->geometry.output_pixel_stride = output_stride;
  *op_ptr = op;
  return xqnn_status_success;
}

static enum xqnn_status create_function(enum xqnn_operator_type type, enum lut_function f, size_t channels,
                                        size_t input_stride, size_t output_stride, double negative_slope,
                                        const struct lut_quantization* q, uint32_t flags,
                                        xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = create_lut_operator(type, channels, input_stride, output_stride, flags, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "input scale", q->input_scale)) != xqnn_status_success ||
      (status = xqnn_check_positive_finite_scale(type, "output scale", q->output_scale)) != xqnn_status_success ||
      (status = xqnn_check_output_range(type, q->output_min, q->output_max)) != xqnn_status_success) {
    xqnn_delete_operator(op);
    return status;
  }
  if (f == lut_leaky_relu && !isfinite(negative_slope)) {
    xqnn_log_error("create %s: negative slope %g must be finite", xqnn_operator_type_name(type), negative_slope);
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  build_table(f, negative_slope, q, op->context.univector.params.lut);
  *op_out = op;
  return xqnn_status_success;
}

static enum xqnn_status reshape_lut(xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size,
                                    pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape lut");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  const size_t channels = op->geometry.group_input_channels;
  const size_t input_stride = op->geometry.input_pixel_stride;
  const size_t output_stride = op->geometry.output_pixel_stride;
  size_t elements;
  if (!xqnn_mul_sz(batch_size, xqnn_max_sz(input_stride, output_stride), &elements)) {
    xqnn_log_error("reshape %s: batch %zu x stride %zu overflows the tensor size", name, batch_size,
                   xqnn_max_sz(input_stride, output_stride));
    return xqnn_status_invalid_parameter;
  }
  op->batch_size = batch_size;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }
  const struct xqnn_vcvt_config* config = xqnn_get_x8_lut_config();
  struct xqnn_univector_strided_context* ctx = &op->context.univector;
  // The table (params.lut) was filled at create; everything else is per reshape.
  ctx->x = NULL;
  ctx->y = NULL;
  ctx->x_stride = input_stride;
  ctx->y_stride = output_stride;
  ctx->log2_xsize = 0;
  ctx->log2_ysize = 0;
  ctx->ukernel = config->ukernel;
  xqnn_set_univector_compute(op, batch_size, channels, input_stride, output_stride, config->element_tile,
                             threadpool);
  return xqnn_status_success;
}

static enum xqnn_status setup_lut(xqnn_operator_t op, enum xqnn_operator_type type, const void* input,
                                  void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.univector.x = input;
  op->context.univector.y = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

enum xqnn_status xqnn_create_lut_elementwise_nc_x8(size_t channels, size_t input_stride, size_t output_stride,
                                                   const uint8_t table[256], uint32_t flags,
                                                   xqnn_operator_t* lut_elementwise_op_out) {
  const enum xqnn_operator_type type = xqnn_operator_type_lut_elementwise_nc_x8;
  xqnn_operator_t op = NULL;
  enum xqnn_status status =
      create_lut_operator(type, channels, input_stride, output_stride, flags, lut_elementwise_op_out, &op);
  if (status != xqnn_status_success) return status;
  if (table == NULL) {
    xqnn_log_error("create %s: table pointer is NULL", xqnn_operator_type_name(type));
    xqnn_delete_operator(op);
    return xqnn_status_invalid_parameter;
  }
  memcpy(op->context.univector.params.lut, table, 256);
  *lut_elementwise_op_out = op;
  return xqnn_status_success;
}

enum xqnn_status xqnn_reshape_lut_elementwise_nc_x8(xqnn_operator_t lut_elementwise_op, size_t batch_size,
                                                    pthreadpool_t threadpool) {
  return reshape_lut(lut_elementwise_op, xqnn_operator_type_lut_elementwise_nc_x8, batch_size, threadpool);
}

enum xqnn_status xqnn_setup_lut_elementwise_nc_x8(xqnn_operator_t lut_elementwise_op, const void* input,
                                                  void* output) {
  return setup_lut(lut_elementwise_op, xqnn_operator_type_lut_elementwise_nc_x8, input, output);
}

// One create / reshape / setup triple per (function, type). SLOPE_PARAM is
// the leaky_relu parameter (NO_SLOPE_PARAM, empty, for the others), SLOPE its value.
#define DEFINE_LUT_OPERATOR(op_name, type_suffix, ctype, is_signed_, function, SLOPE_PARAM, SLOPE)          \
  enum xqnn_status xqnn_create_##op_name##_nc_##type_suffix(                                               \
      size_t channels, size_t input_stride, size_t output_stride, SLOPE_PARAM ctype input_zero_point,      \
      float input_scale, ctype output_zero_point, float output_scale, ctype output_min, ctype output_max,  \
      uint32_t flags, xqnn_operator_t* op_out) {                                                           \
    const struct lut_quantization q = {input_zero_point, output_zero_point, output_min, output_max,        \
                                       input_scale, output_scale, is_signed_};                             \
    return create_function(xqnn_operator_type_##op_name##_nc_##type_suffix, function, channels,            \
                           input_stride, output_stride, SLOPE, &q, flags, op_out);                         \
  }                                                                                                        \
  enum xqnn_status xqnn_reshape_##op_name##_nc_##type_suffix(xqnn_operator_t op, size_t batch_size,       \
                                                             pthreadpool_t threadpool) {                   \
    return reshape_lut(op, xqnn_operator_type_##op_name##_nc_##type_suffix, batch_size, threadpool);      \
  }                                                                                                        \
  enum xqnn_status xqnn_setup_##op_name##_nc_##type_suffix(xqnn_operator_t op, const ctype* input,        \
                                                           ctype* output) {                                \
    return setup_lut(op, xqnn_operator_type_##op_name##_nc_##type_suffix, input, output);                 \
  }

#define NO_SLOPE_PARAM
#define SLOPE_PARAM float negative_slope,
DEFINE_LUT_OPERATOR(sigmoid, qs8, int8_t, true, lut_sigmoid, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(sigmoid, qu8, uint8_t, false, lut_sigmoid, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(tanh, qs8, int8_t, true, lut_tanh, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(tanh, qu8, uint8_t, false, lut_tanh, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(hardswish, qs8, int8_t, true, lut_hardswish, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(hardswish, qu8, uint8_t, false, lut_hardswish, NO_SLOPE_PARAM, 0.0)
DEFINE_LUT_OPERATOR(leaky_relu, qs8, int8_t, true, lut_leaky_relu, SLOPE_PARAM, negative_slope)
DEFINE_LUT_OPERATOR(leaky_relu, qu8, uint8_t, false, lut_leaky_relu, SLOPE_PARAM, negative_slope)
