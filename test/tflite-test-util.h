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

// The input bench/tflite-reference.c feeds without --input (golden data).
inline std::vector<uint8_t> ReferenceInput(size_t n) {
  std::vector<uint8_t> bytes(n);
  uint32_t state = 1;
  for (auto& b : bytes) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(state >> 24);
  }
  return bytes;
}

constexpr const char* kInt8Model = "tf2_mobilenet_v2_1.0_224_ptq.tflite";
constexpr const char* kUint8Model = "mobilenet_v2_1.0_224_quant.tflite";

}  // namespace xqt_test
