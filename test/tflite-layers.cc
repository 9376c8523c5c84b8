// tools/tflite: every layer of both shipped models, run by xqnn-tflite on the
// cat photo, against a naive reference of the quantized op computed here from
// the layer's actual input, for both requantization schemes of the runner:
//  - fp32 (--requantization fp32): the exact real value (int64 accumulator
//    times the double-precision scale ratio, plus the output zero point),
//    clamped to the fused activation range, rounded to nearest. xqnn may
//    differ by 1 only where the real value lies within 1e-3 of a rounding tie
//    (fp32 carries ~7 significant digits).
//  - TFLite (the default): convolutions and ADD must equal TFLite's
//    fixed-point arithmetic (tflite-requantization-reference.h, written
//    independently from TFLite's definitions); MEAN / AVERAGE_POOL_2D stay
//    fp32 operators (as above).
// It checks the runner's mapping of every CONV_2D / DEPTHWISE_CONV_2D (weight
// layouts, per-channel scales, TensorFlow SAME padding with strides), ADD and
// MEAN / AVERAGE_POOL_2D onto xqnn, layer by layer, independently of
// TensorFlow Lite's recorded tensors (tflite-golden.cc compares with those).
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "model.h"
#include "runtime.h"
#include "tflite-requantization-reference.h"
#include "tflite-test-util.h"

using namespace xqt_test;

namespace {

enum { kAdd = 0, kAveragePool2d = 1, kConv2d = 3, kDepthwiseConv2d = 4, kMean = 40 };
enum { kPaddingSame = 0 };
enum { kActivationRelu = 1, kActivationRelu6 = 3 };
constexpr int kTypeInt8 = 9;

struct Checked {
  size_t layers = 0;
  size_t near_ties = 0;
};

void CheckEveryLayer(const char* model_name, bool tflite, Checked* checked) {
  xqt_error err{};
  xqt_model* m = xqt_model_load(DataPath(model_name).c_str(), &err);
  ASSERT_NE(m, nullptr) << err.message;
  xqt_runtime_options options{};
  options.no_memory_reuse = true;  // every intermediate tensor stays readable
  options.fp32_requantization = !tflite;
  xqt_runtime* rt = xqt_runtime_create(m, nullptr, &options, &err);
  ASSERT_NE(rt, nullptr) << err.message;
  const std::vector<uint8_t> image = ReadFile(DataPath("golden/cat.224x224.rgb"));
  ASSERT_EQ(image.size(), m->tensors[m->inputs[0]].size_bytes);
  std::memcpy(xqt_runtime_tensor(rt, m->inputs[0]), image.data(), image.size());
  ASSERT_TRUE(xqt_runtime_run(rt, &err)) << err.message;

  for (size_t op_index = 0; op_index < m->num_ops; op_index++) {
    const xqt_op& op = m->ops[op_index];
    if (op.opcode != kAdd && op.opcode != kAveragePool2d && op.opcode != kConv2d &&
        op.opcode != kDepthwiseConv2d && op.opcode != kMean) {
      continue;  // QUANTIZE, RESHAPE, SOFTMAX: tflite-golden.cc, tflite-reader.cc
    }
    const xqt_tensor& ti = m->tensors[op.inputs[0]];
    const xqt_tensor& to = m->tensors[op.outputs[0]];
    const uint8_t* input = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, op.inputs[0]));
    const uint8_t* output = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, op.outputs[0]));
    const bool s8 = to.type == kTypeInt8;
    auto load = [s8](const uint8_t* p, size_t i) { return s8 ? static_cast<int>(static_cast<int8_t>(p[i])) : static_cast<int>(p[i]); };
    const double in_scale = ti.scales[0], in_zp = static_cast<double>(ti.zero_points[0]);
    const double out_scale = to.scales[0], out_zp = static_cast<double>(to.zero_points[0]);
    // TFLite's CalculateActivationRangeQuantized.
    const double qmin = s8 ? -128 : 0, qmax = s8 ? 127 : 255;
    auto quantize = [&](double f) { return out_zp + std::round(f / out_scale); };
    double lo = qmin, hi = qmax;
    if (op.options.activation == kActivationRelu) lo = std::max(qmin, quantize(0.0));
    if (op.options.activation == kActivationRelu6) {
      lo = std::max(qmin, quantize(0.0));
      hi = std::min(qmax, quantize(6.0));
    }
    std::vector<double> real(to.num_elements);
    std::vector<int32_t> fixed_point(to.num_elements);  // TFLite requantization (convolutions, ADD)
    if (op.opcode == kConv2d || op.opcode == kDepthwiseConv2d) {
      const xqt_tensor& tw = m->tensors[op.inputs[1]];
      const xqt_tensor& tb = m->tensors[op.inputs[2]];
      const size_t H = ti.dims[1], W = ti.dims[2], C = ti.dims[3];
      const size_t OH = to.dims[1], OW = to.dims[2], OC = to.dims[3];
      const size_t KH = tw.dims[1], KW = tw.dims[2];
      const long sh = op.options.stride_h, sw = op.options.stride_w;
      long pad_top = 0, pad_left = 0;
      if (op.options.padding == kPaddingSame) {  // TensorFlow: the odd pixel at the bottom / right
        pad_top = std::max<long>(0, static_cast<long>((OH - 1) * sh + KH) - static_cast<long>(H)) / 2;
        pad_left = std::max<long>(0, static_cast<long>((OW - 1) * sw + KW) - static_cast<long>(W)) / 2;
      }
      const bool depthwise = op.opcode == kDepthwiseConv2d;
      for (size_t oy = 0; oy < OH; oy++) {
        for (size_t ox = 0; ox < OW; ox++) {
          for (size_t oc = 0; oc < OC; oc++) {
            const size_t q = tw.num_scales > 1 ? oc : 0;
            const int64_t w_zp = tw.zero_points[q];
            int64_t acc = 0;
            for (size_t ky = 0; ky < KH; ky++) {
              for (size_t kx = 0; kx < KW; kx++) {
                const long iy = static_cast<long>(oy) * sh + static_cast<long>(ky) - pad_top;
                const long ix = static_cast<long>(ox) * sw + static_cast<long>(kx) - pad_left;
                if (iy < 0 || ix < 0 || iy >= static_cast<long>(H) || ix >= static_cast<long>(W)) continue;
                const size_t pixel = (static_cast<size_t>(iy) * W + static_cast<size_t>(ix)) * C;
                if (depthwise) {  // weights [1][KH][KW][C * multiplier]
                  const size_t ic = oc / static_cast<size_t>(op.options.depth_multiplier);
                  acc += (load(input, pixel + ic) - static_cast<int64_t>(in_zp)) *
                         (load(tw.data, (ky * KW + kx) * OC + oc) - w_zp);
                } else {  // weights [OC][KH][KW][C]
                  for (size_t ic = 0; ic < C; ic++) {
                    acc += (load(input, pixel + ic) - static_cast<int64_t>(in_zp)) *
                           (load(tw.data, ((oc * KH + ky) * KW + kx) * C + ic) - w_zp);
                  }
                }
              }
            }
            int32_t bias;
            std::memcpy(&bias, tb.data + 4 * oc, sizeof(bias));
            acc += bias;
            real[(oy * OW + ox) * OC + oc] =
                static_cast<double>(acc) * (in_scale * static_cast<double>(tw.scales[q]) / out_scale) + out_zp;
            const double multiplier = tflite_reference::RealMultiplier(ti.scales[0], tw.scales[q], to.scales[0], !s8);
            EXPECT_EQ(acc, static_cast<int32_t>(acc));
            fixed_point[(oy * OW + ox) * OC + oc] =
                tflite_reference::MultiplyByQuantizedMultiplier(
                    static_cast<int32_t>(acc), tflite_reference::QuantizeMultiplier(multiplier)) +
                static_cast<int32_t>(to.zero_points[0]);
          }
        }
      }
    } else if (op.opcode == kAdd) {
      const xqt_tensor& t2 = m->tensors[op.inputs[1]];
      ASSERT_EQ(t2.num_elements, to.num_elements) << "op " << op_index;
      const uint8_t* input2 = static_cast<const uint8_t*>(xqt_runtime_tensor(rt, op.inputs[1]));
      for (size_t i = 0; i < to.num_elements; i++) {
        fixed_point[i] = tflite_reference::Add(load(input, i), load(input2, i), static_cast<int32_t>(in_zp),
                                               static_cast<int32_t>(t2.zero_points[0]), ti.scales[0], t2.scales[0],
                                               to.scales[0], static_cast<int32_t>(out_zp), INT32_MIN, INT32_MAX);
        real[i] = ((load(input, i) - in_zp) * in_scale +
                   (load(input2, i) - static_cast<double>(t2.zero_points[0])) * static_cast<double>(t2.scales[0])) /
                      out_scale + out_zp;
      }
    } else {  // MEAN over H, W / AVERAGE_POOL_2D over the whole image
      const size_t pixels = ti.dims[1] * ti.dims[2], C = ti.dims[3];
      ASSERT_EQ(to.num_elements, C) << "op " << op_index;
      for (size_t c = 0; c < C; c++) {
        double sum = 0;
        for (size_t p = 0; p < pixels; p++) sum += load(input, p * C + c) - in_zp;
        real[c] = sum / static_cast<double>(pixels) * in_scale / out_scale + out_zp;
      }
    }
    size_t mismatches = 0;
    const bool fixed_point_layer = tflite && (op.opcode == kConv2d || op.opcode == kDepthwiseConv2d || op.opcode == kAdd);
    for (size_t i = 0; i < to.num_elements; i++) {
      if (fixed_point_layer) {
        const double expected = std::min(hi, std::max(lo, static_cast<double>(fixed_point[i])));
        const double got = load(output, i);
        if (got != expected && mismatches++ < 5) {
          ADD_FAILURE() << model_name << " op " << op_index << " (" << xqt_op_name(op.opcode) << ") element "
                        << i << ": xqnn " << got << ", TFLite arithmetic " << expected;
        }
        continue;
      }
      const double clamped = std::min(hi, std::max(lo, real[i]));
      const double expected = std::nearbyint(clamped);
      const double got = load(output, i);
      if (got == expected) continue;
      const bool near_tie = std::abs(clamped - std::floor(clamped) - 0.5) < 1e-3;
      if (near_tie && std::abs(got - expected) == 1) {
        checked->near_ties++;
        continue;
      }
      if (mismatches++ < 5) {
        ADD_FAILURE() << model_name << " op " << op_index << " (" << xqt_op_name(op.opcode) << ") element " << i
                      << ": xqnn " << got << ", exact " << real[i] << " -> " << expected;
      }
    }
    checked->layers++;
  }
  xqt_runtime_free(rt);
  xqt_model_free(m);
}

}  // namespace

// Ops 1-64: 53 convolutions (with the logits), 10 ADD and the MEAN.
TEST(TfliteLayers, Int8ModelEveryLayerIsTheRoundedRealValueWithFp32) {
  Checked checked;
  CheckEveryLayer(kInt8Model, /*tflite=*/false, &checked);
  EXPECT_EQ(checked.layers, 64u);
  EXPECT_LE(checked.near_ties, 50u);  // rare: a handful in 3.4 million elements
}

TEST(TfliteLayers, Int8ModelEveryConvolutionAndAddIsTflitesArithmetic) {
  Checked checked;
  CheckEveryLayer(kInt8Model, /*tflite=*/true, &checked);
  EXPECT_EQ(checked.layers, 64u);
  EXPECT_LE(checked.near_ties, 50u);  // the MEAN
}

// Ops 0-63: 53 convolutions (with the logits), 10 ADD and the AVERAGE_POOL_2D.
TEST(TfliteLayers, Uint8ModelEveryLayerIsTheRoundedRealValueWithFp32) {
  Checked checked;
  CheckEveryLayer(kUint8Model, /*tflite=*/false, &checked);
  EXPECT_EQ(checked.layers, 64u);
  EXPECT_LE(checked.near_ties, 50u);
}

TEST(TfliteLayers, Uint8ModelEveryConvolutionAndAddIsTflitesArithmetic) {
  Checked checked;
  CheckEveryLayer(kUint8Model, /*tflite=*/true, &checked);
  EXPECT_EQ(checked.layers, 64u);
  EXPECT_LE(checked.near_ties, 50u);
}
