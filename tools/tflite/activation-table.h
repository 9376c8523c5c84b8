// TFLite 2.9's int8 / uint8 LOGISTIC, TANH, HARD_SWISH and LEAKY_RELU as
// 256-entry tables: each op is a pure function of one input byte, so
// evaluating TFLite's own arithmetic once per byte value and looking the
// results up (xqnn_create_lut_elementwise_nc_x8) gives TFLite's bits.
//
//   LOGISTIC, TANH: TFLite's PopulateLookupTable, in float:
//     x = input_scale * (q - input_zp); y = f(x) (expf / tanhf);
//     out = clamp((int32) (roundf(y * (1 / output_scale)) + output_zp))   (roundf: ties away from zero)
//     TFLite requires output_scale == 1/256 for LOGISTIC.
//   HARD_SWISH: reference_ops::HardSwish, int16 fixed point (multipliers
//     from QuantizeMultiplier, narrowed to 16 bits; output exponent <= 0).
//   LEAKY_RELU: reference_ops::QuantizeLeakyRelu: MultiplyByQuantizedMultiplier
//     by (input_scale * alpha / output_scale) for q < input_zp, by
//     (input_scale / output_scale) otherwise (31-bit multipliers, double rounding).
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_activation_params {
  int32_t opcode;  // XQT_OP_LOGISTIC, XQT_OP_TANH, XQT_OP_HARD_SWISH, XQT_OP_LEAKY_RELU
  bool is_signed;  // int8 (true) or uint8
  float input_scale, output_scale;
  int32_t input_zero_point, output_zero_point;
  float alpha;     // LEAKY_RELU
};

// Fills table[byte] (int8 values by their two's-complement byte). Returns
// false, with `err` naming the rule, for quantizations TFLite rejects or whose
// arithmetic would overflow (TFLite's would be undefined there).
bool xqt_activation_table(const struct xqt_activation_params* p, uint8_t table[256], struct xqt_error* err);

#ifdef __cplusplus
}  // extern "C"
#endif
