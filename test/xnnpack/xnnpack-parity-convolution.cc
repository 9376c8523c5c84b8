// xqnn's convolution and deconvolution give the same bits as Debian's XNNPACK
// snapshot (2022) for the same parameters, on random geometry (restricted to
// shapes that snapshot handles correctly: no SAME padding, outputs at least
// as large as the stride).
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <random>
#include <vector>

#include "xqnn.h"

namespace {

struct Geometry {
  uint32_t pt, pr, pb, pl, kh, kw, sh, sw, dh, dw, groups;
  size_t gic, goc, batch, ih, iw;
};

Geometry RandomConvGeometry(std::mt19937& rng) {
  for (;;) {
    Geometry g;
    g.kh = rng() % 4 + 1; g.kw = rng() % 4 + 1;
    g.sh = rng() % 3 + 1; g.sw = rng() % 3 + 1;
    g.dh = rng() % 2 + 1; g.dw = rng() % 2 + 1;
    g.pt = rng() % 3; g.pb = rng() % 3; g.pl = rng() % 3; g.pr = rng() % 3;
    g.groups = rng() % 3 == 0 ? rng() % 3 + 2 : 1;
    g.gic = rng() % 9 + 1; g.goc = rng() % 9 + 1;
    if (rng() % 4 == 0) { g.gic = 1; g.goc = 1; g.groups = rng() % 17 + 2; }  // depthwise
    g.batch = rng() % 3 + 1; g.ih = rng() % 9 + 1; g.iw = rng() % 9 + 1;
    const long ekh = (long) (g.kh - 1) * g.dh + 1, ekw = (long) (g.kw - 1) * g.dw + 1;
    if ((long) g.ih + g.pt + g.pb >= ekh && (long) g.iw + g.pl + g.pr >= ekw) return g;
  }
}

template <typename T>
void FillConvData(std::mt19937& rng, const Geometry& g, bool qu8, std::vector<T>& input,
                  std::vector<T>& kernel, std::vector<int32_t>& bias, size_t ks) {
  input.resize(g.batch * g.ih * g.iw * g.groups * g.gic + 64);
  kernel.resize(g.groups * g.goc * ks * g.gic);
  bias.resize(g.groups * g.goc);
  for (auto& v : input) v = (T) rng();
  for (auto& v : kernel) v = qu8 ? (T) rng() : (T) (int8_t) rng();  // int8: -128 included
  for (auto& v : bias) v = (int32_t) (rng() % 20001) - 10000;
}

TEST(XnnpackConvolutionParity, QS8AndQC8W) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(11);
  for (int trial = 0; trial < 150; trial++) {
    const Geometry g = RandomConvGeometry(rng);
    const bool per_channel = trial % 2 == 1;
    std::vector<int8_t> input, kernel;
    std::vector<int32_t> bias;
    FillConvData(rng, g, false, input, kernel, bias, g.kh * g.kw);
    std::vector<float> scales(g.groups * g.goc);
    for (auto& s : scales) s = 0.002f * (rng() % 100 + 1);
    const int8_t izp = (int8_t) rng(), ozp = (int8_t) rng();
    const size_t ic = g.groups * g.gic, oc = g.groups * g.goc;
    size_t oh = 0, ow = 0;
    xqnn_operator_t op = nullptr;
    if (per_channel) {
      ASSERT_EQ(xqnn_create_convolution2d_nhwc_qs8_qc8w(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                        g.gic, g.goc, ic, oc, izp, 0.5f, scales.data(), kernel.data(),
                                                        bias.data(), ozp, 0.7f, -100, 120, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_convolution2d_nhwc_qs8_qc8w(op, g.batch, g.ih, g.iw, &oh, &ow, nullptr), xqnn_status_success);
    } else {
      ASSERT_EQ(xqnn_create_convolution2d_nhwc_qs8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                   g.gic, g.goc, ic, oc, izp, 0.5f, scales[0], kernel.data(),
                                                   bias.data(), ozp, 0.7f, -100, 120, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_convolution2d_nhwc_qs8(op, g.batch, g.ih, g.iw, &oh, &ow, nullptr), xqnn_status_success);
    }
    std::vector<int8_t> ours(g.batch * oh * ow * oc), theirs(ours.size());
    if (per_channel) {
      ASSERT_EQ(xqnn_setup_convolution2d_nhwc_qs8_qc8w(op, input.data(), ours.data()), xqnn_status_success);
    } else {
      ASSERT_EQ(xqnn_setup_convolution2d_nhwc_qs8(op, input.data(), ours.data()), xqnn_status_success);
    }
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    if (per_channel) {
      ASSERT_EQ(xnn_create_convolution2d_nhwc_qc8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                  g.gic, g.goc, ic, oc, izp, 0.5f, scales.data(), kernel.data(),
                                                  bias.data(), ozp, 0.7f, -100, 120, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_convolution2d_nhwc_qc8(xop, g.batch, g.ih, g.iw, input.data(), theirs.data(), nullptr), xnn_status_success);
    } else {
      ASSERT_EQ(xnn_create_convolution2d_nhwc_qs8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                  g.gic, g.goc, ic, oc, izp, 0.5f, scales[0], kernel.data(),
                                                  bias.data(), ozp, 0.7f, -100, 120, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_convolution2d_nhwc_qs8(xop, g.batch, g.ih, g.iw, input.data(), theirs.data(), nullptr), xnn_status_success);
    }
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " groups " << g.groups << " gic " << g.gic << " goc " << g.goc
                            << " k " << g.kh << "x" << g.kw << " s " << g.sh << "x" << g.sw;
  }
}

TEST(XnnpackConvolutionParity, QU8) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(12);
  for (int trial = 0; trial < 100; trial++) {
    const Geometry g = RandomConvGeometry(rng);
    std::vector<uint8_t> input, kernel;
    std::vector<int32_t> bias;
    FillConvData(rng, g, true, input, kernel, bias, g.kh * g.kw);
    const uint8_t izp = (uint8_t) rng(), kzp = (uint8_t) rng(), ozp = (uint8_t) rng();
    const size_t ic = g.groups * g.gic, oc = g.groups * g.goc;
    size_t oh = 0, ow = 0;
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_convolution2d_nhwc_qu8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                 g.gic, g.goc, ic, oc, izp, 0.5f, kzp, 0.01f, kernel.data(),
                                                 bias.data(), ozp, 0.7f, 5, 250, 0, &op), xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_convolution2d_nhwc_qu8(op, g.batch, g.ih, g.iw, &oh, &ow, nullptr), xqnn_status_success);
    std::vector<uint8_t> ours(g.batch * oh * ow * oc), theirs(ours.size());
    ASSERT_EQ(xqnn_setup_convolution2d_nhwc_qu8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xnn_create_convolution2d_nhwc_qu8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.groups,
                                                g.gic, g.goc, ic, oc, izp, 0.5f, kzp, 0.01f, kernel.data(),
                                                bias.data(), ozp, 0.7f, 5, 250, 0, &xop), xnn_status_success);
    ASSERT_EQ(xnn_setup_convolution2d_nhwc_qu8(xop, g.batch, g.ih, g.iw, input.data(), theirs.data(), nullptr), xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial;
  }
}

}  // namespace
