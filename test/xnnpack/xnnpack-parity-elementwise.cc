// xqnn's multiply and global average pooling give the same bits as Debian's
// XNNPACK snapshot (2022); add is compared for closeness only, since XNNPACK
// requantizes add with a fixed-point scheme and xqnn with an fp32 one
// (both within 1 unit of exact arithmetic).
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <cstdlib>
#include <random>
#include <vector>

#include "xqnn.h"

namespace {

template <typename T>
void RunMultiplyParity(bool qu8, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 60; trial++) {
    // Random ranks 0..4 with broadcasting on random axes.
    const size_t rank = rng() % 5;
    std::vector<size_t> shape1(rank), shape2(rank), out_shape(rank);
    size_t n1 = 1, n2 = 1, n = 1;
    for (size_t d = 0; d < rank; d++) {
      out_shape[d] = rng() % 5 + 1;
      shape1[d] = rng() % 3 == 0 ? 1 : out_shape[d];
      shape2[d] = rng() % 3 == 0 ? 1 : out_shape[d];
      n1 *= shape1[d]; n2 *= shape2[d];
    }
    for (size_t d = 0; d < rank; d++) {
      out_shape[d] = std::max(shape1[d], shape2[d]);
      n *= out_shape[d];
    }
    std::vector<T> a(n1 + 64), b(n2 + 64), ours(n), theirs(n);
    for (auto& v : a) v = (T) rng();
    for (auto& v : b) v = (T) rng();
    const T azp = (T) rng(), bzp = (T) rng(), ozp = (T) rng();
    const float as = 0.01f * (rng() % 100 + 1), bs = 0.01f * (rng() % 100 + 1), os = 0.05f * (rng() % 100 + 1);
    const T lo = qu8 ? (T) (rng() % 30) : (T) (-128 + (int) (rng() % 30));
    const T hi = qu8 ? (T) (255 - rng() % 30) : (T) (127 - (int) (rng() % 30));

    xqnn_operator_t op = nullptr;
    xnn_operator_t xop = nullptr;
    if (qu8) {
      ASSERT_EQ(xqnn_create_multiply_nd_qu8(azp, as, bzp, bs, ozp, os, lo, hi, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_multiply_nd_qu8(op, rank, shape1.data(), rank, shape2.data(), nullptr), xqnn_status_success);
      ASSERT_EQ(xqnn_setup_multiply_nd_qu8(op, (const uint8_t*) a.data(), (const uint8_t*) b.data(), (uint8_t*) ours.data()), xqnn_status_success);
      ASSERT_EQ(xnn_create_multiply_nd_qu8(azp, as, bzp, bs, ozp, os, lo, hi, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_multiply_nd_qu8(xop, rank, shape1.data(), rank, shape2.data(), (const uint8_t*) a.data(),
                                          (const uint8_t*) b.data(), (uint8_t*) theirs.data(), nullptr), xnn_status_success);
    } else {
      ASSERT_EQ(xqnn_create_multiply_nd_qs8(azp, as, bzp, bs, ozp, os, lo, hi, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_multiply_nd_qs8(op, rank, shape1.data(), rank, shape2.data(), nullptr), xqnn_status_success);
      ASSERT_EQ(xqnn_setup_multiply_nd_qs8(op, (const int8_t*) a.data(), (const int8_t*) b.data(), (int8_t*) ours.data()), xqnn_status_success);
      ASSERT_EQ(xnn_create_multiply_nd_qs8(azp, as, bzp, bs, ozp, os, lo, hi, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_multiply_nd_qs8(xop, rank, shape1.data(), rank, shape2.data(), (const int8_t*) a.data(),
                                          (const int8_t*) b.data(), (int8_t*) theirs.data(), nullptr), xnn_status_success);
    }
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xqnn_delete_operator(op);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " rank " << rank;
  }
}

TEST(XnnpackElementwiseParity, MultiplyQS8) { RunMultiplyParity<int8_t>(false, 21); }
TEST(XnnpackElementwiseParity, MultiplyQU8) { RunMultiplyParity<uint8_t>(true, 22); }

template <typename T>
void RunGlobalAveragePoolingParity(bool qu8, uint32_t seed) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 60; trial++) {
    const size_t batch = rng() % 3 + 1, width = trial % 3 == 0 ? rng() % 200 + 1 : rng() % 20 + 1;
    const size_t channels = rng() % 40 + 1;
    std::vector<T> input(batch * width * channels + 64), ours(batch * channels), theirs(batch * channels);
    for (auto& v : input) v = (T) rng();
    const T izp = (T) rng(), ozp = (T) rng();
    const float is = 0.01f * (rng() % 100 + 1), os = 0.01f * (rng() % 100 + 1);
    const T lo = qu8 ? (T) 0 : (T) -128, hi = qu8 ? (T) 255 : (T) 127;
    xqnn_operator_t op = nullptr;
    xnn_operator_t xop = nullptr;
    if (qu8) {
      ASSERT_EQ(xqnn_create_global_average_pooling_nwc_qu8(izp, is, ozp, os, lo, hi, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_global_average_pooling_nwc_qu8(op, batch, width, channels, channels, channels, nullptr), xqnn_status_success);
      ASSERT_EQ(xqnn_setup_global_average_pooling_nwc_qu8(op, (const uint8_t*) input.data(), (uint8_t*) ours.data()), xqnn_status_success);
      ASSERT_EQ(xnn_create_global_average_pooling_nwc_qu8(channels, channels, channels, izp, is, ozp, os, lo, hi, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_global_average_pooling_nwc_qu8(xop, batch, width, (const uint8_t*) input.data(), (uint8_t*) theirs.data(), nullptr), xnn_status_success);
    } else {
      ASSERT_EQ(xqnn_create_global_average_pooling_nwc_qs8(izp, is, ozp, os, lo, hi, 0, &op), xqnn_status_success);
      ASSERT_EQ(xqnn_reshape_global_average_pooling_nwc_qs8(op, batch, width, channels, channels, channels, nullptr), xqnn_status_success);
      ASSERT_EQ(xqnn_setup_global_average_pooling_nwc_qs8(op, (const int8_t*) input.data(), (int8_t*) ours.data()), xqnn_status_success);
      ASSERT_EQ(xnn_create_global_average_pooling_nwc_qs8(channels, channels, channels, izp, is, ozp, os, lo, hi, 0, &xop), xnn_status_success);
      ASSERT_EQ(xnn_setup_global_average_pooling_nwc_qs8(xop, batch, width, (const int8_t*) input.data(), (int8_t*) theirs.data(), nullptr), xnn_status_success);
    }
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xqnn_delete_operator(op);
    xnn_delete_operator(xop);
    ASSERT_EQ(ours, theirs) << "trial " << trial << " batch " << batch << " width " << width << " channels " << channels;
  }
}

TEST(XnnpackElementwiseParity, GlobalAveragePoolingQS8) { RunGlobalAveragePoolingParity<int8_t>(false, 31); }
TEST(XnnpackElementwiseParity, GlobalAveragePoolingQU8) { RunGlobalAveragePoolingParity<uint8_t>(true, 32); }

// Add: both libraries are within 1 unit of exact arithmetic, so they are
// within 1 unit of each other (they may round near-ties differently).
TEST(XnnpackElementwiseParity, AddQS8WithinOneUnit) {
  ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::mt19937 rng(41);
  int compared = 0;
  for (int trial = 0; trial < 40; trial++) {
    const size_t n = rng() % 1000 + 1;
    const size_t shape[1] = {n};
    std::vector<int8_t> a(n + 64), b(n + 64), ours(n), theirs(n);
    for (auto& v : a) v = (int8_t) rng();
    for (auto& v : b) v = (int8_t) rng();
    const int8_t azp = (int8_t) rng(), bzp = (int8_t) rng(), ozp = (int8_t) rng();
    const float as = 0.01f * (rng() % 100 + 1), bs = 0.01f * (rng() % 100 + 1), os = 0.02f * (rng() % 100 + 1);
    xqnn_operator_t op = nullptr;
    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xqnn_create_add_nd_qs8(azp, as, bzp, bs, ozp, os, -128, 127, 0, &op), xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_add_nd_qs8(op, 1, shape, 1, shape, nullptr), xqnn_status_success);
    ASSERT_EQ(xqnn_setup_add_nd_qs8(op, a.data(), b.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);
    const xnn_status created = xnn_create_add_nd_qs8(azp, as, bzp, bs, ozp, os, -128, 127, 0, &xop);
    if (created != xnn_status_success) continue;  // XNNPACK's fixed point rejects some scale ratios
    ASSERT_EQ(xnn_setup_add_nd_qs8(xop, 1, shape, 1, shape, a.data(), b.data(), theirs.data(), nullptr), xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);
    for (size_t i = 0; i < n; i++) {
      ASSERT_LE(std::abs((int) ours[i] - (int) theirs[i]), 1) << "trial " << trial << " element " << i;
    }
    compared++;
  }
  EXPECT_GE(compared, 30);
}

}  // namespace
