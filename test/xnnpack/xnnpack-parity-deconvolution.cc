// xqnn's deconvolution gives the same bits as Debian's XNNPACK snapshot (2022)
// for the same parameters (QS8 and QU8; the snapshot has no per-channel
// deconvolution), on random geometry restricted to outputs at least as large
// as the stride, which that snapshot handles.
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <random>
#include <vector>

#include "xqnn.h"

namespace {

struct DeconvGeometry {
  uint32_t pt, pr, pb, pl, kh, kw, sh, sw, dh, dw, ah, aw, groups;
  size_t gic, goc, batch, ih, iw, oh, ow;
};

DeconvGeometry RandomDeconvGeometry(std::mt19937& rng) {
  for (;;) {
    DeconvGeometry g;
    g.kh = rng() % 5 + 1; g.kw = rng() % 5 + 1;
    g.sh = rng() % 3 + 1; g.sw = rng() % 3 + 1;
    g.dh = rng() % 2 + 1; g.dw = rng() % 2 + 1;
    g.ah = rng() % g.sh; g.aw = rng() % g.sw;
    g.pt = rng() % 3; g.pb = rng() % 3; g.pl = rng() % 3; g.pr = rng() % 3;
    if (rng() % 3 == 0) { g.kh = g.sh; g.kw = g.sw; g.dh = g.dw = 1; g.ah = g.aw = 0; g.pt = g.pb = g.pl = g.pr = 0; }
    g.groups = rng() % 3 == 0 ? rng() % 3 + 2 : 1;
    g.gic = rng() % 9 + 1; g.goc = rng() % 9 + 1;
    g.batch = rng() % 3 + 1; g.ih = rng() % 6 + 1; g.iw = rng() % 6 + 1;
    const long fh = (long) g.sh * (g.ih - 1) + g.ah + (long) (g.kh - 1) * g.dh + 1;
    const long fw = (long) g.sw * (g.iw - 1) + g.aw + (long) (g.kw - 1) * g.dw + 1;
    const long oh = fh - g.pt - g.pb, ow = fw - g.pl - g.pr;
    if (oh >= (long) g.sh && ow >= (long) g.sw) {
      g.oh = (size_t) oh;
      g.ow = (size_t) ow;
      return g;
    }
  }
}

template <typename T>
void FillDeconvData(std::mt19937& rng, const DeconvGeometry& g, bool qu8, std::vector<T>& input,
                    std::vector<T>& kernel, std::vector<int32_t>& bias) {
  input.resize(g.batch * g.ih * g.iw * g.groups * g.gic + 64);
  kernel.resize(g.groups * g.goc * g.kh * g.kw * g.gic);
  bias.resize(g.groups * g.goc);
  for (auto& v : input) v = (T) rng();
  for (auto& v : kernel) v = qu8 ? (T) rng() : (T) (int8_t) rng();  // int8: -128 included
  for (auto& v : bias) v = (int32_t) (rng() % 20001) - 10000;
}

TEST(XnnpackDeconvolutionParity, QS8) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(21);
  for (int trial = 0; trial < 120; trial++) {
    const DeconvGeometry g = RandomDeconvGeometry(rng);
    std::vector<int8_t> input, kernel;
    std::vector<int32_t> bias;
    FillDeconvData(rng, g, false, input, kernel, bias);
    const float kernel_scale = 0.002f * (rng() % 100 + 1);
    const int8_t izp = (int8_t) rng(), ozp = (int8_t) rng();
    const size_t ic = g.groups * g.gic, oc = g.groups * g.goc;
    size_t oh = 0, ow = 0;
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_deconvolution2d_nhwc_qs8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw,
                                                   g.groups, g.gic, g.goc, ic, oc, izp, 0.5f, kernel_scale,
                                                   kernel.data(), bias.data(), ozp, 0.7f, -100, 120, 0, &op),
              xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_deconvolution2d_nhwc_qs8(op, g.batch, g.ih, g.iw, g.ah, g.aw, &oh, &ow, nullptr),
              xqnn_status_success);
    ASSERT_EQ(oh, g.oh);
    ASSERT_EQ(ow, g.ow);
    std::vector<int8_t> ours(g.batch * oh * ow * oc), theirs(ours.size());
    ASSERT_EQ(xqnn_setup_deconvolution2d_nhwc_qs8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xnn_create_deconvolution2d_nhwc_qs8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw,
                                                  g.groups, g.gic, g.goc, ic, oc, izp, 0.5f, kernel_scale,
                                                  kernel.data(), bias.data(), ozp, 0.7f, -100, 120, 0, &xop),
              xnn_status_success);
    ASSERT_EQ(xnn_setup_deconvolution2d_nhwc_qs8(xop, g.batch, g.ih, g.iw, g.ah, g.aw, input.data(),
                                                 theirs.data(), nullptr),
              xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " groups " << g.groups << " gic " << g.gic << " goc " << g.goc
                            << " k " << g.kh << "x" << g.kw << " s " << g.sh << "x" << g.sw << " d " << g.dh
                            << "x" << g.dw << " adj " << g.ah << "x" << g.aw;
  }
}

TEST(XnnpackDeconvolutionParity, QU8) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(22);
  for (int trial = 0; trial < 100; trial++) {
    const DeconvGeometry g = RandomDeconvGeometry(rng);
    std::vector<uint8_t> input, kernel;
    std::vector<int32_t> bias;
    FillDeconvData(rng, g, true, input, kernel, bias);
    const uint8_t izp = (uint8_t) rng(), kzp = (uint8_t) rng(), ozp = (uint8_t) rng();
    const size_t ic = g.groups * g.gic, oc = g.groups * g.goc;
    size_t oh = 0, ow = 0;
    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_deconvolution2d_nhwc_qu8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw,
                                                   g.groups, g.gic, g.goc, ic, oc, izp, 0.5f, kzp, 0.01f,
                                                   kernel.data(), bias.data(), ozp, 0.7f, 5, 250, 0, &op),
              xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_deconvolution2d_nhwc_qu8(op, g.batch, g.ih, g.iw, g.ah, g.aw, &oh, &ow, nullptr),
              xqnn_status_success);
    std::vector<uint8_t> ours(g.batch * oh * ow * oc), theirs(ours.size());
    ASSERT_EQ(xqnn_setup_deconvolution2d_nhwc_qu8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xnn_create_deconvolution2d_nhwc_qu8(g.pt, g.pr, g.pb, g.pl, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw,
                                                  g.groups, g.gic, g.goc, ic, oc, izp, 0.5f, kzp, 0.01f,
                                                  kernel.data(), bias.data(), ozp, 0.7f, 5, 250, 0, &xop),
              xnn_status_success);
    ASSERT_EQ(xnn_setup_deconvolution2d_nhwc_qu8(xop, g.batch, g.ih, g.iw, g.ah, g.aw, input.data(),
                                                 theirs.data(), nullptr),
              xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial;
  }
}

}  // namespace
