// Converters between f32 and QS8 / QU8 over [batch][channels] with row strides.
//
//   f32 -> q: q = round_half_even(clamp(x / scale, output_min - zp, output_max - zp)) + zp
//             (an IEEE division, not a multiplication by 1/scale), so:
//             values beyond the range and +-inf saturate to output_max / output_min;
//             NaN converts as 0.0, i.e. to the zero point clamped to [output_min, output_max].
//   q -> f32: x = (float)(q - zp) * scale (exact product rounded once).
//
// Scales must be finite and positive (invalid_parameter) and normal floats
// (unsupported_parameter: subnormal scales are flushed to zero by some SIMD
// units, which would break bit-exactness across ISAs).
// Rows are merged into one long row when both strides equal the channel count.
#include <float.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/requantization.h"

static bool is_f32_to_q(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_convert_nc_f32_qs8 || type == xqnn_operator_type_convert_nc_f32_qu8;
}

static const struct xqnn_vcvt_config* get_config(enum xqnn_operator_type type) {
  switch (type) {
    case xqnn_operator_type_convert_nc_f32_qs8: return xqnn_get_f32_qs8_vcvt_config();
    case xqnn_operator_type_convert_nc_f32_qu8: return xqnn_get_f32_qu8_vcvt_config();
    case xqnn_operator_type_convert_nc_qs8_f32: return xqnn_get_qs8_f32_vcvt_config();
    case xqnn_operator_type_convert_nc_qu8_f32: return xqnn_get_qu8_f32_vcvt_config();
    default: return NULL;
  }
}

static enum xqnn_status create_convert(
    enum xqnn_operator_type type, float scale, int32_t zero_point, int32_t output_min,
    int32_t output_max, uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  const char* what = is_f32_to_q(type) ? "output scale" : "input scale";
  if ((status = xqnn_check_positive_finite_scale(type, what, scale)) != xqnn_status_success ||
      (status = xqnn_check_output_range(type, output_min, output_max)) != xqnn_status_success) {
    goto error;
  }
  if (scale < FLT_MIN) {
    xqnn_log_error("create %s: %s %g must be a normal float (>= %g)", name, what, (double) scale,
                   (double) FLT_MIN);
    status = xqnn_status_unsupported_parameter;
    goto error;
  }
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", name, (unsigned) flags);
    status = xqnn_status_invalid_parameter;
    goto error;
  }
  if (get_config(type) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", name);
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->elementwise.output_scale = scale;
  op->elementwise.output_zero_point = zero_point;
  op->elementwise.output_min = output_min;
  op->elementwise.output_max = output_max;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

static enum xqnn_status reshape_convert(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t batch_size, size_t channels,
    size_t input_stride, size_t output_stride, pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape convert");
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
  size_t elements;
  // f32 side: 4 bytes per element.
  if (!xqnn_mul_sz(batch_size, xqnn_max_sz(input_stride, output_stride), &elements) ||
      elements > SIZE_MAX / sizeof(float)) {
    xqnn_log_error("reshape %s: batch %zu x stride %zu overflows the tensor size", name, batch_size,
                   xqnn_max_sz(input_stride, output_stride));
    return xqnn_status_invalid_parameter;
  }
  op->batch_size = batch_size;
  if (batch_size == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  const bool to_q = is_f32_to_q(type);
  const struct xqnn_vcvt_config* config = get_config(type);
  struct xqnn_univector_strided_context* ctx = &op->context.univector;
  memset(ctx, 0, sizeof(*ctx));
  ctx->log2_xsize = to_q ? 2 : 0;
  ctx->log2_ysize = to_q ? 0 : 2;
  ctx->x_stride = input_stride << ctx->log2_xsize;
  ctx->y_stride = output_stride << ctx->log2_ysize;
  ctx->ukernel = config->ukernel;
  if (to_q) {
    xqnn_init_f32_q8_cvt_scalar_params(&ctx->params.f32_q8, op->elementwise.output_scale,
                                       op->elementwise.output_zero_point, op->elementwise.output_min,
                                       op->elementwise.output_max);
  } else {
    xqnn_init_q8_f32_cvt_scalar_params(&ctx->params.q8_f32, op->elementwise.output_scale,
                                       op->elementwise.output_zero_point);
  }
  xqnn_set_univector_compute(op, batch_size, channels, input_stride, output_stride, config->element_tile,
                             threadpool);
  return xqnn_status_success;
}

static enum xqnn_status setup_convert(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input, void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input, output}, 2);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  op->context.univector.x = input;
  op->context.univector.y = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

#define DEFINE_RESHAPE_SETUP(suffix, type, in_type, out_type)                                     \
  enum xqnn_status xqnn_reshape_convert_nc_##suffix(                                              \
      xqnn_operator_t convert_op, size_t batch_size, size_t channels, size_t input_stride,        \
      size_t output_stride, pthreadpool_t threadpool) {                                           \
    return reshape_convert(convert_op, type, batch_size, channels, input_stride, output_stride,   \
                           threadpool);                                                           \
  }                                                                                               \
  enum xqnn_status xqnn_setup_convert_nc_##suffix(                                                \
      xqnn_operator_t convert_op, const in_type* input, out_type* output) {                       \
    return setup_convert(convert_op, type, input, output);                                        \
  }

enum xqnn_status xqnn_create_convert_nc_f32_qs8(
    float output_scale, int8_t output_zero_point, int8_t output_min, int8_t output_max,
    uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert(xqnn_operator_type_convert_nc_f32_qs8, output_scale, output_zero_point,
                        output_min, output_max, flags, convert_op_out);
}
enum xqnn_status xqnn_create_convert_nc_f32_qu8(
    float output_scale, uint8_t output_zero_point, uint8_t output_min, uint8_t output_max,
    uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert(xqnn_operator_type_convert_nc_f32_qu8, output_scale, output_zero_point,
                        output_min, output_max, flags, convert_op_out);
}
enum xqnn_status xqnn_create_convert_nc_qs8_f32(
    float input_scale, int8_t input_zero_point, uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert(xqnn_operator_type_convert_nc_qs8_f32, input_scale, input_zero_point,
                        INT8_MIN, INT8_MAX, flags, convert_op_out);
}
enum xqnn_status xqnn_create_convert_nc_qu8_f32(
    float input_scale, uint8_t input_zero_point, uint32_t flags, xqnn_operator_t* convert_op_out) {
  return create_convert(xqnn_operator_type_convert_nc_qu8_f32, input_scale, input_zero_point, 0,
                        UINT8_MAX, flags, convert_op_out);
}

DEFINE_RESHAPE_SETUP(f32_qs8, xqnn_operator_type_convert_nc_f32_qs8, float, int8_t)
DEFINE_RESHAPE_SETUP(f32_qu8, xqnn_operator_type_convert_nc_f32_qu8, float, uint8_t)
DEFINE_RESHAPE_SETUP(qs8_f32, xqnn_operator_type_convert_nc_qs8_f32, int8_t, float)
DEFINE_RESHAPE_SETUP(qu8_f32, xqnn_operator_type_convert_nc_qu8_f32, uint8_t, float)
