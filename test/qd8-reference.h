// Test-side reference of dynamic range quantization (QD8), written from the
// formula documented in src/xqnn/qd8-vcvt-scalar-template.h (and the README),
// independently of the library's code: std::isfinite / std::nearbyint instead
// of the kernels' range tests and magic-number rounding.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "xqnn.h"

inline xqnn_quantization_params ReferenceQD8Params(const float* x, size_t n) {
  float lo = 0.0f;
  float hi = 0.0f;
  for (size_t i = 0; i < n; i++) {
    if (std::isfinite(x[i])) {
      lo = std::min(lo, x[i]);
      hi = std::max(hi, x[i]);
    }
  }
  if (lo == hi) return {0, 1.0f};
  const float range = hi - lo;
  float scale = std::isinf(range) ? hi / 255.0f - lo / 255.0f : range / 255.0f;
  scale = std::max(scale, 0x1p-149f);
  const float lo_s = lo / scale;
  const float hi_s = hi / scale;
  float zp = (128.0f - lo_s) < (127.0f + hi_s) ? -128.0f - lo_s : 127.0f - hi_s;
  zp = std::min(std::max(zp, -128.0f), 127.0f);
  return {static_cast<int32_t>(std::nearbyint(zp)), scale};
}

inline int8_t ReferenceQD8Value(float x, const xqnn_quantization_params& p) {
  float v = x / p.scale;
  if (std::isnan(v)) v = 0.0f;
  v = std::max(v, static_cast<float>(-128 - p.zero_point));
  v = std::min(v, static_cast<float>(127 - p.zero_point));
  return static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(v)) + p.zero_point);
}

inline void ReferenceQD8Row(const float* x, size_t n, int8_t* q, xqnn_quantization_params* p) {
  *p = ReferenceQD8Params(x, n);
  for (size_t i = 0; i < n; i++) q[i] = ReferenceQD8Value(x[i], *p);
}

// QD8 gemm output, in the documented order (acc exact in int64, then f32 ops).
inline float ReferenceQD8Output(int64_t acc, float row_scale, float kernel_scale, float bias,
                                float output_min, float output_max) {
  float v = static_cast<float>(static_cast<int32_t>(static_cast<uint32_t>(acc)));
  v = v * row_scale;
  v = v * kernel_scale;
  v = v + bias;
  v = v < output_min ? output_min : v;
  v = v > output_max ? output_max : v;
  return v;
}
