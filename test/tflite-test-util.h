// Shared helpers of the tflite-*.cc tests (tools/tflite).
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#ifndef XQT_TEST_DATA_DIR
#error "XQT_TEST_DATA_DIR must name test/data"
#endif

namespace xqt_test {

inline std::string DataPath(const std::string& name) { return std::string(XQT_TEST_DATA_DIR) + "/" + name; }

inline std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << "cannot open " << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

constexpr const char* kInt8Model = "tf2_mobilenet_v2_1.0_224_ptq.tflite";
constexpr const char* kUint8Model = "mobilenet_v2_1.0_224_quant.tflite";

}  // namespace xqt_test
