// CPU feature detection (cpuinfo) and the ISA tier tables, capped by the
// XQNN_ISA environment variable.
#if defined(__linux__)
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // sched_getaffinity, CPU_COUNT
#endif
#include <sched.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xqnn/arch.h"
#if XQNN_HAVE_CPUINFO
#include <cpuinfo.h>
#endif
#if defined(__linux__) && (XQNN_ARCH_ARM64 || XQNN_ARCH_ARM)
#include <sys/auxv.h>
#endif

#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/hardware-config-init.h"
#if !XQNN_ARCH_WASM
#include <unistd.h>
#endif

// Each architecture's tiers, lowest first: a tier needs every feature of its
// set. XQNN_ISA=<name> caps the choice at that tier.
#define X86_SSE2 xqnn_arch_x86_sse2
#define X86_SSSE3 (X86_SSE2 | xqnn_arch_x86_ssse3)
#define X86_SSE41 (X86_SSSE3 | xqnn_arch_x86_sse41)
#define X86_AVX (X86_SSE41 | xqnn_arch_x86_avx)
#define X86_AVX2 (X86_AVX | xqnn_arch_x86_avx2)
#define X86_AVX512SKX (X86_AVX2 | xqnn_arch_x86_avx512skx)
#define X86_AVX512VNNI (X86_AVX512SKX | xqnn_arch_x86_avx512vnni)
static const struct xqnn_isa_tier x86_tiers[] = {
    {"scalar", 0},
    {"sse2", X86_SSE2},
    {"ssse3", X86_SSSE3},
    {"sse41", X86_SSE41},
    {"avx", X86_AVX},
    {"avx2", X86_AVX2},
    {"avx512skx", X86_AVX512SKX},
    {"avx512vnni", X86_AVX512VNNI},
};
#define ARM_NEON xqnn_arch_arm_neon
#define ARM_NEONDOT (ARM_NEON | xqnn_arch_arm_neon_dot)
static const struct xqnn_isa_tier aarch64_tiers[] = {
    {"scalar", 0},
    {"neon", ARM_NEON},
    {"neondot", ARM_NEONDOT},
    {"neoni8mm", ARM_NEONDOT | xqnn_arch_arm_neon_i8mm},
};
static const struct xqnn_isa_tier armv7_tiers[] = {
    {"scalar", 0},
    {"neon", ARM_NEON},
    {"neondot", ARM_NEONDOT},
};
static const struct xqnn_isa_tier wasm32_tiers[] = {
    {"scalar", 0},
    {"wasmsimd", xqnn_arch_wasm_simd},
};

struct architecture {
  const char* name;
  const struct xqnn_isa_tier* tiers;
  size_t count;
};
#define ARCHITECTURE(name, tiers) {name, tiers, XQNN_COUNT_OF(tiers)}
static const struct architecture architectures[] = {
    ARCHITECTURE("x86-64", x86_tiers),
    ARCHITECTURE("aarch64", aarch64_tiers),
    ARCHITECTURE("armv7", armv7_tiers),
    ARCHITECTURE("wasm32", wasm32_tiers),
};

#if XQNN_ARCH_X86_64
static const struct architecture* const this_architecture = &architectures[0];
#elif XQNN_ARCH_ARM64
static const struct architecture* const this_architecture = &architectures[1];
#elif XQNN_ARCH_ARM
static const struct architecture* const this_architecture = &architectures[2];
#elif XQNN_ARCH_WASM
static const struct architecture* const this_architecture = &architectures[3];
#else  // 32-bit x86 and other architectures: the portable kernels only
static const struct xqnn_isa_tier scalar_tiers[] = {
    {"scalar", 0},
};
static const struct architecture scalar_only = ARCHITECTURE("generic", scalar_tiers);
static const struct architecture* const this_architecture = &scalar_only;
#endif

static struct xqnn_hardware_config hardware_config;
static size_t detected_tier_count;
static bool hardware_config_ready;

static uint32_t detect_arch_flags(void) {
  uint32_t flags = 0;
#if XQNN_ARCH_X86_64 && XQNN_HAVE_CPUINFO
  // A tier whose kernels the compiler could not build (XQNN_HAVE_<ISA>_FLAGS
  // 0) is never detected: its tests skip, and the tier below is used.
  if (XQNN_HAVE_SSE2_FLAGS && cpuinfo_has_x86_sse2()) flags |= xqnn_arch_x86_sse2;
  if (XQNN_HAVE_SSSE3_FLAGS && cpuinfo_has_x86_ssse3()) flags |= xqnn_arch_x86_ssse3;
  if (XQNN_HAVE_SSE41_FLAGS && cpuinfo_has_x86_sse4_1()) flags |= xqnn_arch_x86_sse41;
  if (XQNN_HAVE_AVX_FLAGS && cpuinfo_has_x86_avx()) flags |= xqnn_arch_x86_avx;
  if (XQNN_HAVE_AVX2_FLAGS && cpuinfo_has_x86_avx2()) flags |= xqnn_arch_x86_avx2;
  if (XQNN_HAVE_AVX512SKX_FLAGS && cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512cd() &&
      cpuinfo_has_x86_avx512bw() && cpuinfo_has_x86_avx512dq() && cpuinfo_has_x86_avx512vl()) {
    flags |= xqnn_arch_x86_avx512skx;
    if (XQNN_HAVE_AVX512VNNI_FLAGS && cpuinfo_has_x86_avx512vnni()) flags |= xqnn_arch_x86_avx512vnni;
  }
#elif (XQNN_ARCH_ARM64 || XQNN_ARCH_ARM) && XQNN_HAVE_CPUINFO
  if (cpuinfo_has_arm_neon()) flags |= xqnn_arch_arm_neon;
  if (cpuinfo_has_arm_neon_dot()) flags |= xqnn_arch_arm_neon_dot;
  if (cpuinfo_has_arm_neon_fp16_arith()) flags |= xqnn_arch_arm_neon_fp16_arith;
#if XQNN_ARCH_ARM64 && defined(__linux__)
  // Debian's cpuinfo has no i8mm query; the kernel's HWCAP2_I8MM bit is (1 << 13).
  if ((getauxval(AT_HWCAP2) & (UINT64_C(1) << 13)) != 0) flags |= xqnn_arch_arm_neon_i8mm;
#endif
#elif XQNN_ARCH_WASM && defined(__wasm_simd128__)
  // wasm32 has no run-time feature query: the ISA is fixed when the library is built.
  flags |= xqnn_arch_wasm_simd;
#endif
  return flags;
}

static size_t count_usable_processors(void) {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return (size_t) CPU_COUNT(&set);
#endif
#if !XQNN_ARCH_WASM
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (online > 0) return (size_t) online;
#endif
  return 1;
}

// The tier named `name` in `arch`, or NULL.
static const struct xqnn_isa_tier* find_tier(const struct architecture* arch, const char* name, size_t* index) {
  for (size_t t = 0; t < arch->count; t++) {
    if (strcmp(arch->tiers[t].name, name) == 0) {
      *index = t;
      return &arch->tiers[t];
    }
  }
  return NULL;
}

enum xqnn_status xqnn_init_hardware_config(void) {
  const uint32_t detected = detect_arch_flags();
  // The best tier whose features this CPU has all of.
  size_t top = 0;
  for (size_t t = 1; t < this_architecture->count; t++) {
    const uint32_t needs = this_architecture->tiers[t].arch_flags;
    if ((detected & needs) == needs) top = t;
  }
  detected_tier_count = top + 1;
  const char* cap = getenv("XQNN_ISA");
  if (cap != NULL && cap[0] != '\0') {
    size_t index = 0;
    if (find_tier(this_architecture, cap, &index) == NULL) {
      // Never a silent fallback: a misspelled tier would quietly run the best one.
      const char* foreign = NULL;
      for (size_t a = 0; a < XQNN_COUNT_OF(architectures); a++) {
        size_t unused;
        if (foreign == NULL && &architectures[a] != this_architecture && find_tier(&architectures[a], cap, &unused) != NULL) {
          foreign = architectures[a].name;
        }
      }
      fprintf(stderr, "xqnn_initialize: XQNN_ISA=%s is %s%s; the %s tiers are:", cap,
              foreign != NULL ? "a tier of " : "not an ISA tier",
              foreign != NULL ? foreign : "", this_architecture->name);
      for (size_t t = 0; t < this_architecture->count; t++) fprintf(stderr, " %s", this_architecture->tiers[t].name);
      fprintf(stderr, "\n");
      return xqnn_status_unsupported_hardware;
    }
    // A cap above what the CPU has leaves the CPU's best tier.
    if (index < top) top = index;
  }
  hardware_config.arch_flags = this_architecture->tiers[top].arch_flags;
  hardware_config.isa_name = this_architecture->tiers[top].name;
  hardware_config.processor_count = count_usable_processors();
  hardware_config_ready = true;
  return xqnn_status_success;
}

const struct xqnn_hardware_config* xqnn_get_hardware_config(void) {
  return hardware_config_ready ? &hardware_config : NULL;
}

bool xqnn_arch_supported(uint32_t arch) {
  const struct xqnn_hardware_config* hw = xqnn_get_hardware_config();
  return hw != NULL && xqnn_hardware_has(hw, arch);
}

const struct xqnn_isa_tier* xqnn_isa_tiers(size_t* count) {
  *count = this_architecture->count;
  return this_architecture->tiers;
}

size_t xqnn_detected_isa_tier_count(void) { return detected_tier_count; }
