// XQNN_ISA is checked at initialisation: ctest runs this executable with
// XQNN_EXPECT naming the outcome (see test/CMakeLists.txt):
//   XQNN_EXPECT=unsupported_hardware   an unknown or foreign tier must fail loudly;
//   XQNN_EXPECT=<tier>                 a known tier caps the choice at itself
//                                      (or at the CPU's best, if lower).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "xqnn.h"
#include "xqnn/config.h"

namespace {

const char* Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

TEST(IsaEnvironment, InitializationOutcome) {
  const std::string expect = Env("XQNN_EXPECT");
  ASSERT_FALSE(expect.empty()) << "run through ctest: XQNN_EXPECT is not set";
  const enum xqnn_status status = xqnn_initialize();
  if (expect == "unsupported_hardware") {
    EXPECT_EQ(status, xqnn_status_unsupported_hardware) << "XQNN_ISA=" << Env("XQNN_ISA");
    EXPECT_EQ(xqnn_isa_name(), nullptr);
    // Operators refuse to be created, as before initialisation.
    xqnn_operator_t op = nullptr;
    EXPECT_EQ(xqnn_create_add_nd_qs8(0, 1, 0, 1, 0, 1, -128, 127, 0, &op), xqnn_status_uninitialized);
    return;
  }
  ASSERT_EQ(status, xqnn_status_success);
  size_t count = 0;
  const struct xqnn_isa_tier* tiers = xqnn_isa_tiers(&count);
  size_t expected_index = count;
  for (size_t t = 0; t < count; t++) {
    if (expect == tiers[t].name) expected_index = t;
  }
  ASSERT_LT(expected_index, count) << expect << " is not a tier of this architecture";
  const size_t best = xqnn_detected_isa_tier_count() - 1;
  const size_t chosen = expected_index < best ? expected_index : best;
  EXPECT_STREQ(xqnn_isa_name(), tiers[chosen].name);
}

}  // namespace
