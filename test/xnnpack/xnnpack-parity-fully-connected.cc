// xqnn's fully-connected operators give the same bits as Debian's XNNPACK
// snapshot (2022) for the same quantization parameters (DESIGN.md section 2).
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <random>
#include <vector>

#include "xqnn.h"

namespace {

class XnnpackParity : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(xqnn_initialize(), xqnn_status_success);
    ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  }
};

TEST_F(XnnpackParity, FullyConnectedQS8) {
  std::mt19937 rng(1);
  for (int trial = 0; trial < 40; trial++) {
    const size_t batch = rng() % 9 + 1, ic = rng() % 300 + 1, oc = rng() % 70 + 1;
    std::vector<int8_t> input(batch * ic + XQNN_EXTRA_BYTES), kernel(ic * oc);
    std::vector<int32_t> bias(oc);
    for (auto& v : input) v = (int8_t) rng();
    for (auto& v : kernel) v = (int8_t) rng();  // every int8 weight, -128 included
    for (auto& v : bias) v = (int32_t) (rng() % 20001) - 10000;
    const int8_t izp = (int8_t) rng(), ozp = (int8_t) rng();
    const float input_scale = 0.5f + (rng() % 100) / 50.0f, kernel_scale = 0.001f * (rng() % 50 + 1);
    const float output_scale = 0.2f + (rng() % 100) / 10.0f;
    const int8_t qmin = (int8_t) (-128 + rng() % 20), qmax = (int8_t) (127 - rng() % 20);
    std::vector<int8_t> ours(batch * oc), theirs(batch * oc);

    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_fully_connected_nc_qs8(ic, oc, ic, oc, izp, input_scale, kernel_scale, kernel.data(),
                                                 bias.data(), ozp, output_scale, qmin, qmax, 0, &op),
              xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_fully_connected_nc_qs8(op, batch, nullptr), xqnn_status_success);
    ASSERT_EQ(xqnn_setup_fully_connected_nc_qs8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xnn_create_fully_connected_nc_qs8(ic, oc, ic, oc, izp, input_scale, kernel_scale, kernel.data(),
                                                bias.data(), ozp, output_scale, qmin, qmax, 0, &xop),
              xnn_status_success);
    ASSERT_EQ(xnn_setup_fully_connected_nc_qs8(xop, batch, input.data(), theirs.data(), nullptr), xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);

    ASSERT_EQ(ours, theirs) << "batch " << batch << " ic " << ic << " oc " << oc;
  }
}

TEST_F(XnnpackParity, FullyConnectedQU8) {
  std::mt19937 rng(2);
  for (int trial = 0; trial < 40; trial++) {
    const size_t batch = rng() % 9 + 1, ic = rng() % 300 + 1, oc = rng() % 70 + 1;
    std::vector<uint8_t> input(batch * ic + XQNN_EXTRA_BYTES), kernel(ic * oc);
    std::vector<int32_t> bias(oc);
    for (auto& v : input) v = (uint8_t) rng();
    for (auto& v : kernel) v = (uint8_t) rng();
    for (auto& v : bias) v = (int32_t) (rng() % 20001) - 10000;
    const uint8_t izp = (uint8_t) rng(), kzp = (uint8_t) rng(), ozp = (uint8_t) rng();
    const float input_scale = 0.5f + (rng() % 100) / 50.0f, kernel_scale = 0.001f * (rng() % 50 + 1);
    const float output_scale = 0.2f + (rng() % 100) / 10.0f;
    const uint8_t qmin = (uint8_t) (rng() % 20), qmax = (uint8_t) (255 - rng() % 20);
    std::vector<uint8_t> ours(batch * oc), theirs(batch * oc);

    xqnn_operator_t op = nullptr;
    ASSERT_EQ(xqnn_create_fully_connected_nc_qu8(ic, oc, ic, oc, izp, input_scale, kzp, kernel_scale, kernel.data(),
                                                 bias.data(), ozp, output_scale, qmin, qmax, 0, &op),
              xqnn_status_success);
    ASSERT_EQ(xqnn_reshape_fully_connected_nc_qu8(op, batch, nullptr), xqnn_status_success);
    ASSERT_EQ(xqnn_setup_fully_connected_nc_qu8(op, input.data(), ours.data()), xqnn_status_success);
    ASSERT_EQ(xqnn_run_operator(op, nullptr), xqnn_status_success);
    xqnn_delete_operator(op);

    xnn_operator_t xop = nullptr;
    ASSERT_EQ(xnn_create_fully_connected_nc_qu8(ic, oc, ic, oc, izp, input_scale, kzp, kernel_scale, kernel.data(),
                                                bias.data(), ozp, output_scale, qmin, qmax, 0, &xop),
              xnn_status_success);
    ASSERT_EQ(xnn_setup_fully_connected_nc_qu8(xop, batch, input.data(), theirs.data(), nullptr), xnn_status_success);
    ASSERT_EQ(xnn_run_operator(xop, nullptr), xnn_status_success);
    xnn_delete_operator(xop);

    ASSERT_EQ(ours, theirs) << "batch " << batch << " ic " << ic << " oc " << oc;
  }
}

}  // namespace
