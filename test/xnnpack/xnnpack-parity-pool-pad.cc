// xqnn's max pooling and constant pad give the same bits as Debian's XNNPACK
// snapshot (2022). Max pooling is compared where the two definitions agree:
// XNNPACK reads a tap in the padding as the nearest edge pixel, xqnn (like
// TFLite) ignores it; with dilation 1 and padding smaller than the window,
// that edge pixel is always inside the window, so the maxima are equal.
// (With dilation, or windows made only of padding, XNNPACK's edge pixel may
// lie outside the window; xqnn then follows TFLite.)
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <algorithm>
#include <random>
#include <vector>

#include "xqnn.h"

namespace {

template <typename T>
void RunMaxPoolingParity(bool u8, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 80; trial++) {
    uint32_t ph = rng() % 4 + 1, pw = rng() % 4 + 1;
    if (ph * pw == 1) pw = 2;  // XNNPACK rejects 1x1 pooling
    const uint32_t sh = rng() % ph + 1, sw = rng() % pw + 1;
    const bool same = rng() % 4 == 0;
    const uint32_t pt = same ? 0 : rng() % ph, pb = same ? 0 : rng() % ph;
    const uint32_t pl = same ? 0 : rng() % pw, pr = same ? 0 : rng() % pw;
    const size_t batch = rng() % 2 + 1, h = rng() % 9 + ph, w = rng() % 9 + pw;
    const size_t channels = rng() % 40 + 1, in_stride = channels + rng() % 3, out_stride = channels + rng() % 3;
    const int32_t lo_type = u8 ? 0 : -128, hi_type = u8 ? 255 : 127;
    int32_t lo = lo_type + (int32_t) (rng() % 40), hi = hi_type - (int32_t) (rng() % 40);
    if (trial % 2 == 0) lo = lo_type, hi = hi_type;
    const uint32_t flags = same ? XQNN_FLAG_TENSORFLOW_SAME_PADDING : 0;
    static_assert(XQNN_FLAG_TENSORFLOW_SAME_PADDING == XNN_FLAG_TENSORFLOW_SAME_PADDING, "same flag value");

    std::vector<T> input(batch * h * w * in_stride + 64);
    for (auto& v : input) v = (T) rng();
    xqnn_operator_t op = nullptr;
    xnn_operator_t xop = nullptr;
    size_t oh = 0, ow = 0;
    if (u8) {
      ASSERT_EQ(xqnn_create_max_pooling2d_nhwc_u8(pt, pr, pb, pl, ph, pw, sh, sw, 1, 1, channels, in_stride, out_stride,
                                                  (uint8_t) lo, (uint8_t) hi, flags, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_max_pooling2d_nhwc_u8(op, batch, h, w, &oh, &ow, nullptr), xqnn_status_success);
    } else {
      ASSERT_EQ(xqnn_create_max_pooling2d_nhwc_s8(pt, pr, pb, pl, ph, pw, sh, sw, 1, 1, channels, in_stride, out_stride,
                                                  (int8_t) lo, (int8_t) hi, flags, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_max_pooling2d_nhwc_s8(op, batch, h, w, &oh, &ow, nullptr), xqnn_status_success);
    }
    // Outputs start equal (the gaps between pixels must stay as they are in both).
    std::vector<T> ours(batch * oh * ow * out_stride, (T) 0x5A), theirs = ours;
    if (u8) {
      ASSERT_EQ(xqnn_setup_max_pooling2d_nhwc_u8(op, (const uint8_t*) input.data(), (uint8_t*) ours.data()),
                xqnn_status_success);
      ASSERT_EQ(xnn_create_max_pooling2d_nhwc_u8(pt, pr, pb, pl, ph, pw, sh, sw, 1, 1, channels, in_stride, out_stride,
                                                 (uint8_t) lo, (uint8_t) hi, flags, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_max_pooling2d_nhwc_u8(xop, batch, h, w, (const uint8_t*) input.data(),
                                                (uint8_t*) theirs.data(), nullptr), xnn_status_success);
    } else {
      ASSERT_EQ(xqnn_setup_max_pooling2d_nhwc_s8(op, (const int8_t*) input.data(), (int8_t*) ours.data()),
                xqnn_status_success);
      ASSERT_EQ(xnn_create_max_pooling2d_nhwc_s8(pt, pr, pb, pl, ph, pw, sh, sw, 1, 1, channels, in_stride, out_stride,
                                                 (int8_t) lo, (int8_t) hi, flags, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_max_pooling2d_nhwc_s8(xop, batch, h, w, (const int8_t*) input.data(),
                                                (int8_t*) theirs.data(), nullptr), xnn_status_success);
    }
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xqnn_delete_operator(op);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " input " << batch << "x" << h << "x" << w << "x" << channels
                            << " pooling " << ph << "x" << pw << " stride " << sh << "x" << sw << " padding " << pt
                            << "," << pr << "," << pb << "," << pl << (same ? " SAME" : "");
  }
}

TEST(XnnpackPoolPadParity, MaxPoolingS8) { RunMaxPoolingParity<int8_t>(false, 31); }
TEST(XnnpackPoolPadParity, MaxPoolingU8) { RunMaxPoolingParity<uint8_t>(true, 32); }

TEST(XnnpackPoolPadParity, ConstantPad) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(33);
  for (int trial = 0; trial < 100; trial++) {
    const size_t rank = rng() % XQNN_MAX_TENSOR_DIMS + 1;
    std::vector<size_t> shape(rank), pre(rank), post(rank);
    size_t n = 1, out = 1;
    for (size_t d = 0; d < rank; d++) {
      shape[d] = rng() % 4 + 1;
      pre[d] = rng() % 3 == 0 ? rng() % 3 : 0;
      post[d] = rng() % 3 == 0 ? rng() % 3 : 0;
      n *= shape[d];
      out *= pre[d] + shape[d] + post[d];
    }
    std::vector<uint8_t> input(n), ours(out), theirs(out);
    for (auto& v : input) v = (uint8_t) rng();
    const uint8_t value = (uint8_t) rng();
    xqnn_operator_t op = nullptr;
    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xqnn_create_constant_pad_nd_x8(&value, 0, &op), xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_constant_pad_nd_x8(op, rank, shape.data(), pre.data(), post.data(), nullptr),
              xqnn_status_success);
    ASSERT_EQ(xqnn_setup_constant_pad_nd_x8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xnn_create_constant_pad_nd_x8(&value, 0, &xop), xnn_status_success);
    ASSERT_EQ(xnn_setup_constant_pad_nd_x8(xop, rank, shape.data(), pre.data(), post.data(), input.data(),
                                           theirs.data(), nullptr), xnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xqnn_delete_operator(op);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " rank " << rank;
  }
}

}  // namespace
