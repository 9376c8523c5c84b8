// Micro-kernel parameters of the elementwise, average-pooling and conversion
// kernels (qs8/qu8 vadd, vmul, gavgpool, vcvt). All use the fp32 chain and the
// magic-bias rounding of xqnn_fp32_round_magic.
#include <assert.h>

#include "xqnn/math.h"
#include "xqnn/requantization.h"

// 1.5 * 2^23: see xqnn_fp32_round_magic.
static const float kMagicBias = 12582912.0f;

static int32_t magic_less(int32_t zero_point) {
  return (int32_t) xqnn_float_as_uint32(kMagicBias) - zero_point;
}

void xqnn_init_q8_add_minmax_fp32_scalar_params(
    union xqnn_q8_add_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float a_scale, float b_scale, int32_t output_zero_point, int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  params->fp32_scalar.a_zero_point = a_zero_point;
  params->fp32_scalar.b_zero_point = b_zero_point;
  params->fp32_scalar.a_scale = a_scale;
  params->fp32_scalar.b_scale = b_scale;
  params->fp32_scalar.output_min_less_zero_point = (float) (output_min - output_zero_point);
  params->fp32_scalar.output_max_less_zero_point = (float) (output_max - output_zero_point);
  params->fp32_scalar.magic_bias = kMagicBias;
  params->fp32_scalar.magic_bias_less_output_zero_point = magic_less(output_zero_point);
}

void xqnn_init_q8_mul_minmax_fp32_scalar_params(
    union xqnn_q8_mul_minmax_params* params, int32_t a_zero_point, int32_t b_zero_point,
    float scale, int32_t output_zero_point, int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  params->fp32_scalar.a_zero_point = a_zero_point;
  params->fp32_scalar.b_zero_point = b_zero_point;
  params->fp32_scalar.scale = scale;
  params->fp32_scalar.output_min_less_zero_point = (float) (output_min - output_zero_point);
  params->fp32_scalar.output_max_less_zero_point = (float) (output_max - output_zero_point);
  params->fp32_scalar.magic_bias = kMagicBias;
  params->fp32_scalar.magic_bias_less_output_zero_point = magic_less(output_zero_point);
}

void xqnn_init_q8_avgpool_minmax_fp32_scalar_params(
    union xqnn_q8_avgpool_minmax_params* params, int32_t init_bias, float scale,
    int32_t output_zero_point, int32_t output_min, int32_t output_max) {
  assert(output_min <= output_max);
  params->fp32_scalar.init_bias = init_bias;
  params->fp32_scalar.scale = scale;
  params->fp32_scalar.output_min_less_zero_point = (float) (output_min - output_zero_point);
  params->fp32_scalar.output_max_less_zero_point = (float) (output_max - output_zero_point);
  params->fp32_scalar.magic_bias = kMagicBias;
  params->fp32_scalar.magic_bias_less_output_zero_point = magic_less(output_zero_point);
}

void xqnn_init_f32_q8_cvt_scalar_params(
    union xqnn_f32_q8_cvt_params* params, float scale, int32_t zero_point, int32_t output_min,
    int32_t output_max) {
  assert(output_min <= output_max);
  params->scalar.scale = scale;
  params->scalar.output_min_less_zero_point = (float) (output_min - zero_point);
  params->scalar.output_max_less_zero_point = (float) (output_max - zero_point);
  params->scalar.magic_bias = kMagicBias;
  params->scalar.magic_bias_less_zero_point = magic_less(zero_point);
}

void xqnn_init_q8_f32_cvt_scalar_params(
    union xqnn_q8_f32_cvt_params* params, float scale, int32_t zero_point) {
  params->scalar.zero_point = zero_point;
  params->scalar.scale = scale;
}
