// The data-type table of the operators with weights and their kernel choice
// (src/xqnn/operator-variants.h).
#include "xqnn/operator-variants.h"

#include <fp16.h>

#include "xqnn/math.h"
#include "xqnn/requantization.h"

// ---- kernel parameters ----

static void init_qs8_params(
    union xqnn_gemm_params* params, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  (void) rq;  // the scales are packed with the weights
  if (w->tflite_requantization) {
    xqnn_init_q8_conv_minmax_tflite_scalar_params(
        &params->qs8.tflite_scalar, 0, w->output_zero_point, w->output_min, w->output_max);
    return;
  }
  xqnn_init_qs8_qc8w_conv_minmax_fp32_scalar_params(
      &params->qs8, (int8_t) w->output_zero_point, (int8_t) w->output_min, (int8_t) w->output_max);
}

static void init_qu8_params(
    union xqnn_gemm_params* params, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  if (w->tflite_requantization) {
    // Same layout in the QS8 and QU8 unions.
    xqnn_init_q8_conv_minmax_tflite_scalar_params(
        &params->qs8.tflite_scalar, w->kernel_zero_point, w->output_zero_point, w->output_min,
        w->output_max);
    return;
  }
  xqnn_init_qu8_conv_minmax_fp32_scalar_params(
      &params->qu8, (uint8_t) w->kernel_zero_point, rq->scales[0], (uint8_t) w->output_zero_point,
      (uint8_t) w->output_min, (uint8_t) w->output_max);
}

static void init_qs16_params(
    union xqnn_gemm_params* params, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  (void) rq;  // the multipliers are packed with the weights
  xqnn_init_q8_conv_minmax_tflite_scalar_params(&params->qs8.tflite_scalar, 0, 0, w->output_min,
                                               w->output_max);
}

static void init_qd8_f32_params(
    union xqnn_gemm_params* params, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  (void) rq;
  params->f32.min = w->float_output_min;
  params->f32.max = w->float_output_max;
}

// fp16 outputs: the bounds are rounded to fp16 first, so that clamped outputs
// stay inside them after rounding (rounding is monotonic: min <= max holds).
static void init_qd8_f16_params(
    union xqnn_gemm_params* params, const struct xqnn_quantized_weights* w,
    const struct xqnn_channel_requantization* rq) {
  (void) rq;
  params->f32.min = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(w->float_output_min));
  params->f32.max = fp16_ieee_to_fp32_value(fp16_ieee_from_fp32_value(w->float_output_max));
}

// ---- the table ----

static const struct xqnn_datatype_variant qs8_variant = {
    .packed_weights = xqnn_packed_weights_qs8_qc8w,
    .per_channel = false,
    .flags = XQNN_FLAG_TFLITE_REQUANTIZATION,
    .gemm_config = {xqnn_get_qs8_qc8w_gemm_config, xqnn_get_qs8_qc8w_tflite_gemm_config},
    .dwconv_config = {xqnn_get_qs8_qc8w_dwconv_config, xqnn_get_qs8_qc8w_tflite_dwconv_config},
    .init_params = init_qs8_params,
};

static const struct xqnn_datatype_variant qs8_qc8w_variant = {
    .packed_weights = xqnn_packed_weights_qs8_qc8w,
    .per_channel = true,
    .flags = XQNN_FLAG_TFLITE_REQUANTIZATION,
    .gemm_config = {xqnn_get_qs8_qc8w_gemm_config, xqnn_get_qs8_qc8w_tflite_gemm_config},
    .dwconv_config = {xqnn_get_qs8_qc8w_dwconv_config, xqnn_get_qs8_qc8w_tflite_dwconv_config},
    .init_params = init_qs8_params,
};

static const struct xqnn_datatype_variant qu8_variant = {
    .packed_weights = xqnn_packed_weights_qu8,
    .per_channel = false,
    .flags = XQNN_FLAG_TFLITE_REQUANTIZATION,
    .gemm_config = {xqnn_get_qu8_gemm_config, xqnn_get_qu8_tflite_gemm_config},
    .dwconv_config = {xqnn_get_qu8_dwconv_config, xqnn_get_qu8_tflite_dwconv_config},
    .init_params = init_qu8_params,
};

static const struct xqnn_datatype_variant qd8_f32_qc8w_variant = {
    .packed_weights = xqnn_packed_weights_qd8,
    .log2_output_size = 2,
    .per_channel = true,
    .qd8 = true,
    .gemm_config = {xqnn_get_qd8_f32_qc8w_gemm_config, NULL},
    .init_params = init_qd8_f32_params,
};

static const struct xqnn_datatype_variant qd8_f16_qc8w_variant = {
    .packed_weights = xqnn_packed_weights_qd8,
    .log2_output_size = 1,
    .per_channel = true,
    .qd8 = true,
    .gemm_config = {xqnn_get_qd8_f16_qc8w_gemm_config, NULL},
    .init_params = init_qd8_f16_params,
};

// TFLite's 16x8 scheme: its requantization whatever the flags; depthwise
// convolutions run igemm (no dwconv kernels).
static const struct xqnn_datatype_variant qs16_qc8w_variant = {
    .packed_weights = xqnn_packed_weights_qs16_qc8w,
    .log2_input_size = 1,
    .log2_output_size = 1,
    .per_channel = true,
    .flags = XQNN_FLAG_TFLITE_REQUANTIZATION,
    .gemm_config = {xqnn_get_qs16_qc8w_gemm_config, xqnn_get_qs16_qc8w_gemm_config},
    .init_params = init_qs16_params,
};

static const struct {
  enum xqnn_operator_type type;
  enum xqnn_operator_kind kind;
  const struct xqnn_datatype_variant* variant;
} operator_variants[] = {
#define KIND_ROWS(prefix, kind)                                                       \
  {xqnn_operator_type_##prefix##_qs8, kind, &qs8_variant},                            \
  {xqnn_operator_type_##prefix##_qs8_qc8w, kind, &qs8_qc8w_variant},                  \
  {xqnn_operator_type_##prefix##_qu8, kind, &qu8_variant},                            \
  {xqnn_operator_type_##prefix##_qd8_f32_qc8w, kind, &qd8_f32_qc8w_variant},          \
  {xqnn_operator_type_##prefix##_qd8_f16_qc8w, kind, &qd8_f16_qc8w_variant},          \
  {xqnn_operator_type_##prefix##_qs16_qc8w, kind, &qs16_qc8w_variant},
    KIND_ROWS(fully_connected_nc, xqnn_operator_kind_fully_connected)
    KIND_ROWS(convolution_nhwc, xqnn_operator_kind_convolution)
    KIND_ROWS(deconvolution_nhwc, xqnn_operator_kind_deconvolution)
#undef KIND_ROWS
};

const struct xqnn_datatype_variant* xqnn_datatype_variant(enum xqnn_operator_type type) {
  for (size_t i = 0; i < XQNN_COUNT_OF(operator_variants); i++) {
    if (operator_variants[i].type == type) return operator_variants[i].variant;
  }
  return NULL;
}

bool xqnn_operator_kind(enum xqnn_operator_type type, enum xqnn_operator_kind* kind) {
  for (size_t i = 0; i < XQNN_COUNT_OF(operator_variants); i++) {
    if (operator_variants[i].type == type) {
      *kind = operator_variants[i].kind;
      return true;
    }
  }
  return false;
}

// ---- kernel choice ----

static bool no_padding(const struct xqnn_convolution_geometry* g) {
  return (g->padding_top | g->padding_right | g->padding_bottom | g->padding_left) == 0;
}

struct xqnn_kernel_choice xqnn_choose_kernel(const struct xqnn_kernel_query* q) {
  const struct xqnn_convolution_geometry* g = q->geometry;
  const struct xqnn_datatype_variant* v = q->variant;
  const enum xqnn_requantization_scheme scheme = (g->flags & XQNN_FLAG_TFLITE_REQUANTIZATION) != 0
                                                     ? xqnn_requantization_tflite
                                                     : xqnn_requantization_fp32;
  struct xqnn_kernel_choice choice = {.type = xqnn_microkernel_type_igemm};
  choice.gemm_config =
      v->gemm_config[scheme](q->full_range_weights, /*byte_weights=*/q->kind == xqnn_operator_kind_fully_connected);
  switch (q->kind) {
    case xqnn_operator_kind_fully_connected:
      choice.type = xqnn_microkernel_type_gemm;
      break;
    case xqnn_operator_kind_convolution: {
      const struct xqnn_dwconv_config* dwconv =
          v->dwconv_config[scheme] != NULL ? v->dwconv_config[scheme]() : NULL;
      if (g->group_input_channels == 1 && g->group_output_channels == 1 && dwconv != NULL) {
        choice.type = xqnn_microkernel_type_dwconv;
        choice.dwconv = xqnn_choose_dwconv_ukernel(
            dwconv, (size_t) g->kernel_height * g->kernel_width, g->groups);
        return choice;
      }
      // SAME padding of a 1x1 stride-1 kernel is zero.
      if (!v->qd8 && g->kernel_height == 1 && g->kernel_width == 1 && g->stride_height == 1 &&
          g->stride_width == 1 && no_padding(g)) {
        choice.type = xqnn_microkernel_type_gemm;
      }
      if (q->m == 1 && choice.gemm_config->int16_weights) {
        const struct xqnn_gemm_config* bytes = v->gemm_config[scheme](q->full_range_weights, /*byte_weights=*/true);
        if (!bytes->int16_weights && bytes->nr == choice.gemm_config->nr) choice.gemm_config = bytes;
      }
      break;
    }
    case xqnn_operator_kind_deconvolution:
      // Every phase then has one tap, and phase pixel (y, x) reads input pixel (y, x).
      if (!v->qd8 && !q->adjustment && g->kernel_height == g->stride_height &&
          g->kernel_width == g->stride_width &&
          (g->kernel_height == 1 || g->dilation_height == 1) &&
          (g->kernel_width == 1 || g->dilation_width == 1) && no_padding(g)) {
        choice.type = xqnn_microkernel_type_gemm;
      }
      break;
  }
  const struct xqnn_gemm_config* config = choice.gemm_config;
  const bool single_row = choice.type == xqnn_microkernel_type_igemm && q->m == 1;
  choice.mr = single_row ? 1 : config->mr;
  choice.gemm = config->gemm;
  choice.gemm1 = config->gemm1;
  choice.igemm = single_row ? config->igemm1 : config->igemm;
  return choice;
}
