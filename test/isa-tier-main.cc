// main() of the operator tests, which ctest runs once per ISA tier through
// XQNN_ISA. A tier above this CPU's best cannot run here: the executable then
// says so and exits with kSkipped (ctest's SKIP_RETURN_CODE), so the entry
// shows as skipped, never as a pass on the lower tier the cap fell back to.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "xqnn.h"

namespace {
constexpr int kSkipped = 77;
}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char* requested = std::getenv("XQNN_ISA");
  if (requested != nullptr && requested[0] != '\0') {
    const enum xqnn_status status = xqnn_initialize();
    if (status != xqnn_status_success) {
      std::fprintf(stderr, "xqnn_initialize failed (%s) with XQNN_ISA=%s\n", xqnn_status_string(status), requested);
      return EXIT_FAILURE;
    }
    if (std::strcmp(xqnn_isa_name(), requested) != 0) {
      std::printf("SKIPPED: XQNN_ISA=%s: this CPU's best tier is %s\n", requested, xqnn_isa_name());
      return kSkipped;
    }
  }
  return RUN_ALL_TESTS();
}
