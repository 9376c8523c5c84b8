// Bit-exact check of a QD8 convolution / deconvolution output (f32 or fp16
// elements, `out_stride` elements per pixel) against reference floats, with
// the gaps between pixels and the bytes past the output still holding `canary`.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <fp16.h>

inline void ExpectQD8PixelOutputs(const std::vector<uint8_t>& out, const std::vector<float>& expected,
                                  size_t pixels, size_t channels, size_t out_stride, bool f16,
                                  uint8_t canary) {
  const size_t esize = f16 ? 2 : 4;
  for (size_t p = 0; p < pixels; p++) {
    for (size_t ch = 0; ch < out_stride; ch++) {
      const uint8_t* o = &out[(p * out_stride + ch) * esize];
      if (ch >= channels) {
        for (size_t i = 0; i < esize; i++) ASSERT_EQ(o[i], canary) << "stray write, pixel " << p << " element " << ch;
        continue;
      }
      const float e = expected[p * channels + ch];
      if (f16) {
        uint16_t actual;
        std::memcpy(&actual, o, 2);
        ASSERT_EQ(actual, fp16_ieee_from_fp32_value(e)) << "pixel " << p << " channel " << ch;
      } else {
        ASSERT_EQ(std::memcmp(o, &e, 4), 0) << "pixel " << p << " channel " << ch;
      }
    }
  }
  for (size_t i = pixels * out_stride * esize; i < out.size(); i++) {
    ASSERT_EQ(out[i], canary) << "stray write past the output";
  }
}
