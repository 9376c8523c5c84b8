// Use before xqnn_initialize, and initialisation itself. This executable must
// not call xqnn_initialize before the first test (tests run in order).
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#if !defined(__wasm__)
#include <thread>
#endif
#include <vector>

#include "xqnn.h"

namespace {

TEST(Initialization, A_EverythingRefusesBeforeInitialize) {
  ASSERT_EQ(xqnn_isa_name(), nullptr);
  EXPECT_EQ(xqnn_deinitialize(), xqnn_status_uninitialized);
  const int8_t kernel[4] = {1, 2, 3, 4};
  const uint8_t kernel_u8[4] = {1, 2, 3, 4};
  const float scales[2] = {1.0f, 1.0f};
  xqnn_operator_t op = nullptr;
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs8(2, 2, 2, 2, 0, 1, 1, kernel, nullptr, 0, 1, -128, 127, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qs8_qc8w(2, 2, 2, 2, 0, 1, scales, kernel, nullptr, 0, 1, -128, 127, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qu8(2, 2, 2, 2, 0, 1, 0, 1, kernel_u8, nullptr, 0, 1, 0, 255, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f32_qc8w(2, 2, 2, 2, scales, kernel, nullptr, -1, 1, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_fully_connected_nc_qd8_f16_qc8w(2, 2, 2, 2, scales, kernel, nullptr, -1, 1, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qs8(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 1, kernel, nullptr,
                                               0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qs8_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, scales, kernel,
                                                    nullptr, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qu8(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 0, 1, kernel_u8,
                                               nullptr, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qd8_f32_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, scales, kernel,
                                                        nullptr, -1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convolution2d_nhwc_qd8_f16_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, scales, kernel,
                                                        nullptr, -1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_deconvolution2d_nhwc_qd8_f32_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, scales, kernel,
                                                          nullptr, -1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_deconvolution2d_nhwc_qd8_f16_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, scales, kernel,
                                                          nullptr, -1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_deconvolution2d_nhwc_qs8(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 1, kernel, nullptr,
                                                 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_deconvolution2d_nhwc_qs8_qc8w(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, scales, kernel,
                                                      nullptr, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_deconvolution2d_nhwc_qu8(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 0, 1, kernel_u8,
                                                 nullptr, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_add_nd_qs8(0, 1, 0, 1, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_add_nd_qu8(0, 1, 0, 1, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_multiply_nd_qs8(0, 1, 0, 1, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_multiply_nd_qu8(0, 1, 0, 1, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_subtract_nd_qs8(0, 1, 0, 1, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_subtract_nd_qu8(0, 1, 0, 1, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_maximum_nd_s8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_maximum_nd_u8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_minimum_nd_s8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_minimum_nd_u8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_global_average_pooling_nwc_qs8(0, 1, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_global_average_pooling_nwc_qu8(0, 1, 0, 1, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_f32_qs8(1, 0, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_f32_qu8(1, 0, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_qs8_f32(1, 0, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_qu8_f32(1, 0, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_f32_qd8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_convert_nc_f16_qd8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_max_pooling2d_nhwc_s8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1, 1, 1, -128, 127, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_max_pooling2d_nhwc_u8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 255, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_average_pooling2d_nhwc_qs8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1, 0, 1.0f, 0, 1.0f, -128, 127, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_average_pooling2d_nhwc_qu8(0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 1, 0, 1.0f, 0, 1.0f, 0, 255, 0, &op),
            xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_resize_bilinear2d_nhwc_s8(4, 4, 1, 1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_resize_bilinear2d_nhwc_u8(4, 4, 1, 1, 1, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_resize_nearest_neighbor2d_nhwc_x8(4, 4, 1, 1, 1, 0, &op), xqnn_status_uninitialized);
  const uint8_t pad_value = 0;
  EXPECT_EQ(xqnn_create_constant_pad_nd_x8(&pad_value, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_reflect_pad_nd_x8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_slice_nd_x8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_transpose_nd_x8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_concatenate_nd_x8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_split_nd_x8(0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_sigmoid_nc_qs8(1, 1, 1, 0, 1.0f, -128, 1.0f / 256, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_sigmoid_nc_qu8(1, 1, 1, 0, 1.0f, 0, 1.0f / 256, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_tanh_nc_qs8(1, 1, 1, 0, 1.0f, 0, 1.0f / 128, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_tanh_nc_qu8(1, 1, 1, 0, 1.0f, 128, 1.0f / 128, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_hardswish_nc_qs8(1, 1, 1, 0, 1.0f, 0, 1.0f, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_hardswish_nc_qu8(1, 1, 1, 0, 1.0f, 0, 1.0f, 0, 255, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_leaky_relu_nc_qs8(1, 1, 1, 0.1f, 0, 1.0f, 0, 1.0f, -128, 127, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_create_leaky_relu_nc_qu8(1, 1, 1, 0.1f, 0, 1.0f, 0, 1.0f, 0, 255, 0, &op), xqnn_status_uninitialized);
  uint8_t table[256] = {0};
  EXPECT_EQ(xqnn_create_lut_elementwise_nc_x8(1, 1, 1, table, 0, &op), xqnn_status_uninitialized);
  EXPECT_EQ(op, nullptr);
  EXPECT_EQ(xqnn_reshape_fully_connected_nc_qs8(nullptr, 1, nullptr), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_setup_fully_connected_nc_qs8(nullptr, nullptr, nullptr), xqnn_status_uninitialized);
  EXPECT_EQ(xqnn_run_operator(nullptr, nullptr), xqnn_status_invalid_parameter);
}

TEST(Initialization, B_ConcurrentInitializeIsSafeAndIdempotent) {
  std::atomic<int> failures{0};
#if defined(__wasm__)  // wasm32-wasi has no threads here: repeated calls on this one
  for (int i = 0; i < 8; i++) {
    if (xqnn_initialize() != xqnn_status_success) failures++;
  }
#else
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; i++) {
    threads.emplace_back([&] {
      if (xqnn_initialize() != xqnn_status_success) failures++;
    });
  }
  for (auto& t : threads) t.join();
#endif
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(xqnn_initialize(), xqnn_status_success);
  ASSERT_NE(xqnn_isa_name(), nullptr);
  EXPECT_GT(std::strlen(xqnn_isa_name()), 0u);
  EXPECT_EQ(xqnn_deinitialize(), xqnn_status_success);
}

TEST(Initialization, C_StatusStrings) {
  EXPECT_STREQ(xqnn_status_string(xqnn_status_success), "success");
  EXPECT_STREQ(xqnn_status_string(xqnn_status_invalid_parameter), "invalid_parameter");
  EXPECT_STREQ(xqnn_status_string(xqnn_status_out_of_memory), "out_of_memory");
  EXPECT_STREQ(xqnn_status_string((enum xqnn_status) 1234), "unknown");
}

}  // namespace
