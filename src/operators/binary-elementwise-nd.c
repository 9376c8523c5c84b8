// Elementwise add, subtract and multiply, QS8 and QU8 (and QS16: TFLite's
// int16 ADD and MUL, src/xqnn/requantization.h), and maximum / minimum (S8
// and U8), with numpy-style broadcasting of up to XQNN_MAX_TENSOR_DIMS
// dimensions.
//
// Requantization. Both operators are defined in float arithmetic, with the
// operations below evaluated in exactly this order, each rounded to float
// (round to nearest even, no FMA contraction), so every kernel on every ISA
// and every thread count gives the same bits:
//
//   multiply (the fp32 scheme of DESIGN.md section 2):
//     scale = (float)((float)(input1_scale * input2_scale) / output_scale)
//     acc   = (a - a_zp) * (b - b_zp)                         (exact int32, |acc| <= 65025)
//     out   = round_half_even(clamp((float) acc * scale,
//                                   output_min - output_zp, output_max - output_zp)) + output_zp
//     scale must lie in [2^-32, 256), else create fails with unsupported_parameter
//     (this also rejects products of the input scales that overflow or underflow).
//
//   add:
//     ratio1 = (float)(input1_scale / output_scale), ratio2 = (float)(input2_scale / output_scale)
//     sum    = (float)((float)(a - a_zp) * ratio1) + (float)((float)(b - b_zp) * ratio2)
//     out    = round_half_even(clamp(sum, output_min - output_zp, output_max - output_zp)) + output_zp
//     Each ratio must lie in [2^-32, 256), else create fails with unsupported_parameter.
//
//   add with XQNN_FLAG_TFLITE_REQUANTIZATION: TensorFlow Lite's fixed-point ADD
//     (src/xqnn/requantization.h); its three multipliers must lie in [2^-32, 1).
//     Multiply does not take the flag.
//
//   subtract: add with input2's term negated, which is exact in both schemes.
//     fp32: ratio2 = -(float)(input2_scale / output_scale) (XNNPACK's subtract is
//     its add with b's scale negated the same way); so
//     sum = (float)((float)(a - a_zp) * ratio1) + (float)((float)(b - b_zp) * -ratio2'),
//     with the same accuracy bound as add.
//     XQNN_FLAG_TFLITE_REQUANTIZATION: TFLite 2.9's SUB, which is its ADD with
//     input2's quantized multiplier negated (sub.cc: input2_multiplier *= -1):
//     b' = RDBPOT(SRDHM((b - b_zp) * 2^20, -Mb), -eb). SRDHM of a negative
//     product rounds ties up (towards +inf) like a positive one, so b' is not
//     always -(ADD's b') on ties; the kernels compute SRDHM for either sign.
//
//   maximum / minimum: the larger / smaller stored value (int8 or uint8), no
//     requantization (TFLite's MAXIMUM / MINIMUM compare quantized values and
//     do not look at the quantization parameters).
//
//   Accuracy of add: let e = (input1_scale * (a - a_zp) + input2_scale * (b - b_zp)) / output_scale
//   in exact arithmetic, and exact = clamp(round(e)) + output_zp. Each ratio and each product
//   carries a relative error of at most 2^-24 and the sum one more, so with |a - a_zp| <= 255
//   and ratios < 256 (|terms| < 2^16) the sum differs from e by less than 2^-5 before rounding:
//   the output is at most 1 unit from `exact` (and equal to it unless e lies within 2^-5 of
//   a rounding boundary). test/operator-binary-elementwise-nd.cc checks this against a
//   double-precision computation. Float addition and multiplication commute exactly, so
//   swapping the inputs (to put the broadcast one second) never changes a result.
//
// Broadcasting and shape normalisation (reshape): both shapes are aligned to the
// right and padded with 1s to 6 dimensions; each dimension must be equal in both
// or 1 in one of them (a size of 0 broadcasts against 1 and gives an empty
// output). Dimensions where both inputs are 1 are dropped, and neighbouring
// dimensions with the same pattern (both full, input1 broadcast, input2
// broadcast) are merged, so the innermost normalised dimension is as long as
// possible. If both inputs vary along it, each output row is one vadd/vmul call;
// if one input is constant along it, one vaddc/vmulc call with that input as
// the kernels' second operand (inputs swapped when it is input1). The remaining
// (at most 5) outer dimensions are walked by xqnn_compute_elementwise_binary_nd.
#include <assert.h>
#include <math.h>
#include <string.h>

#include "xqnn/math.h"
#include "xqnn/operator.h"
#include "xqnn/requantization.h"

static bool is_subtract(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_subtract_nd_qs8 || type == xqnn_operator_type_subtract_nd_qu8;
}

// Add and subtract share the add kernels (and requantization).
static bool is_add(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_add_nd_qs8 || type == xqnn_operator_type_add_nd_qu8 ||
         type == xqnn_operator_type_add_nd_qs16 || is_subtract(type);
}

static bool is_minmax(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_maximum_nd_s8 || type == xqnn_operator_type_maximum_nd_u8 ||
         type == xqnn_operator_type_minimum_nd_s8 || type == xqnn_operator_type_minimum_nd_u8;
}

// QS16 (TFLite's 16x8 scheme): int16 elements, zero points 0, TFLite's arithmetic only.
static bool is_qs16(enum xqnn_operator_type type) {
  return type == xqnn_operator_type_add_nd_qs16 || type == xqnn_operator_type_multiply_nd_qs16;
}

// TFLite's int16 ADD / MUL parameters; false when a multiplier is out of range.
static bool init_qs16_params(enum xqnn_operator_type type, float input1_scale, float input2_scale,
                             float output_scale, int32_t output_min, int32_t output_max,
                             struct xqnn_elementwise_binary_context* ctx) {
  return type == xqnn_operator_type_add_nd_qs16
      ? xqnn_init_qs16_add_minmax_tflite_params(&ctx->params.add, input1_scale, input2_scale,
                                                output_scale, output_min, output_max)
      : xqnn_init_qs16_mul_minmax_tflite_params(&ctx->params.mul, input1_scale, input2_scale,
                                                output_scale, output_min, output_max);
}

static const struct xqnn_vbinary_config* get_config(enum xqnn_operator_type type, uint32_t flags) {
  const bool tflite = (flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0;
  switch (type) {
    case xqnn_operator_type_add_nd_qs8:
    case xqnn_operator_type_subtract_nd_qs8:
      return tflite ? xqnn_get_qs8_tflite_vadd_config() : xqnn_get_qs8_vadd_config();
    case xqnn_operator_type_add_nd_qu8:
    case xqnn_operator_type_subtract_nd_qu8:
      return tflite ? xqnn_get_qu8_tflite_vadd_config() : xqnn_get_qu8_vadd_config();
    case xqnn_operator_type_maximum_nd_s8: return xqnn_get_s8_vmax_config();
    case xqnn_operator_type_maximum_nd_u8: return xqnn_get_u8_vmax_config();
    case xqnn_operator_type_minimum_nd_s8: return xqnn_get_s8_vmin_config();
    case xqnn_operator_type_minimum_nd_u8: return xqnn_get_u8_vmin_config();
    case xqnn_operator_type_multiply_nd_qs8: return xqnn_get_qs8_vmul_config();
    case xqnn_operator_type_multiply_nd_qu8: return xqnn_get_qu8_vmul_config();
    case xqnn_operator_type_add_nd_qs16: return xqnn_get_qs16_vadd_config();
    case xqnn_operator_type_multiply_nd_qs16: return xqnn_get_qs16_vmul_config();
    default: return NULL;
  }
}

static enum xqnn_status check_ratio(enum xqnn_operator_type type, const char* what, float ratio) {
  if (!xqnn_is_valid_requantization_scale(ratio)) {
    xqnn_log_error("create %s: %s %g must be in [2^-32, 256)", xqnn_operator_type_name(type), what,
                   (double) ratio);
    return xqnn_status_unsupported_parameter;
  }
  return xqnn_status_success;
}

static enum xqnn_status create_binary_elementwise(
    enum xqnn_operator_type type, int32_t input1_zero_point, float input1_scale,
    int32_t input2_zero_point, float input2_scale, int32_t output_zero_point, float output_scale,
    int32_t output_min, int32_t output_max, uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if ((status = xqnn_check_positive_finite_scale(type, "input1 scale", input1_scale)) != xqnn_status_success ||
      (status = xqnn_check_positive_finite_scale(type, "input2 scale", input2_scale)) != xqnn_status_success ||
      (status = xqnn_check_positive_finite_scale(type, "output scale", output_scale)) != xqnn_status_success ||
      (status = xqnn_check_output_range(type, output_min, output_max)) != xqnn_status_success) {
    goto error;
  }
  const uint32_t supported_flags = is_add(type) || is_qs16(type) ? XQNN_FLAG_TFLITE_REQUANTIZATION : 0;
  if ((flags & ~supported_flags) != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", xqnn_operator_type_name(type), (unsigned) flags);
    status = xqnn_status_invalid_parameter;
    goto error;
  }
  if (is_qs16(type)) {
    struct xqnn_elementwise_binary_context scratch;
    if (!init_qs16_params(type, input1_scale, input2_scale, output_scale, output_min, output_max,
                          &scratch)) {
      xqnn_log_error("create %s: TFLite multipliers of input scales %g, %g and output scale %g are "
                     "out of range (add: each in [2^-32, 1); multiply: in [2^-32, 256))",
                     xqnn_operator_type_name(type), (double) input1_scale, (double) input2_scale,
                     (double) output_scale);
      status = xqnn_status_unsupported_parameter;
      goto error;
    }
  } else if (flags & XQNN_FLAG_TFLITE_REQUANTIZATION) {
    union xqnn_q8_add_minmax_params params;
    if (!xqnn_init_q8_add_minmax_tflite_scalar_params(&params, input1_zero_point, input2_zero_point,
                                                       input1_scale, input2_scale, output_scale,
                                                       output_zero_point, output_min, output_max)) {
      xqnn_log_error("create %s: TFLite requantization multipliers of input scales %g, %g and output "
                     "scale %g must be in [2^-32, 1)", xqnn_operator_type_name(type),
                     (double) input1_scale, (double) input2_scale, (double) output_scale);
      status = xqnn_status_unsupported_parameter;
      goto error;
    }
  } else if (is_add(type)) {
    if ((status = check_ratio(type, "input1 scale / output scale", input1_scale / output_scale)) != xqnn_status_success ||
        (status = check_ratio(type, "input2 scale / output scale", input2_scale / output_scale)) != xqnn_status_success) {
      goto error;
    }
  } else {
    const float scale = xqnn_fp32_requantization_scale(input1_scale, input2_scale, output_scale);
    if ((status = check_ratio(type, "input1 scale * input2 scale / output scale", scale)) != xqnn_status_success) {
      goto error;
    }
  }
  if (get_config(type, flags) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", xqnn_operator_type_name(type));
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->elementwise.input1_scale = input1_scale;
  op->elementwise.input2_scale = input2_scale;
  op->elementwise.output_scale = output_scale;
  op->elementwise.input1_zero_point = input1_zero_point;
  op->elementwise.input2_zero_point = input2_zero_point;
  op->elementwise.output_zero_point = output_zero_point;
  op->elementwise.output_min = output_min;
  op->elementwise.output_max = output_max;
  op->flags = flags;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

static enum xqnn_status create_minmax(enum xqnn_operator_type type, uint32_t flags, xqnn_operator_t* op_out) {
  xqnn_operator_t op = NULL;
  enum xqnn_status status = xqnn_create_operator(type, op_out, &op);
  if (status != xqnn_status_success) return status;
  if (flags != 0) {
    xqnn_log_error("create %s: unsupported flags 0x%08x", xqnn_operator_type_name(type), (unsigned) flags);
    status = xqnn_status_invalid_parameter;
    goto error;
  }
  if (get_config(type, flags) == NULL) {
    xqnn_log_error("create %s: no kernel for this CPU", xqnn_operator_type_name(type));
    status = xqnn_status_unsupported_hardware;
    goto error;
  }
  op->flags = flags;
  *op_out = op;
  return xqnn_status_success;

error:
  xqnn_delete_operator(op);
  return status;
}

enum dim_kind { kind_both, kind_a_broadcast, kind_b_broadcast };

struct normalized_dim {
  size_t size;
  enum dim_kind kind;
};

static enum xqnn_status reshape_binary_elementwise(
    xqnn_operator_t op, enum xqnn_operator_type type, size_t num_input1_dims,
    const size_t* input1_shape, size_t num_input2_dims, const size_t* input2_shape,
    pthreadpool_t threadpool) {
  enum xqnn_status status = xqnn_check_operator(op, type, "reshape binary elementwise");
  if (status != xqnn_status_success) return status;
  const char* name = xqnn_operator_type_name(type);
  op->state = xqnn_operator_state_created;
  if (num_input1_dims > XQNN_MAX_TENSOR_DIMS || num_input2_dims > XQNN_MAX_TENSOR_DIMS) {
    xqnn_log_error("reshape %s: ranks %zu and %zu must not exceed %d", name, num_input1_dims,
                   num_input2_dims, XQNN_MAX_TENSOR_DIMS);
    return xqnn_status_invalid_parameter;
  }
  if ((num_input1_dims != 0 && input1_shape == NULL) || (num_input2_dims != 0 && input2_shape == NULL)) {
    xqnn_log_error("reshape %s: input shape is NULL", name);
    return xqnn_status_invalid_parameter;
  }

  // Align to the right, pad with 1s, check compatibility, size the output.
  size_t shape1[XQNN_MAX_TENSOR_DIMS], shape2[XQNN_MAX_TENSOR_DIMS], shape_out[XQNN_MAX_TENSOR_DIMS];
  for (size_t d = 0; d < XQNN_MAX_TENSOR_DIMS; d++) {
    const size_t pad1 = XQNN_MAX_TENSOR_DIMS - num_input1_dims;
    const size_t pad2 = XQNN_MAX_TENSOR_DIMS - num_input2_dims;
    shape1[d] = d < pad1 ? 1 : input1_shape[d - pad1];
    shape2[d] = d < pad2 ? 1 : input2_shape[d - pad2];
    if (shape1[d] != shape2[d] && shape1[d] != 1 && shape2[d] != 1) {
      xqnn_log_error("reshape %s: dimension %zu from the end: sizes %zu and %zu are incompatible "
                     "(must be equal or 1)", name, XQNN_MAX_TENSOR_DIMS - d, shape1[d], shape2[d]);
      return xqnn_status_invalid_parameter;
    }
    shape_out[d] = shape1[d] == 1 ? shape2[d] : shape1[d];
  }
  size_t output_elements;
  size_t output_bytes;
  if (!xqnn_mul_sz_n(XQNN_MAX_TENSOR_DIMS, shape_out, &output_elements) ||
      !xqnn_mul_sz(output_elements, is_qs16(type) ? 2 : 1, &output_bytes)) {
    xqnn_log_error("reshape %s: the number of output elements overflows size_t", name);
    return xqnn_status_invalid_parameter;
  }
  if (output_elements == 0) {
    op->state = xqnn_operator_state_skip;
    return xqnn_status_success;
  }

  // Normalise: innermost first; drop dims where both are 1, merge equal kinds.
  struct normalized_dim dims[XQNN_MAX_TENSOR_DIMS];
  size_t num_dims = 0;
  for (size_t d = XQNN_MAX_TENSOR_DIMS; d-- > 0;) {
    if (shape_out[d] == 1) continue;
    const enum dim_kind kind = shape1[d] == shape2[d] ? kind_both
                               : shape1[d] == 1       ? kind_a_broadcast
                                                      : kind_b_broadcast;
    if (num_dims != 0 && dims[num_dims - 1].kind == kind) {
      dims[num_dims - 1].size *= shape_out[d];  // cannot overflow: divides output_elements
    } else {
      dims[num_dims++] = (struct normalized_dim){shape_out[d], kind};
    }
  }
  if (num_dims == 0) {
    dims[num_dims++] = (struct normalized_dim){1, kind_both};
  }

  // input1 is the kernels' `a` unless it is the one constant along the row.
  const bool swap = dims[0].kind == kind_a_broadcast;
  const struct xqnn_vbinary_config* config = get_config(type, op->flags);
  struct xqnn_elementwise_binary_context* ctx = &op->context.elementwise_binary;
  memset(ctx, 0, sizeof(*ctx));
  ctx->log2_element_size = is_qs16(type) ? 1 : 0;
  ctx->elements = dims[0].size;
  ctx->broadcast_b = dims[0].kind != kind_both;
  ctx->ukernel = ctx->broadcast_b ? config->opc_ukernel : config->op_ukernel;
  // Element strides of input1 / input2 along each normalised dimension.
  size_t stride1 = 1, stride2 = 1;
  for (size_t k = 0; k < num_dims; k++) {
    const bool has1 = dims[k].kind != kind_a_broadcast;
    const bool has2 = dims[k].kind != kind_b_broadcast;
    if (k != 0) {
      const size_t slot = XQNN_BINARY_OUTER_DIMS - k;
      ctx->outer[slot] = dims[k].size;
      ctx->a_stride[slot] = swap ? (has2 ? stride2 : 0) : (has1 ? stride1 : 0);
      ctx->b_stride[slot] = swap ? (has1 ? stride1 : 0) : (has2 ? stride2 : 0);
    }
    if (has1) stride1 *= dims[k].size;
    if (has2) stride2 *= dims[k].size;
  }
  for (size_t slot = 0; slot + num_dims <= XQNN_BINARY_OUTER_DIMS; slot++) {
    ctx->outer[slot] = 1;
  }

  const struct xqnn_operator* const o = op;
  const int32_t zp1 = o->elementwise.input1_zero_point, zp2 = o->elementwise.input2_zero_point;
  if (is_minmax(type)) {
    // No parameters: the kernels compare stored values.
  } else if (is_qs16(type)) {
    const float s1 = o->elementwise.input1_scale, s2 = o->elementwise.input2_scale;
    const bool valid = init_qs16_params(type, swap ? s2 : s1, swap ? s1 : s2, o->elementwise.output_scale,
                                        o->elementwise.output_min, o->elementwise.output_max, ctx);
    assert(valid);  // checked at create
    (void) valid;
  } else if (op->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) {
    const float s1 = o->elementwise.input1_scale, s2 = o->elementwise.input2_scale;
    const bool valid = xqnn_init_q8_add_minmax_tflite_scalar_params(
        &ctx->params.add, swap ? zp2 : zp1, swap ? zp1 : zp2, swap ? s2 : s1, swap ? s1 : s2,
        o->elementwise.output_scale, o->elementwise.output_zero_point, o->elementwise.output_min,
        o->elementwise.output_max);
    assert(valid);  // checked at create
    (void) valid;
    if (is_subtract(type)) {
      // TFLite's SUB: input2's multiplier negated (in [-2^31 + 1, -2^30], so it fits).
      int32_t* multiplier2 = swap ? &ctx->params.add.tflite_scalar.a_multiplier
                                  : &ctx->params.add.tflite_scalar.b_multiplier;
      *multiplier2 = -*multiplier2;
    }
  } else if (is_add(type)) {
    const float ratio1 = o->elementwise.input1_scale / o->elementwise.output_scale;
    const float ratio2 = is_subtract(type) ? -(o->elementwise.input2_scale / o->elementwise.output_scale)
                                           : o->elementwise.input2_scale / o->elementwise.output_scale;
    xqnn_init_q8_add_minmax_fp32_scalar_params(
        &ctx->params.add, swap ? zp2 : zp1, swap ? zp1 : zp2, swap ? ratio2 : ratio1,
        swap ? ratio1 : ratio2, o->elementwise.output_zero_point, o->elementwise.output_min,
        o->elementwise.output_max);
  } else {
    const float scale = xqnn_fp32_requantization_scale(
        o->elementwise.input1_scale, o->elementwise.input2_scale, o->elementwise.output_scale);
    xqnn_init_q8_mul_minmax_fp32_scalar_params(
        &ctx->params.mul, swap ? zp2 : zp1, swap ? zp1 : zp2, scale,
        o->elementwise.output_zero_point, o->elementwise.output_min, o->elementwise.output_max);
  }
  op->elementwise.swap_inputs = swap;

  const size_t rows = output_elements / ctx->elements;
  size_t row_tile, element_tile;
  xqnn_choose_elementwise_tiles(rows, ctx->elements, config->element_tile, XQNN_MIN_ELEMENTWISE_TILE,
                                xqnn_threadpool_size(threadpool), &row_tile, &element_tile);
  op->num_computes = 1;
  op->compute[0] = (struct xqnn_compute){
      .type = xqnn_parallelization_2d_tile_2d,
      .task_2d_tile_2d = xqnn_compute_elementwise_binary_nd,
      .context = ctx,
      .range = {rows, ctx->elements},
      .tile = {row_tile, element_tile},
  };
  op->state = xqnn_operator_state_needs_setup;
  return xqnn_status_success;
}

static enum xqnn_status setup_binary_elementwise(
    xqnn_operator_t op, enum xqnn_operator_type type, const void* input1, const void* input2,
    void* output) {
  const enum xqnn_status status = xqnn_check_setup(op, type, (const void* const[]){input1, input2, output}, 3);
  if (status != xqnn_status_success || op->state == xqnn_operator_state_skip) return status;
  struct xqnn_elementwise_binary_context* ctx = &op->context.elementwise_binary;
  ctx->a = op->elementwise.swap_inputs ? input2 : input1;
  ctx->b = op->elementwise.swap_inputs ? input1 : input2;
  ctx->y = output;
  op->state = xqnn_operator_state_ready;
  return xqnn_status_success;
}

// ---- public entry points ----

// The reshape and setup functions every 8-bit binary operator shares.
#define DEFINE_BINARY_RESHAPE_SETUP(op_name, suffix, type, ctype)                                \
  enum xqnn_status xqnn_reshape_##op_name##_nd_##suffix(                                         \
      xqnn_operator_t op, size_t num_input1_dims, const size_t* input1_shape,                    \
      size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool) {            \
    return reshape_binary_elementwise(op, type, num_input1_dims, input1_shape, num_input2_dims,  \
                                      input2_shape, threadpool);                                 \
  }                                                                                              \
  enum xqnn_status xqnn_setup_##op_name##_nd_##suffix(                                           \
      xqnn_operator_t op, const ctype* input1, const ctype* input2, ctype* output) {             \
    return setup_binary_elementwise(op, type, input1, input2, output);                           \
  }

#define DEFINE_BINARY(op_name, suffix, type, ctype)                                              \
  enum xqnn_status xqnn_create_##op_name##_nd_##suffix(                                          \
      ctype input1_zero_point, float input1_scale, ctype input2_zero_point, float input2_scale,  \
      ctype output_zero_point, float output_scale, ctype output_min, ctype output_max,           \
      uint32_t flags, xqnn_operator_t* op_out) {                                                 \
    return create_binary_elementwise(type, input1_zero_point, input1_scale, input2_zero_point,   \
                                     input2_scale, output_zero_point, output_scale, output_min,  \
                                     output_max, flags, op_out);                                 \
  }                                                                                              \
  DEFINE_BINARY_RESHAPE_SETUP(op_name, suffix, type, ctype)

DEFINE_BINARY(add, qs8, xqnn_operator_type_add_nd_qs8, int8_t)
DEFINE_BINARY(add, qu8, xqnn_operator_type_add_nd_qu8, uint8_t)
DEFINE_BINARY(multiply, qs8, xqnn_operator_type_multiply_nd_qs8, int8_t)
DEFINE_BINARY(multiply, qu8, xqnn_operator_type_multiply_nd_qu8, uint8_t)
DEFINE_BINARY(subtract, qs8, xqnn_operator_type_subtract_nd_qs8, int8_t)
DEFINE_BINARY(subtract, qu8, xqnn_operator_type_subtract_nd_qu8, uint8_t)

#define DEFINE_MINMAX(op_name, suffix, type, ctype)                                             \
  enum xqnn_status xqnn_create_##op_name##_nd_##suffix(uint32_t flags, xqnn_operator_t* op_out) { \
    return create_minmax(type, flags, op_out);                                                   \
  }                                                                                              \
  DEFINE_BINARY_RESHAPE_SETUP(op_name, suffix, type, ctype)

DEFINE_MINMAX(maximum, s8, xqnn_operator_type_maximum_nd_s8, int8_t)
DEFINE_MINMAX(maximum, u8, xqnn_operator_type_maximum_nd_u8, uint8_t)
DEFINE_MINMAX(minimum, s8, xqnn_operator_type_minimum_nd_s8, int8_t)
DEFINE_MINMAX(minimum, u8, xqnn_operator_type_minimum_nd_u8, uint8_t)

#define DEFINE_QS16_BINARY(op_name, type)                                                        \
  enum xqnn_status xqnn_create_##op_name##_nd_qs16(                                              \
      float input1_scale, float input2_scale, float output_scale, int16_t output_min,            \
      int16_t output_max, uint32_t flags, xqnn_operator_t* op_out) {                             \
    return create_binary_elementwise(type, 0, input1_scale, 0, input2_scale, 0, output_scale,    \
                                     output_min, output_max, flags, op_out);                     \
  }                                                                                              \
  enum xqnn_status xqnn_reshape_##op_name##_nd_qs16(                                             \
      xqnn_operator_t op, size_t num_input1_dims, const size_t* input1_shape,                    \
      size_t num_input2_dims, const size_t* input2_shape, pthreadpool_t threadpool) {            \
    return reshape_binary_elementwise(op, type, num_input1_dims, input1_shape, num_input2_dims,  \
                                      input2_shape, threadpool);                                 \
  }                                                                                              \
  enum xqnn_status xqnn_setup_##op_name##_nd_qs16(                                               \
      xqnn_operator_t op, const int16_t* input1, const int16_t* input2, int16_t* output) {       \
    return setup_binary_elementwise(op, type, input1, input2, output);                           \
  }

DEFINE_QS16_BINARY(add, xqnn_operator_type_add_nd_qs16)
DEFINE_QS16_BINARY(multiply, xqnn_operator_type_multiply_nd_qs16)
