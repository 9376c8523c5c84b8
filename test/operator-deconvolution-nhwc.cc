// Deconvolution operators (QS8, QS8-QC8W, QU8) against a naive reference
// written here from the definition (scatter form):
//   for every input pixel (iy, ix) and kernel tap (ky, kx):
//     out[iy * stride_h + ky * dilation_h - pad_top][ix * stride_w + kx * dilation_w - pad_left]
//         += (x - x_zp) * (w - w_zp)
//   then out = requantize_fp32(bias + acc)  (xqnn_requantize_fp32_reference)
// Bit-exact, with canary bytes in every output gap and past the output.
#include <gtest/gtest.h>

#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "operator-test-utils.h"
#include "xqnn.h"
#include "xqnn/requantization.h"

namespace {

enum class DeconvType { kQS8, kQC8W, kQU8 };

const DeconvType kAllTypes[] = {DeconvType::kQS8, DeconvType::kQC8W, DeconvType::kQU8};

const char* TypeName(DeconvType type) {
  switch (type) {
    case DeconvType::kQS8: return "qs8";
    case DeconvType::kQC8W: return "qs8_qc8w";
    case DeconvType::kQU8: return "qu8";
  }
  return "?";
}

void PrintTo(DeconvType type, std::ostream* os) { *os << TypeName(type); }

// Pool(i): the i-th of TestThreadCounts() (NULL, 1, 2, 3, 8 threads).
pthreadpool_t Pool(size_t index) {
  const auto& counts = TestThreadCounts();
  return TestThreadpool(counts[index % counts.size()]);
}

constexpr uint8_t kCanary = 0xA5;

// Everything create needs, with defaults that are valid.
struct CreateArgs {
  uint32_t pad_top = 0, pad_right = 0, pad_bottom = 0, pad_left = 0;
  uint32_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  uint32_t groups = 1;
  size_t gic = 1, goc = 1, input_stride = 1, output_stride = 1;
  int32_t input_zp = 0, kernel_zp = 0, output_zp = 0;
  float input_scale = 1.0f, kernel_scale = 1.0f, output_scale = 1.0f;
  const float* kernel_scales = nullptr;  // QC8W
  const void* kernel = nullptr;
  const int32_t* bias = nullptr;
  int32_t output_min = -128, output_max = 127;
  uint32_t flags = 0;
};

xqnn_status CreateOp(DeconvType type, const CreateArgs& a, xqnn_operator_t* op) {
  switch (type) {
    case DeconvType::kQS8:
      return xqnn_create_deconvolution2d_nhwc_qs8(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_h, a.kernel_w, a.stride_h,
          a.stride_w, a.dilation_h, a.dilation_w, a.groups, a.gic, a.goc, a.input_stride,
          a.output_stride, (int8_t) a.input_zp, a.input_scale, a.kernel_scale,
          (const int8_t*) a.kernel, a.bias, (int8_t) a.output_zp, a.output_scale,
          (int8_t) a.output_min, (int8_t) a.output_max, a.flags, op);
    case DeconvType::kQC8W:
      return xqnn_create_deconvolution2d_nhwc_qs8_qc8w(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_h, a.kernel_w, a.stride_h,
          a.stride_w, a.dilation_h, a.dilation_w, a.groups, a.gic, a.goc, a.input_stride,
          a.output_stride, (int8_t) a.input_zp, a.input_scale, a.kernel_scales,
          (const int8_t*) a.kernel, a.bias, (int8_t) a.output_zp, a.output_scale,
          (int8_t) a.output_min, (int8_t) a.output_max, a.flags, op);
    case DeconvType::kQU8:
      return xqnn_create_deconvolution2d_nhwc_qu8(
          a.pad_top, a.pad_right, a.pad_bottom, a.pad_left, a.kernel_h, a.kernel_w, a.stride_h,
          a.stride_w, a.dilation_h, a.dilation_w, a.groups, a.gic, a.goc, a.input_stride,
          a.output_stride, (uint8_t) a.input_zp, a.input_scale, (uint8_t) a.kernel_zp,
          a.kernel_scale, (const uint8_t*) a.kernel, a.bias, (uint8_t) a.output_zp,
          a.output_scale, (uint8_t) a.output_min, (uint8_t) a.output_max, a.flags, op);
  }
  return xqnn_status_invalid_parameter;
}

xqnn_status ReshapeOp(DeconvType type, xqnn_operator_t op, size_t batch, size_t ih, size_t iw,
                    uint32_t adj_h, uint32_t adj_w, size_t* oh, size_t* ow, pthreadpool_t pool) {
  switch (type) {
    case DeconvType::kQS8:
      return xqnn_reshape_deconvolution2d_nhwc_qs8(op, batch, ih, iw, adj_h, adj_w, oh, ow, pool);
    case DeconvType::kQC8W:
      return xqnn_reshape_deconvolution2d_nhwc_qs8_qc8w(op, batch, ih, iw, adj_h, adj_w, oh, ow, pool);
    case DeconvType::kQU8:
      return xqnn_reshape_deconvolution2d_nhwc_qu8(op, batch, ih, iw, adj_h, adj_w, oh, ow, pool);
  }
  return xqnn_status_invalid_parameter;
}

xqnn_status SetupOp(DeconvType type, xqnn_operator_t op, const void* input, void* output) {
  switch (type) {
    case DeconvType::kQS8:
      return xqnn_setup_deconvolution2d_nhwc_qs8(op, (const int8_t*) input, (int8_t*) output);
    case DeconvType::kQC8W:
      return xqnn_setup_deconvolution2d_nhwc_qs8_qc8w(op, (const int8_t*) input, (int8_t*) output);
    case DeconvType::kQU8:
      return xqnn_setup_deconvolution2d_nhwc_qu8(op, (const uint8_t*) input, (uint8_t*) output);
  }
  return xqnn_status_invalid_parameter;
}

class DeconvolutionTester {
 public:
  DeconvolutionTester& batch(size_t v) { batch_ = v; return *this; }
  DeconvolutionTester& input_size(size_t h, size_t w) { ih_ = h; iw_ = w; return *this; }
  DeconvolutionTester& padding(uint32_t t, uint32_t r, uint32_t b, uint32_t l) {
    pt_ = t; pr_ = r; pb_ = b; pl_ = l; return *this;
  }
  DeconvolutionTester& adjustment(uint32_t h, uint32_t w) { adj_h_ = h; adj_w_ = w; return *this; }
  DeconvolutionTester& kernel(uint32_t h, uint32_t w) { kh_ = h; kw_ = w; return *this; }
  DeconvolutionTester& stride(uint32_t h, uint32_t w) { sh_ = h; sw_ = w; return *this; }
  DeconvolutionTester& dilation(uint32_t h, uint32_t w) { dh_ = h; dw_ = w; return *this; }
  DeconvolutionTester& groups(uint32_t v) { groups_ = v; return *this; }
  DeconvolutionTester& channels(size_t gic, size_t goc) { gic_ = gic; goc_ = goc; return *this; }
  // Extra elements between pixels beyond groups * channels (gaps hold canaries).
  DeconvolutionTester& extra_stride(size_t in, size_t out) { extra_in_ = in; extra_out_ = out; return *this; }
  DeconvolutionTester& zero_points(int32_t in, int32_t kernel, int32_t out) {
    input_zp_ = in; kernel_zp_ = kernel; output_zp_ = out; zp_set_ = true; return *this;
  }
  DeconvolutionTester& output_range(int32_t lo, int32_t hi) { qmin_ = lo; qmax_ = hi; range_set_ = true; return *this; }
  DeconvolutionTester& no_bias(bool v) { no_bias_ = v; return *this; }
  // Pools to run with (indices into Pool()); the output must be the same bits for each.
  DeconvolutionTester& pools(std::vector<size_t> v) { pools_ = std::move(v); return *this; }
  DeconvolutionTester& seed(uint32_t v) { seed_ = v; return *this; }
  // XQNN_FLAG_TFLITE_REQUANTIZATION, checked against tflite-requantization-reference.h.
  DeconvolutionTester& tflite(bool v) { tflite_ = v; return *this; }
  // Int8 types: half of the weights and of the input bytes are -128 (adjacent
  // (-128) * (-128) products overflow 16-bit pair sums); scales follow the
  // larger, biased sums.
  DeconvolutionTester& minus128(bool v) { minus128_ = v; return *this; }

  size_t OutputSize(size_t in, uint32_t s, uint32_t adj, uint32_t k, uint32_t d, uint32_t p0, uint32_t p1) const {
    return s * (in - 1) + adj + (k - 1) * d + 1 - p0 - p1;
  }

  std::string Describe(DeconvType type) const {
    char buf[512];
    snprintf(buf, sizeof(buf),
             "%s batch=%zu in=%zux%zu pad(t,r,b,l)=%u,%u,%u,%u adj=%ux%u kernel=%ux%u stride=%ux%u "
             "dilation=%ux%u groups=%u gic=%zu goc=%zu extra_stride=%zu/%zu seed=%u%s%s",
             TypeName(type), batch_, ih_, iw_, pt_, pr_, pb_, pl_, adj_h_, adj_w_, kh_, kw_, sh_, sw_,
             dh_, dw_, groups_, gic_, goc_, extra_in_, extra_out_, seed_, tflite_ ? " tflite" : "",
             minus128_ ? " minus128" : "");
    return buf;
  }

  void Test(DeconvType type) const {
    SCOPED_TRACE(Describe(type));
    const bool qu8 = type == DeconvType::kQU8;
    std::mt19937 rng(seed_);
    auto uniform = [&](int32_t lo, int32_t hi) { return std::uniform_int_distribution<int32_t>(lo, hi)(rng); };
    const int32_t lo = qu8 ? 0 : -128, hi = qu8 ? 255 : 127;

    const size_t oh = OutputSize(ih_, sh_, adj_h_, kh_, dh_, pt_, pb_);
    const size_t ow = OutputSize(iw_, sw_, adj_w_, kw_, dw_, pl_, pr_);
    const size_t channels_in = groups_ * gic_, channels_out = groups_ * goc_;
    const size_t in_stride = channels_in + extra_in_, out_stride = channels_out + extra_out_;

    int32_t input_zp = zp_set_ ? input_zp_ : uniform(lo, hi);
    int32_t kernel_zp = qu8 ? (zp_set_ ? kernel_zp_ : uniform(0, 255)) : 0;
    int32_t output_zp = zp_set_ ? output_zp_ : uniform(lo, hi);
    int32_t qmin = lo, qmax = hi;
    if (range_set_) {
      qmin = qmin_;
      qmax = qmax_;
    }

    std::vector<uint8_t> input(batch_ * ih_ * iw_ * in_stride + XQNN_EXTRA_BYTES);
    const bool minus128 = minus128_ && !qu8;
    for (auto& v : input) v = (uint8_t) (minus128 && uniform(0, 1) == 0 ? 0x80 : uniform(0, 255));
    const size_t kernel_size = kh_ * kw_;
    std::vector<uint8_t> kernel(channels_out * kernel_size * gic_);
    for (auto& v : kernel) v = (uint8_t) (qu8 ? uniform(0, 255) : minus128 && uniform(0, 1) == 0 ? -128 : uniform(-127, 127));
    std::vector<int32_t> bias(channels_out);
    for (auto& v : bias) v = uniform(-5000, 5000);

    // Scales: requantization scale ~ 1 / (80 sqrt(taps per output * gic)).
    const float input_scale = 0.5f;
    const float kernel_scale = 0.25f;
    std::vector<float> kernel_scales(channels_out);
    for (auto& v : kernel_scales) {
      v = kernel_scale * std::exp2(std::uniform_real_distribution<float>(-1.0f, 1.0f)(rng));
    }
    const double k_eff = std::max(1.0, (double) kernel_size * gic_ / (sh_ * sw_));
    // minus128: sums grow with the number of terms (mean product ~ 64 * 64).
    const double spread = minus128 ? k_eff * 64.0 : std::sqrt(k_eff) * 80.0;
    const float output_scale = (float) (input_scale * kernel_scale * spread);

    CreateArgs args;
    args.pad_top = pt_; args.pad_right = pr_; args.pad_bottom = pb_; args.pad_left = pl_;
    args.kernel_h = kh_; args.kernel_w = kw_; args.stride_h = sh_; args.stride_w = sw_;
    args.dilation_h = dh_; args.dilation_w = dw_; args.groups = groups_;
    args.gic = gic_; args.goc = goc_; args.input_stride = in_stride; args.output_stride = out_stride;
    args.input_zp = input_zp; args.kernel_zp = kernel_zp; args.output_zp = output_zp;
    args.input_scale = input_scale; args.kernel_scale = kernel_scale;
    args.kernel_scales = kernel_scales.data(); args.kernel = kernel.data();
    args.bias = no_bias_ ? nullptr : bias.data();
    args.output_scale = output_scale; args.output_min = qmin; args.output_max = qmax;
    if (tflite_) args.flags |= XQNN_FLAG_TFLITE_REQUANTIZATION;

    // Reference, scatter form over the definition.
    std::vector<int32_t> acc(batch_ * oh * ow * channels_out, 0);
    auto x_at = [&](size_t b, size_t iy, size_t ix, size_t c) {
      const uint8_t v = input[((b * ih_ + iy) * iw_ + ix) * in_stride + c];
      return qu8 ? (int32_t) v : (int32_t) (int8_t) v;
    };
    auto w_at = [&](size_t oc, size_t ky, size_t kx, size_t ic) {
      const uint8_t v = kernel[((oc * kh_ + ky) * kw_ + kx) * gic_ + ic];
      return qu8 ? (int32_t) v - kernel_zp : (int32_t) (int8_t) v;
    };
    for (size_t b = 0; b < batch_; b++) {
      for (size_t iy = 0; iy < ih_; iy++) {
        for (size_t ix = 0; ix < iw_; ix++) {
          for (size_t ky = 0; ky < kh_; ky++) {
            const int64_t oy = (int64_t) (iy * sh_ + ky * dh_) - (int64_t) pt_;
            if (oy < 0 || oy >= (int64_t) oh) continue;
            for (size_t kx = 0; kx < kw_; kx++) {
              const int64_t ox = (int64_t) (ix * sw_ + kx * dw_) - (int64_t) pl_;
              if (ox < 0 || ox >= (int64_t) ow) continue;
              int32_t* out = &acc[((b * oh + (size_t) oy) * ow + (size_t) ox) * channels_out];
              for (size_t g = 0; g < groups_; g++) {
                for (size_t n = 0; n < goc_; n++) {
                  const size_t oc = g * goc_ + n;
                  int32_t sum = 0;
                  for (size_t ic = 0; ic < gic_; ic++) {
                    sum += (x_at(b, iy, ix, g * gic_ + ic) - input_zp) * w_at(oc, ky, kx, ic);
                  }
                  out[oc] += sum;
                }
              }
            }
          }
        }
      }
    }
    std::vector<int32_t> expected(acc.size());
    for (size_t i = 0; i < acc.size(); i++) {
      const size_t oc = i % channels_out;
      const float ks = type == DeconvType::kQC8W ? kernel_scales[oc] : kernel_scale;
      const float scale = (float) ((float) (input_scale * ks) / output_scale);
      const int32_t b = no_bias_ ? 0 : bias[oc];
      expected[i] = tflite_ ? ReferenceRequantizeTflite((int64_t) acc[i] + b, input_scale, ks, output_scale,
                                                        /*float_product=*/qu8, output_zp, qmin, qmax)
                            : xqnn_requantize_fp32_reference(acc[i] + b, scale, output_zp, qmin, qmax);
    }

    xqnn_operator_t op = nullptr;
    ASSERT_EQ(CreateOp(type, args, &op), xqnn_status_success);
    std::unique_ptr<xqnn_operator, decltype(&xqnn_delete_operator)> guard(op, xqnn_delete_operator);
    // The caller may free or change its arrays once create returns.
    std::fill(kernel.begin(), kernel.end(), 0x55);
    std::fill(kernel_scales.begin(), kernel_scales.end(), -1.0f);

    const size_t output_bytes = batch_ * oh * ow * out_stride;
    std::vector<uint8_t> output(output_bytes + 64);
    std::vector<uint8_t> first;
    for (size_t pool_index : pools_) {
      SCOPED_TRACE("pool " + std::to_string(pool_index));
      size_t out_h = 0, out_w = 0;
      ASSERT_EQ(ReshapeOp(type, op, batch_, ih_, iw_, adj_h_, adj_w_, &out_h, &out_w, Pool(pool_index)),
                xqnn_status_success);
      ASSERT_EQ(out_h, oh);
      ASSERT_EQ(out_w, ow);
      std::fill(output.begin(), output.end(), kCanary);
      ASSERT_EQ(SetupOp(type, op, input.data(), output.data()), xqnn_status_success);
      ASSERT_EQ(xqnn_run_operator(op, Pool(pool_index)), xqnn_status_success);

      for (size_t p = 0; p < batch_ * oh * ow; p++) {
        for (size_t c = 0; c < out_stride; c++) {
          const uint8_t byte = output[p * out_stride + c];
          if (c < channels_out) {
            const int32_t actual = qu8 ? (int32_t) byte : (int32_t) (int8_t) byte;
            const size_t b = p / (oh * ow), y = p / ow % oh, x = p % ow;
            ASSERT_EQ(actual, expected[p * channels_out + c])
                << "batch " << b << " y " << y << " x " << x << " channel " << c;
          } else {
            ASSERT_EQ(byte, kCanary) << "write into the pixel gap at pixel " << p << " element " << c;
          }
        }
      }
      for (size_t i = output_bytes; i < output.size(); i++) {
        ASSERT_EQ(output[i], kCanary) << "write past the output at byte " << i;
      }
      if (first.empty()) {
        first = output;
      } else {
        ASSERT_EQ(output, first) << "results differ between thread counts";
      }
    }
  }

 private:
  size_t batch_ = 1, ih_ = 1, iw_ = 1;
  uint32_t pt_ = 0, pr_ = 0, pb_ = 0, pl_ = 0, adj_h_ = 0, adj_w_ = 0;
  uint32_t kh_ = 1, kw_ = 1, sh_ = 1, sw_ = 1, dh_ = 1, dw_ = 1, groups_ = 1;
  size_t gic_ = 1, goc_ = 1, extra_in_ = 0, extra_out_ = 0;
  int32_t input_zp_ = 0, kernel_zp_ = 0, output_zp_ = 0;
  bool zp_set_ = false;
  int32_t qmin_ = 0, qmax_ = 0;
  bool range_set_ = false;
  bool no_bias_ = false;
  bool tflite_ = false;
  bool minus128_ = false;
  std::vector<size_t> pools_ = {0};
  uint32_t seed_ = 1;
};

class DeconvolutionTest : public testing::TestWithParam<DeconvType> {
 protected:
  void SetUp() override { ASSERT_EQ(xqnn_initialize(), xqnn_status_success); }
};

// Every (kernel 1-5, stride 1-3, dilation 1-2, input 1-3, adjustment < stride)
// and every padding pair that leaves an output, along one dimension while the
// other has a random small configuration. The padding pairs of one geometry
// are spread over the runs (each pair is tested, channel counts and the other
// dimension vary between pairs).
void SweepOneDimension(DeconvType type, bool vertical, uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](uint32_t lo, uint32_t hi) { return std::uniform_int_distribution<uint32_t>(lo, hi)(rng); };
  size_t runs = 0;
  for (uint32_t k = 1; k <= 5; k++) {
    for (uint32_t s = 1; s <= 3; s++) {
      for (uint32_t d = 1; d <= 2; d++) {
        if (k == 1 && d == 2) continue;  // same geometry as d == 1
        for (size_t in = 1; in <= 3; in++) {
          for (uint32_t adj = 0; adj < s; adj++) {
            const size_t full = s * (in - 1) + adj + (k - 1) * d + 1;
            for (uint32_t p0 = 0; p0 < full; p0++) {
              for (uint32_t p1 = 0; p0 + p1 < full; p1++) {
                // Other dimension: random small geometry with a valid output.
                const uint32_t ok = uniform(1, 3), os = uniform(1, 2), oadj = uniform(0, os - 1);
                const size_t oin = uniform(1, 2);
                const size_t ofull = os * (oin - 1) + oadj + ok;
                const uint32_t opad0 = uniform(0, (uint32_t) (ofull - 1) / 2);
                const uint32_t opad1 = uniform(0, (uint32_t) (ofull - 1 - opad0) / 2);
                DeconvolutionTester tester;
                if (vertical) {
                  tester.input_size(in, oin).kernel(k, ok).stride(s, os).dilation(d, 1)
                      .adjustment(adj, oadj).padding(p0, opad1, p1, opad0);
                } else {
                  tester.input_size(oin, in).kernel(ok, k).stride(os, s).dilation(1, d)
                      .adjustment(oadj, adj).padding(opad0, p1, opad1, p0);
                }
                tester.channels(uniform(1, 3), uniform(1, 5))
                    .groups(uniform(1, 4) == 1 ? 2 : 1)
                    .seed(seed + (uint32_t) runs);
                tester.Test(type);
                runs++;
                if (testing::Test::HasFatalFailure()) return;
              }
            }
          }
        }
      }
    }
  }
}

TEST_P(DeconvolutionTest, SweepHeight) { SweepOneDimension(GetParam(), /*vertical=*/true, 100); }
TEST_P(DeconvolutionTest, SweepWidth) { SweepOneDimension(GetParam(), /*vertical=*/false, 200); }

// Random 2D shapes: both dimensions at once, groups, batch, channel counts
// across several nr blocks, pixel strides with gaps, random zero points and
// output ranges, all thread counts in turn.
void TestRandom2D(DeconvType type, bool tflite, uint32_t seed, uint32_t count) {
  std::mt19937 rng(seed + (uint32_t) type);
  auto uniform = [&](uint32_t lo, uint32_t hi) { return std::uniform_int_distribution<uint32_t>(lo, hi)(rng); };
  const bool qu8 = type == DeconvType::kQU8;
  for (uint32_t iteration = 0; iteration < count; iteration++) {
    const uint32_t kh = uniform(1, 5), kw = uniform(1, 5), sh = uniform(1, 3), sw = uniform(1, 3);
    const uint32_t dh = uniform(1, 2), dw = uniform(1, 2);
    const uint32_t ah = uniform(0, sh - 1), aw = uniform(0, sw - 1);
    const size_t ih = uniform(1, 6), iw = uniform(1, 9);
    const size_t fh = sh * (ih - 1) + ah + (kh - 1) * dh + 1;
    const size_t fw = sw * (iw - 1) + aw + (kw - 1) * dw + 1;
    const uint32_t pt = uniform(0, (uint32_t) (fh - 1)), pb = uniform(0, (uint32_t) (fh - 1 - pt));
    const uint32_t pl = uniform(0, (uint32_t) (fw - 1)), pr = uniform(0, (uint32_t) (fw - 1 - pl));
    int32_t qmin = qu8 ? 0 : -128, qmax = qu8 ? 255 : 127;
    if (uniform(0, 2) == 0) {
      qmin = (int32_t) uniform(0, 100) + (qu8 ? 0 : -128);
      qmax = qmin + (int32_t) uniform(0, (uint32_t) ((qu8 ? 255 : 127) - qmin));
    }
    DeconvolutionTester()
        .batch(uniform(1, 3))
        .input_size(ih, iw)
        .kernel(kh, kw)
        .stride(sh, sw)
        .dilation(dh, dw)
        .adjustment(ah, aw)
        .padding(pt, pr, pb, pl)
        .groups(uniform(1, 3))
        .channels(uniform(1, 11), uniform(1, 13))
        .extra_stride(uniform(0, 1) * uniform(1, 5), uniform(0, 1) * uniform(1, 5))
        .output_range(qmin, qmax)
        .no_bias(uniform(0, 7) == 0)
        .pools({iteration % 4 == 0 ? (size_t) uniform(1, 4) : 0})
        .seed(seed + 700 + iteration)
        .tflite(tflite)
        .Test(type);
    if (testing::Test::HasFatalFailure()) return;
  }
}

TEST_P(DeconvolutionTest, Random2D) { TestRandom2D(GetParam(), /*tflite=*/false, 300, 60); }

// TFLite requantization: the direct gemm path (kernel == stride), then random shapes.
TEST_P(DeconvolutionTest, TfliteRequantization) {
  DeconvolutionTester().tflite(true).batch(2).input_size(4, 5).kernel(2, 3).stride(2, 3).groups(2)
      .channels(5, 7).seed(2900).Test(GetParam());
  TestRandom2D(GetParam(), /*tflite=*/true, 3000, 20);
}

// Int8 weights of -128 (half of the weights and inputs): accepted and exact on
// the direct gemm path and the igemm path (one and several rows), at every tier.
// gic >= 16: gemm / igemm kernels see several 8-element K blocks per tap.
TEST_P(DeconvolutionTest, WeightsOfMinus128) {
  if (GetParam() == DeconvType::kQU8) GTEST_SKIP() << "uint8 weights";
  uint32_t seed = 2950;
  for (bool tflite : {false, true}) {
    DeconvolutionTester().minus128(true).tflite(tflite).batch(2).input_size(3, 4).kernel(2, 2).stride(2, 2)
        .channels(40, 9).seed(seed++).Test(GetParam());
    DeconvolutionTester().minus128(true).tflite(tflite).input_size(5, 4).kernel(3, 3).stride(2, 2)
        .padding(1, 1, 1, 1).adjustment(1, 0).groups(2).channels(24, 11).pools({0, 2}).seed(seed++)
        .Test(GetParam());
    DeconvolutionTester().minus128(true).tflite(tflite).input_size(1, 1).kernel(3, 2).stride(1, 1)
        .channels(33, 5).seed(seed++).Test(GetParam());
  }
}

// kernel == stride without padding or adjustment: the direct gemm path; with an
// adjustment the same operator takes the indirect path.
TEST_P(DeconvolutionTest, KernelEqualsStride) {
  uint32_t seed = 2000;
  for (uint32_t s = 1; s <= 3; s++) {
    for (uint32_t t = 1; t <= 3; t++) {
      for (uint32_t adj = 0; adj < std::max(s, t); adj++) {
        DeconvolutionTester()
            .batch(2)
            .input_size(3 + s, 7)
            .kernel(s, t)
            .stride(s, t)
            .adjustment(std::min(adj, s - 1), std::min(adj, t - 1))
            .groups(2)
            .channels(5, 7)
            .extra_stride(3, 2)
            .pools({seed % 4 == 0 ? (size_t) 2 : 0})
            .seed(seed++)
            .Test(GetParam());
        if (HasFatalFailure()) return;
      }
    }
  }
  // Dilation is irrelevant for a 1-tap kernel dimension.
  DeconvolutionTester().input_size(5, 6).kernel(1, 2).stride(1, 2).dilation(3, 1).channels(4, 9).seed(seed++).Test(GetParam());
  // Dilation 2 with kernel == stride: taps fall on half of the phases.
  DeconvolutionTester().input_size(4, 5).kernel(2, 2).stride(2, 2).dilation(2, 2).channels(3, 6).seed(seed++).Test(GetParam());
}

// Kernel or dilated kernel smaller than the stride: phases without taps have
// bias-only outputs.
TEST_P(DeconvolutionTest, PhasesWithoutTaps) {
  uint32_t seed = 3000;
  for (uint32_t k = 1; k <= 2; k++) {
    for (uint32_t s = 2; s <= 3; s++) {
      for (bool no_bias : {false, true}) {
        DeconvolutionTester()
            .batch(2)
            .input_size(3, 4)
            .kernel(k, k)
            .stride(s, s)
            .adjustment(s - 1, 0)
            .padding(0, 1, 0, 0)
            .channels(3, 6)
            .no_bias(no_bias)
            .pools({no_bias ? (size_t) 3 : 0})
            .seed(seed++)
            .Test(GetParam());
        if (HasFatalFailure()) return;
      }
    }
  }
  // Dilation equal to the stride: every tap lands on phase 0.
  DeconvolutionTester().input_size(3, 3).kernel(3, 2).stride(2, 3).dilation(2, 3).adjustment(1, 2).channels(2, 5).seed(seed++).Test(GetParam());
}

// Outputs smaller than the stride, and 1-pixel inputs.
TEST_P(DeconvolutionTest, TinyOutputs) {
  uint32_t seed = 4000;
  for (uint32_t s = 2; s <= 3; s++) {
    for (uint32_t k = 1; k <= 3; k++) {
      for (uint32_t pad = 0; pad < k; pad++) {
        DeconvolutionTester()
            .batch(3)
            .input_size(1, 1)
            .kernel(k, k)
            .stride(s, s)
            .padding(pad, 0, 0, pad)
            .channels(4, 5)
            .pools({seed % 8 == 0 ? (size_t) 4 : 0})
            .seed(seed++)
            .Test(GetParam());
        if (HasFatalFailure()) return;
      }
    }
  }
}

// Many channels (several nr blocks, kc remainders) and a wide output (several
// mr tiles per phase row), across all thread counts.
TEST_P(DeconvolutionTest, LargeChannelsAllThreadCounts) {
  DeconvolutionTester()
      .batch(2)
      .input_size(5, 9)
      .kernel(3, 4)
      .stride(2, 2)
      .adjustment(1, 0)
      .padding(1, 1, 0, 2)
      .groups(2)
      .channels(17, 19)
      .extra_stride(3, 5)
      .pools({0, 1, 2, 3, 4})
      .seed(5000)
      .Test(GetParam());
  DeconvolutionTester()
      .batch(1)
      .input_size(4, 13)
      .kernel(2, 2)
      .stride(2, 2)
      .channels(9, 23)
      .pools({0, 1, 2, 3, 4})
      .seed(5001)
      .Test(GetParam());
}

TEST_P(DeconvolutionTest, ExtremeZeroPointsAndRanges) {
  const bool qu8 = GetParam() == DeconvType::kQU8;
  const int32_t lo = qu8 ? 0 : -128, hi = qu8 ? 255 : 127;
  uint32_t seed = 6000;
  for (int32_t input_zp : {lo, hi}) {
    for (int32_t kernel_zp : qu8 ? std::vector<int32_t>{0, 255} : std::vector<int32_t>{0}) {
      for (int32_t output_zp : {lo, hi}) {
        DeconvolutionTester()
            .input_size(3, 2)
            .kernel(3, 3)
            .stride(2, 1)
            .padding(1, 0, 0, 1)
            .channels(6, 7)
            .zero_points(input_zp, kernel_zp, output_zp)
            .seed(seed++)
            .Test(GetParam());
        if (HasFatalFailure()) return;
      }
    }
  }
  // Narrow output ranges, including a single value.
  for (const auto& range : {std::pair<int32_t, int32_t>{lo + 100, lo + 140}, {lo + 7, lo + 7}, {hi - 1, hi}}) {
    DeconvolutionTester().input_size(2, 3).kernel(2, 3).stride(2, 2).channels(5, 6)
        .output_range(range.first, range.second).seed(seed++).Test(GetParam());
    if (HasFatalFailure()) return;
  }
}

// One operator reshaped to other sizes and back: the indirection buffer
// follows the shape.
TEST_P(DeconvolutionTest, ReshapeToOtherSizes) {
  const DeconvType type = GetParam();
  const bool qu8 = type == DeconvType::kQU8;
  std::mt19937 rng(7000);
  std::vector<uint8_t> kernel(4 * 3 * 3 * 2);
  for (auto& v : kernel) v = (uint8_t) std::uniform_int_distribution<int32_t>(qu8 ? 0 : -127, qu8 ? 255 : 127)(rng);
  std::vector<float> scales(4, 0.5f);
  CreateArgs args;
  args.kernel_h = 3; args.kernel_w = 3; args.stride_h = 2; args.stride_w = 2; args.pad_top = 1;
  args.pad_left = 1; args.gic = 2; args.goc = 4; args.input_stride = 2; args.output_stride = 4;
  args.kernel = kernel.data(); args.kernel_scales = scales.data(); args.output_scale = 64.0f;
  args.output_min = qu8 ? 0 : -128; args.output_max = qu8 ? 255 : 127;
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(CreateOp(type, args, &op), xqnn_status_success);
  // Reference: a fresh operator per size (compared through the tester's path
  // is not possible here), so compare against a second operator instead.
  struct Shape { size_t batch, h, w; uint32_t ah, aw; };
  const Shape shapes[] = {{1, 3, 4, 1, 0}, {2, 6, 2, 0, 1}, {1, 1, 1, 0, 0}, {1, 3, 4, 1, 0}, {3, 5, 5, 1, 1}};
  for (const Shape& s : shapes) {
    xqnn_operator_t fresh = nullptr;
    ASSERT_EQ(CreateOp(type, args, &fresh), xqnn_status_success);
    size_t oh = 0, ow = 0, oh2 = 0, ow2 = 0;
    ASSERT_EQ(ReshapeOp(type, op, s.batch, s.h, s.w, s.ah, s.aw, &oh, &ow, Pool(2)), xqnn_status_success);
    ASSERT_EQ(ReshapeOp(type, fresh, s.batch, s.h, s.w, s.ah, s.aw, &oh2, &ow2, nullptr), xqnn_status_success);
    ASSERT_EQ(oh, 2 * (s.h - 1) + s.ah + 3 - 1);
    ASSERT_EQ(ow, 2 * (s.w - 1) + s.aw + 3 - 1);
    std::vector<uint8_t> input(s.batch * s.h * s.w * 2 + XQNN_EXTRA_BYTES);
    for (auto& v : input) v = (uint8_t) rng();
    std::vector<uint8_t> out1(s.batch * oh * ow * 4, kCanary), out2(out1.size(), 0);
    ASSERT_EQ(SetupOp(type, op, input.data(), out1.data()), xqnn_status_success);
    ASSERT_EQ(SetupOp(type, fresh, input.data(), out2.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, Pool(2)), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(fresh, nullptr), xqnn_status_success);
    EXPECT_EQ(out1, out2);
    xqnn_delete_operator(fresh);
  }
  xqnn_delete_operator(op);
}

INSTANTIATE_TEST_SUITE_P(Types, DeconvolutionTest, testing::ValuesIn(kAllTypes),
                         [](const testing::TestParamInfo<DeconvType>& info) {
                           return std::string(TypeName(info.param));
                         });

// ---- invalid parameters and states ----

class DeconvolutionErrorTest : public testing::TestWithParam<DeconvType> {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    kernel_.assign(2 * 3 * 3 * 4 * 4, 1);
    scales_.assign(2 * 3, 0.5f);
    args_.kernel_h = 3; args_.kernel_w = 4; args_.stride_h = 2; args_.stride_w = 3;
    args_.groups = 2; args_.gic = 4; args_.goc = 3; args_.input_stride = 8; args_.output_stride = 6;
    args_.kernel = kernel_.data(); args_.kernel_scales = scales_.data();
    args_.output_scale = 4.0f;
    if (GetParam() == DeconvType::kQU8) {
      args_.output_min = 0;
      args_.output_max = 255;
    }
  }
  xqnn_status TryCreate(const CreateArgs& args) {
    xqnn_operator_t op = nullptr;
    const xqnn_status status = CreateOp(GetParam(), args, &op);
    if (status == xqnn_status_success) {
      EXPECT_NE(op, nullptr);
      xqnn_delete_operator(op);
    }
    return status;
  }
  std::vector<uint8_t> kernel_;
  std::vector<float> scales_;
  CreateArgs args_;
};

TEST_P(DeconvolutionErrorTest, CreateInvalidParameters) {
  const DeconvType type = GetParam();
  EXPECT_EQ(TryCreate(args_), xqnn_status_success);
  EXPECT_EQ(CreateOp(type, args_, nullptr), xqnn_status_invalid_parameter);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  struct Case {
    const char* what;
    void (*mutate)(CreateArgs&);
  };
  const Case cases[] = {
      {"kernel NULL", [](CreateArgs& a) { a.kernel = nullptr; }},
      {"kernel height 0", [](CreateArgs& a) { a.kernel_h = 0; }},
      {"kernel width 0", [](CreateArgs& a) { a.kernel_w = 0; }},
      {"stride height 0", [](CreateArgs& a) { a.stride_h = 0; }},
      {"stride width 0", [](CreateArgs& a) { a.stride_w = 0; }},
      {"dilation height 0", [](CreateArgs& a) { a.dilation_h = 0; }},
      {"dilation width 0", [](CreateArgs& a) { a.dilation_w = 0; }},
      {"groups 0", [](CreateArgs& a) { a.groups = 0; }},
      {"group input channels 0", [](CreateArgs& a) { a.gic = 0; }},
      {"group output channels 0", [](CreateArgs& a) { a.goc = 0; }},
      {"input stride too small", [](CreateArgs& a) { a.input_stride = 7; }},
      {"output stride too small", [](CreateArgs& a) { a.output_stride = 5; }},
      {"channels overflow", [](CreateArgs& a) { a.goc = SIZE_MAX / 2 + 1; a.output_stride = SIZE_MAX; }},
      {"kernel size overflows", [](CreateArgs& a) {
         a.gic = SIZE_MAX / 64; a.input_stride = SIZE_MAX; a.kernel_h = 1u << 20; }},
      {"unknown flag", [](CreateArgs& a) { a.flags = 0x80000000u; }},
      {"depthwise flag", [](CreateArgs& a) { a.flags = XQNN_FLAG_DEPTHWISE_CONVOLUTION; }},
      {"input scale 0", [](CreateArgs& a) { a.input_scale = 0.0f; }},
      {"input scale negative", [](CreateArgs& a) { a.input_scale = -1.0f; }},
      {"input scale NaN", [](CreateArgs& a) { a.input_scale = std::numeric_limits<float>::quiet_NaN(); }},
      {"output scale inf", [](CreateArgs& a) { a.output_scale = std::numeric_limits<float>::infinity(); }},
      {"output scale 0", [](CreateArgs& a) { a.output_scale = 0.0f; }},
      {"output min > max", [](CreateArgs& a) { std::swap(a.output_min, a.output_max); }},
  };
  for (const Case& c : cases) {
    CreateArgs args = args_;
    c.mutate(args);
    EXPECT_EQ(TryCreate(args), xqnn_status_invalid_parameter) << c.what;
  }
  // Kernel scales.
  CreateArgs args = args_;
  if (type == DeconvType::kQC8W) {
    for (float bad : {0.0f, -0.5f, nan, inf}) {
      std::vector<float> scales = scales_;
      scales[5] = bad;
      args.kernel_scales = scales.data();
      EXPECT_EQ(TryCreate(args), xqnn_status_invalid_parameter) << "kernel scale " << bad;
    }
    args.kernel_scales = nullptr;
    EXPECT_EQ(TryCreate(args), xqnn_status_invalid_parameter) << "kernel scales NULL";
  } else {
    for (float bad : {0.0f, -0.5f, nan, inf}) {
      args.kernel_scale = bad;
      EXPECT_EQ(TryCreate(args), xqnn_status_invalid_parameter) << "kernel scale " << bad;
    }
  }
  // Requantization scale outside [2^-32, 256).
  args = args_;
  args.output_scale = 1.0f / 1024.0f;
  EXPECT_EQ(TryCreate(args), xqnn_status_unsupported_parameter);
  args.output_scale = 1.0e12f;
  EXPECT_EQ(TryCreate(args), xqnn_status_unsupported_parameter);
}

TEST_P(DeconvolutionErrorTest, ReshapeInvalidParameters) {
  const DeconvType type = GetParam();
  xqnn_operator_t op = nullptr;
  CreateArgs args = args_;
  args.pad_top = 2;
  args.pad_bottom = 1;  // unpadded height of a 1-row input: 3; output 0
  ASSERT_EQ(CreateOp(type, args, &op), xqnn_status_success);
  std::unique_ptr<xqnn_operator, decltype(&xqnn_delete_operator)> guard(op, xqnn_delete_operator);
  size_t oh = 0, ow = 0;
  EXPECT_EQ(ReshapeOp(type, nullptr, 1, 3, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  const DeconvType other = type == DeconvType::kQU8 ? DeconvType::kQS8 : DeconvType::kQU8;
  EXPECT_EQ(ReshapeOp(other, op, 1, 3, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op, 1, 0, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op, 1, 3, 0, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op, 1, 3, 3, 2, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);  // adj >= stride
  EXPECT_EQ(ReshapeOp(type, op, 1, 3, 3, 0, 3, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op, 1, 1, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);  // output height 0
  EXPECT_EQ(ReshapeOp(type, op, 1, SIZE_MAX / 2, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op, SIZE_MAX / 4, 3, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  // Smallest valid: one more unit of adjustment gives a 1-row output.
  EXPECT_EQ(ReshapeOp(type, op, 1, 1, 3, 1, 0, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(oh, 1u);
  EXPECT_EQ(ow, 3u * 2 + 4);

  // Padding that removes the whole width.
  xqnn_operator_t op2 = nullptr;
  args = args_;
  args.pad_left = 3;
  args.pad_right = 1;  // unpadded width of a 1-column input: 4
  ASSERT_EQ(CreateOp(type, args, &op2), xqnn_status_success);
  EXPECT_EQ(ReshapeOp(type, op2, 1, 2, 1, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(ReshapeOp(type, op2, 1, 2, 1, 0, 1, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(ow, 1u);
  xqnn_delete_operator(op2);
}

TEST_P(DeconvolutionErrorTest, InvalidStates) {
  const DeconvType type = GetParam();
  xqnn_operator_t op = nullptr;
  ASSERT_EQ(CreateOp(type, args_, &op), xqnn_status_success);
  std::unique_ptr<xqnn_operator, decltype(&xqnn_delete_operator)> guard(op, xqnn_delete_operator);
  std::vector<uint8_t> input(2 * 3 * 3 * 8 + XQNN_EXTRA_BYTES), output(2 * 100 * 6, kCanary);
  EXPECT_EQ(SetupOp(type, op, input.data(), output.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  EXPECT_EQ(SetupOp(type, nullptr, input.data(), output.data()), xqnn_status_invalid_parameter);
  size_t oh = 0, ow = 0;
  ASSERT_EQ(ReshapeOp(type, op, 2, 3, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_success);
  ASSERT_LE(2 * oh * ow * 6, output.size());
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);  // not set up
  EXPECT_EQ(SetupOp(type, op, nullptr, output.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupOp(type, op, input.data(), nullptr), xqnn_status_invalid_parameter);
  const DeconvType other = type == DeconvType::kQU8 ? DeconvType::kQS8 : DeconvType::kQU8;
  EXPECT_EQ(SetupOp(other, op, input.data(), output.data()), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupOp(type, op, input.data(), output.data()), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  // A failed reshape leaves the operator needing a new reshape.
  EXPECT_EQ(ReshapeOp(type, op, 2, 0, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_invalid_parameter);
  EXPECT_EQ(SetupOp(type, op, input.data(), output.data()), xqnn_status_invalid_state);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_invalid_state);
  // Batch 0: nothing to compute, nothing written.
  std::fill(output.begin(), output.end(), kCanary);
  ASSERT_EQ(ReshapeOp(type, op, 0, 3, 3, 0, 0, &oh, &ow, nullptr), xqnn_status_success);
  EXPECT_EQ(SetupOp(type, op, nullptr, nullptr), xqnn_status_success);
  EXPECT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
  EXPECT_TRUE(std::all_of(output.begin(), output.end(), [](uint8_t v) { return v == kCanary; }));
  EXPECT_EQ(xqnn_delete_operator(nullptr), xqnn_status_success);
}

INSTANTIATE_TEST_SUITE_P(Types, DeconvolutionErrorTest, testing::ValuesIn(kAllTypes),
                         [](const testing::TestParamInfo<DeconvType>& info) {
                           return std::string(TypeName(info.param));
                         });

// QD8 deconvolutions do not requantize: XQNN_FLAG_TFLITE_REQUANTIZATION is an error.
TEST(DeconvolutionFlags, QD8RejectsTfliteRequantization) {
  ExpectRejectsTfliteRequantization(xqnn_create_deconvolution2d_nhwc_qd8_f32_qc8w, 2, 0);
  ExpectRejectsTfliteRequantization(xqnn_create_deconvolution2d_nhwc_qd8_f16_qc8w, 2, 0);
}

}  // namespace
