// Prints which ISA tiers of this architecture the CPU runs natively and which
// it lacks: scripts/test.sh ends a test run with this line, since the kernel
// and operator tests of a missing tier skip.
#include <cstdio>

#include "xqnn.h"
#include "xqnn/config.h"

int main() {
  if (xqnn_initialize() != xqnn_status_success) {
    std::printf("ISA tiers: xqnn_initialize failed\n");
    return 1;
  }
  size_t count = 0;
  const struct xqnn_isa_tier* tiers = xqnn_isa_tiers(&count);
  const size_t detected = xqnn_detected_isa_tier_count();
  std::printf("ISA tiers run natively:");
  for (size_t t = 0; t < detected; t++) std::printf(" %s", tiers[t].name);
  std::printf("; skipped (this CPU lacks them):");
  if (detected == count) std::printf(" none");
  for (size_t t = detected; t < count; t++) std::printf(" %s", tiers[t].name);
  std::printf("\n");
  return 0;
}
