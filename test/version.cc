#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "xqnn.h"

TEST(Version, NumberMatchesHeader) {
  EXPECT_EQ(xqnn_version(), static_cast<uint32_t>(XQNN_VERSION_NUMBER));
  EXPECT_EQ(xqnn_version(),
            static_cast<uint32_t>(XQNN_VERSION_MAJOR * 10000 + XQNN_VERSION_MINOR * 100 + XQNN_VERSION_PATCH));
}

TEST(Version, StringMatchesHeader) {
  ASSERT_NE(xqnn_version_string(), nullptr);
  char expected[32];
  std::snprintf(expected, sizeof(expected), "%d.%d.%d", XQNN_VERSION_MAJOR, XQNN_VERSION_MINOR, XQNN_VERSION_PATCH);
  EXPECT_EQ(std::string(xqnn_version_string()), std::string(expected));
}

TEST(Version, NeedsNoInitialization) {
  // Called before any xqnn_initialize in this process (gtest runs tests in order).
  EXPECT_GT(xqnn_version() + 1, 0u);
}
