// Scalar references for the elementwise, average-pooling and conversion
// operators, written from the definitions in src/operators/*.c (not from the
// kernels): rounding through std::nearbyint (round half to even in the default
// mode) instead of the kernels' magic-bias addition. Intermediate floats go
// through volatile so the compiler cannot contract them into FMAs.
#pragma once

#include <cmath>
#include <cstdint>

namespace xqnn_test {

inline int32_t RoundClamp(float value, int32_t zero_point, int32_t qmin, int32_t qmax) {
  volatile float v = value;
  float x = v;
  const float lo = (float) (qmin - zero_point);
  const float hi = (float) (qmax - zero_point);
  x = x < lo ? lo : x;
  x = x > hi ? hi : x;
  return (int32_t) std::nearbyint(x) + zero_point;
}

// add: (float)(a - a_zp) * ratio_a + (float)(b - b_zp) * ratio_b, ratios = input / output scale.
inline int32_t ReferenceAdd(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale,
                            float b_scale, float output_scale, int32_t output_zp, int32_t qmin,
                            int32_t qmax) {
  volatile float ratio_a = a_scale / output_scale;
  volatile float ratio_b = b_scale / output_scale;
  volatile float term_a = (float) (a - a_zp) * ratio_a;
  volatile float term_b = (float) (b - b_zp) * ratio_b;
  return RoundClamp(term_a + term_b, output_zp, qmin, qmax);
}

// subtract: add with b's ratio negated, -(float)(b_scale / output_scale).
inline int32_t ReferenceSubtract(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale,
                                 float b_scale, float output_scale, int32_t output_zp, int32_t qmin,
                                 int32_t qmax) {
  volatile float ratio_a = a_scale / output_scale;
  volatile float ratio_b = -(b_scale / output_scale);
  volatile float term_a = (float) (a - a_zp) * ratio_a;
  volatile float term_b = (float) (b - b_zp) * ratio_b;
  return RoundClamp(term_a + term_b, output_zp, qmin, qmax);
}

// add in exact arithmetic (double is exact enough: the products are exact and the
// sum and quotient carry relative errors of 2^-53), rounded to nearest, clamped.
inline int32_t ExactAdd(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale,
                        float b_scale, float output_scale, int32_t output_zp, int32_t qmin,
                        int32_t qmax) {
  const double e = ((double) a_scale * (a - a_zp) + (double) b_scale * (b - b_zp)) / output_scale;
  double r = std::nearbyint(e) + output_zp;
  r = r < qmin ? qmin : r;
  r = r > qmax ? qmax : r;
  return (int32_t) r;
}

// multiply: (float)((a - a_zp) * (b - b_zp)) * (float)((float)(a_scale * b_scale) / output_scale).
inline int32_t ReferenceMultiply(int32_t a, int32_t b, int32_t a_zp, int32_t b_zp, float a_scale,
                                 float b_scale, float output_scale, int32_t output_zp,
                                 int32_t qmin, int32_t qmax) {
  volatile float product = a_scale * b_scale;
  volatile float scale = product / output_scale;
  volatile float scaled = (float) ((a - a_zp) * (b - b_zp)) * scale;
  return RoundClamp(scaled, output_zp, qmin, qmax);
}

inline float AveragePoolingScale(float input_scale, float output_scale, size_t pixels) {
  volatile float denominator = output_scale * (float) pixels;
  return input_scale / denominator;
}

// sum(x - zp) over the pixels, requantized with `scale`.
inline int32_t ReferenceAverage(int64_t sum_less_zero_point, float scale, int32_t output_zp,
                                int32_t qmin, int32_t qmax) {
  volatile float scaled = (float) sum_less_zero_point * scale;
  return RoundClamp(scaled, output_zp, qmin, qmax);
}

// f32 -> q: NaN -> 0.0; x / scale; saturate; round half to even.
inline int32_t ReferenceF32ToQ(float x, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  if (std::isnan(x)) x = 0.0f;
  volatile float q = x / scale;
  const float v = q;
  if (v >= (float) (qmax - zero_point)) return qmax;
  if (v <= (float) (qmin - zero_point)) return qmin;
  return (int32_t) std::nearbyint(v) + zero_point;
}

inline float ReferenceQToF32(int32_t q, float scale, int32_t zero_point) {
  volatile float x = (float) (q - zero_point) * scale;
  return x;
}

}  // namespace xqnn_test
