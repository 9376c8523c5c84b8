// CPU feature detection (cpuinfo) capped by the XQNN_ISA environment variable.
#include <stdlib.h>
#include <string.h>

#include <cpuinfo.h>

#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/hardware-config-init.h"

struct isa_tier {
  const char* name;
  uint32_t arch;  // what this tier adds to the previous ones
};

// Ordered: each tier includes everything above it.
static const struct isa_tier kX86Tiers[] = {
    {"scalar", 0},
    {"sse2", xqnn_arch_x86_sse2},
    {"ssse3", xqnn_arch_x86_ssse3},
    {"sse41", xqnn_arch_x86_sse41},
    {"avx", xqnn_arch_x86_avx},
    {"avx2", xqnn_arch_x86_avx2},
    {"avx512skx", xqnn_arch_x86_avx512skx},
    {"avx512vnni", xqnn_arch_x86_avx512vnni},
};

static struct xqnn_hardware_config hardware_config;
static bool hardware_config_ready;

static uint32_t detect_arch_flags(void) {
  uint32_t flags = 0;
#if defined(__x86_64__) || defined(_M_X64)
  if (cpuinfo_has_x86_sse2()) flags |= xqnn_arch_x86_sse2;
  if (cpuinfo_has_x86_ssse3()) flags |= xqnn_arch_x86_ssse3;
  if (cpuinfo_has_x86_sse4_1()) flags |= xqnn_arch_x86_sse41;
  if (cpuinfo_has_x86_avx()) flags |= xqnn_arch_x86_avx;
  if (cpuinfo_has_x86_avx2()) flags |= xqnn_arch_x86_avx2;
  if (cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512cd() && cpuinfo_has_x86_avx512bw() &&
      cpuinfo_has_x86_avx512dq() && cpuinfo_has_x86_avx512vl()) {
    flags |= xqnn_arch_x86_avx512skx;
    if (cpuinfo_has_x86_avx512vnni()) flags |= xqnn_arch_x86_avx512vnni;
  }
#endif
  return flags;
}

void xqnn_init_hardware_config(void) {
  uint32_t detected = detect_arch_flags();
  // Tiers are cumulative: a tier is usable only when all tiers below it are.
  uint32_t usable = 0;
  size_t top = 0;
  for (size_t t = 1; t < XQNN_COUNT_OF(kX86Tiers); t++) {
    if ((detected & kX86Tiers[t].arch) != kX86Tiers[t].arch) break;
    usable |= kX86Tiers[t].arch;
    top = t;
  }
  const char* cap = getenv("XQNN_ISA");
  if (cap != NULL && cap[0] != '\0') {
    uint32_t capped = 0;
    size_t capped_top = 0;
    bool known = false;
    for (size_t t = 0; t <= top; t++) {
      capped |= kX86Tiers[t].arch;
      capped_top = t;
      if (strcmp(cap, kX86Tiers[t].name) == 0) {
        known = true;
        break;
      }
    }
    if (known) {
      usable = capped;
      top = capped_top;
    }
    // An unknown or unavailable tier name leaves the detected set in place.
  }
  hardware_config.arch_flags = usable;
  hardware_config.isa_name = kX86Tiers[top].name;
  hardware_config_ready = true;
}

const struct xqnn_hardware_config* xqnn_get_hardware_config(void) {
  return hardware_config_ready ? &hardware_config : NULL;
}

bool xqnn_arch_supported(uint32_t arch) {
  const struct xqnn_hardware_config* hw = xqnn_get_hardware_config();
  return hw != NULL && (hw->arch_flags & arch) == arch;
}
