// Quantization helpers of the TFLite runner: TFLite's fused-activation ranges,
// and the few element-wise computations the runner does itself (requantization
// between tensors, softmax in float).
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// TFLite's CalculateActivationRangeQuantized for an int8 (is_signed) or uint8
// output with the given scale and zero point:
//   q(f) = zero_point + round_half_away_from_zero(f / scale)   (f / scale in float)
//   NONE [qmin, qmax]; RELU [max(qmin, q(0)), qmax];
//   RELU6 [max(qmin, q(0)), min(qmax, q(6))]; RELU_N1_TO_1 [max(qmin, q(-1)), min(qmax, q(1))].
// Returns false for activations that are not ranges (TANH, SIGN_BIT, unknown).
bool xqt_activation_range(int activation, bool is_signed, float scale, int32_t zero_point,
                          int32_t* min_out, int32_t* max_out);

// The same for an int16 output (TFLite's 16x8 scheme: zero point 0, [-32768, 32767]).
bool xqt_activation_range_int16(int activation, float scale, int32_t* min_out, int32_t* max_out);

// QUANTIZE float -> int16 as TFLite's AffineQuantize:
//   q = clamp(round_half_away_from_zero(x / scale) + zero_point, -32768, 32767)
// (x / scale in float; beyond the int32 range, where TFLite's cast is
// undefined, the value saturates).
void xqt_quantize_int16(size_t n, float scale, int32_t zero_point, const float* input, int16_t* output);
// DEQUANTIZE int16 -> float: (float) ((double) scale * (q - zero_point)), as TFLite.
void xqt_dequantize_int16(size_t n, float scale, int32_t zero_point, const int16_t* input, float* output);

// Quantized element of an int8 or uint8 buffer.
static inline int32_t xqt_load_q(const void* data, bool is_signed, size_t i) {
  return is_signed ? (int32_t) ((const int8_t*) data)[i] : (int32_t) ((const uint8_t*) data)[i];
}
static inline void xqt_store_q(void* data, bool is_signed, size_t i, int32_t v) {
  if (is_signed) {
    ((int8_t*) data)[i] = (int8_t) v;
  } else {
    ((uint8_t*) data)[i] = (uint8_t) v;
  }
}

// Requantization between two quantized tensors (QUANTIZE int8/uint8 -> int8/uint8,
// CONCATENATION inputs of another scale):
//   out = clamp(out_zp + round_half_away_from_zero((double) in_scale / out_scale * (q - in_zp)),
//               out_min, out_max)
// in double precision (TFLite uses a 31-bit fixed-point multiplier; results can
// differ by one unit on exact ties only). When the scales are equal this is an
// exact zero-point shift, as in the int8 <-> uint8 QUANTIZE ops of TF2 models.
struct xqt_requantization {
  bool input_signed, output_signed;
  int32_t input_zero_point, output_zero_point;
  double multiplier;
  bool identity_scale;
  int32_t output_min, output_max;
};
void xqt_requantize(const struct xqt_requantization* r, size_t n, const void* input, void* output);

// Softmax over rows of `channels` quantized values, computed in float:
//   x = in_scale * (q - in_zp); p = exp(beta * (x - max)) / sum;
//   out = clamp(out_zp + round_half_away_from_zero(p / out_scale), qmin, qmax).
// TFLite fixes the output quantization of int8/uint8 softmax to scale 1/256 and
// zero point -128 (int8) / 0 (uint8); any valid quantization is accepted here.
void xqt_softmax_q(size_t rows, size_t channels, float beta, bool input_signed, float input_scale,
                   int32_t input_zero_point, bool output_signed, float output_scale,
                   int32_t output_zero_point, const void* input, void* output);
void xqt_softmax_f32(size_t rows, size_t channels, float beta, const float* input, float* output);

// TFLite 2.9's MEAN of int8 / uint8 values (reference_ops in reduce.h, the path
// of every MEAN but rank-4 keep_dims over axes {1, 2}). `shape` (rank dims)
// is the input's; reduced[d] marks the averaged dimensions, n = their product.
// With sum = the int32 sum of the stored values of one output:
//   integer (input and output share scale and zero point):
//     out = sum / n                  (C integer division, truncating toward zero)
//   else, in float (each step rounded to float, no FMA):
//     scale = in_scale / out_scale, bias = (float) -in_zp * scale,
//     mean  = (float) sum / (float) n,
//     out   = clamp(round_half_away_from_zero(mean * scale + bias) + out_zp, qmin, qmax)
// (the type's limits: MEAN has no fused activation).
struct xqt_mean {
  size_t rank;
  const size_t* shape;
  const bool* reduced;
  bool is_signed, integer;
  float input_scale, output_scale;
  int32_t input_zero_point, output_zero_point;
};
void xqt_mean_q(const struct xqt_mean* m, const void* input, void* output);

#ifdef __cplusplus
}  // extern "C"
#endif
