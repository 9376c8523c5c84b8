// TensorFlow Lite's fixed-point requantization, written here from TFLite's
// own definitions and independently of xqnn's implementation
// (src/xqnn/requantization.h): the reference that kernels and operators with
// XQNN_FLAG_TFLITE_REQUANTIZATION, and the TFLite runner, are tested against.
//   QuantizeMultiplier                 tensorflow/lite/kernels/internal/quantization_util.cc
//   SaturatingRoundingDoublingHighMul  gemmlowp/fixedpoint
//   then a rounding right shift with ties rounded up, as TFLite 2.9's x86
//   convolution kernels do; its ADD uses gemmlowp's RoundingDivideByPOT, which
//   rounds ties away from zero
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tflite_reference {

struct Multiplier {
  int32_t multiplier = 0;
  int exponent = 0;  // real = multiplier * 2^(exponent - 31)
};

inline Multiplier QuantizeMultiplier(double real) {
  Multiplier q;
  if (real == 0.0) return q;
  const double fraction = std::frexp(real, &q.exponent);
  int64_t fixed = static_cast<int64_t>(std::round(fraction * static_cast<double>(INT64_C(1) << 31)));
  if (fixed == (INT64_C(1) << 31)) {
    fixed /= 2;
    q.exponent++;
  }
  q.multiplier = static_cast<int32_t>(fixed);
  return q;
}

// TFLite's real multiplier of a convolution / fully-connected layer: in double
// for per-channel int8 (PopulateConvolutionQuantizationParams), with the
// input * kernel scale product in float for uint8 and the per-tensor int8
// fully-connected layer (GetQuantizedConvolutionMultipler).
inline double RealMultiplier(float input_scale, float kernel_scale, float output_scale, bool float_product) {
  if (float_product) return static_cast<double>(input_scale * kernel_scale) / static_cast<double>(output_scale);
  return static_cast<double>(input_scale) * static_cast<double>(kernel_scale) / static_cast<double>(output_scale);
}

inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((ab + nudge) / (INT64_C(1) << 31));
}

inline int32_t RoundingRightShiftTiesUp(int32_t x, int exponent) {
  if (exponent == 0) return x;
  // Exact in double: |x| < 2^31.
  return static_cast<int32_t>(std::floor((static_cast<double>(x) + std::ldexp(1.0, exponent - 1)) /
                                         std::ldexp(1.0, exponent)));
}

inline int32_t MultiplyByQuantizedMultiplier(int32_t x, Multiplier q) {
  const int left = q.exponent > 0 ? q.exponent : 0;
  const int right = q.exponent > 0 ? 0 : -q.exponent;
  // TFLite writes x * (1 << left) in int32; it wraps on the machines it runs on.
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return RoundingRightShiftTiesUp(SaturatingRoundingDoublingHighMul(shifted, q.multiplier), right);
}

// gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded half away from zero.
inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const double q = static_cast<double>(x) / std::ldexp(1.0, exponent);  // exact
  return static_cast<int32_t>(std::round(q));  // half away from zero
}

// TFLite's int8 / uint8 ADD (add.cc Prepare, optimized AddElementwise): left
// shift 20, per-input multipliers scale / (2 max scale), output multiplier
// 2 max scale / (2^20 output_scale), each applied by
// MultiplyByQuantizedMultiplierSmallerThanOneExp (ties away from zero).
// int16 (the general-scale path of 16x8 models): left shift 15.
// TFLite 2.9's int8 / uint8 SUB (sub.cc PrepareGeneralSubOp) is the same with
// input2's quantized multiplier negated (op_sign -1): `negate_b`.
inline int32_t Add(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale, float b_scale,
                   float output_scale, int32_t output_zp, int32_t qmin, int32_t qmax, int left_shift = 20,
                   bool negate_b = false) {
  const double twice_max_input_scale = 2 * std::max(a_scale, b_scale);
  const Multiplier ma = QuantizeMultiplier(a_scale / twice_max_input_scale);
  Multiplier mb = QuantizeMultiplier(b_scale / twice_max_input_scale);
  if (negate_b) mb.multiplier = -mb.multiplier;
  const Multiplier mo = QuantizeMultiplier(twice_max_input_scale / ((1 << left_shift) * output_scale));
  auto scale = [](int32_t x, Multiplier m) {
    return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, m.multiplier), -m.exponent);
  };
  const int32_t sum = scale((a - a_zp) * (1 << left_shift), ma) + scale((b - b_zp) * (1 << left_shift), mb);
  const int32_t out = scale(sum, mo) + output_zp;
  return std::min(qmax, std::max(qmin, out));
}

inline int32_t Sub(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale, float b_scale,
                   float output_scale, int32_t output_zp, int32_t qmin, int32_t qmax) {
  return Add(a, b, a_zp, b_zp, a_scale, b_scale, output_scale, output_zp, qmin, qmax, /*left_shift=*/20,
             /*negate_b=*/true);
}

// TFLite's int16 MUL (zero points 0): real = input1 scale * input2 scale / output scale,
// evaluated in float as mul.cc does, then MultiplyByQuantizedMultiplier(a * b).
inline int32_t Mul16(int32_t a, int32_t b, float a_scale, float b_scale, float output_scale, int32_t qmin,
                     int32_t qmax) {
  const float product = a_scale * b_scale;
  const float real = product / output_scale;
  const int32_t out = MultiplyByQuantizedMultiplier(a * b, QuantizeMultiplier(real));
  return std::min(qmax, std::max(qmin, out));
}

inline int32_t Requantize(int32_t acc, Multiplier q, int32_t zero_point, int32_t qmin, int32_t qmax) {
  const int64_t y = static_cast<int64_t>(MultiplyByQuantizedMultiplier(acc, q)) + zero_point;
  return static_cast<int32_t>(std::min<int64_t>(qmax, std::max<int64_t>(qmin, y)));
}

}  // namespace tflite_reference
