// Global average pooling configs of QS8 and QU8: for each, the unipass and
// multipass kernels of the best tier this CPU has (after the XQNN_ISA cap).
// Tiles come from the .inc row of the chosen kernels.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct gavgpool_row {
  uint32_t arch;
  struct xqnn_gavgpool_config kernels;
};

#define XQNN_GAVGPOOL_UKERNEL(arch, unipass, multipass, row_tile, channel_tile) \
  {arch, {unipass, multipass, row_tile, channel_tile}},
static const struct gavgpool_row rows[] = {
#include "qs8-gavgpool/qs8-gavgpool.inc"
#include "qu8-gavgpool/qu8-gavgpool.inc"
};
#undef XQNN_GAVGPOOL_UKERNEL

// Best tier first (by the unipass kernel of each); scalar last, as every CPU has it.
#if XQNN_ARCH_X86_64
#define X86_CHOICES(type)                                                       \
  XQNN_IF_AVX512SKX(xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c32__avx512skx,) \
  XQNN_IF_AVX2(xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c32__avx2,)           \
  XQNN_IF_SSE41(xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c16__sse41,)         \
  XQNN_IF_SSE2(xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c8__sse2,)
#else
#define X86_CHOICES(type)
#endif
#if XQNN_ARCH_ARM64 || XQNN_ARCH_ARM
#define ARM_CHOICES(type) xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c16__neon,
#else
#define ARM_CHOICES(type)
#endif
#if XQNN_ARCH_WASMSIMD
#define WASM_CHOICES(type) xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c16__wasmsimd,
#else
#define WASM_CHOICES(type)
#endif
#define CHOICES(type) \
  {X86_CHOICES(type) ARM_CHOICES(type) WASM_CHOICES(type) xqnn_##type##_gavgpool_minmax_fp32_ukernel_7x_c4__scalar}

static const xqnn_gavgpool_unipass_ukernel_fn qs8_choices[] = CHOICES(qs8);
static const xqnn_gavgpool_unipass_ukernel_fn qu8_choices[] = CHOICES(qu8);

static void select_gavgpool(const struct xqnn_hardware_config* hardware, const xqnn_gavgpool_unipass_ukernel_fn* choices,
                            size_t choice_count, struct xqnn_gavgpool_config* config) {
  for (size_t i = 0; i < choice_count; i++) {
    for (size_t r = 0; r < XQNN_COUNT_OF(rows); r++) {
      if (rows[r].kernels.unipass == choices[i] && xqnn_hardware_has(hardware, rows[r].arch)) {
        *config = rows[r].kernels;
        return;
      }
    }
  }
  assert(false);  // unreachable: the scalar choice runs everywhere
}

static struct xqnn_gavgpool_config qs8, qu8;
static bool ready;

void xqnn_init_gavgpool_configs(const struct xqnn_hardware_config* hardware) {
  select_gavgpool(hardware, qs8_choices, XQNN_COUNT_OF(qs8_choices), &qs8);
  select_gavgpool(hardware, qu8_choices, XQNN_COUNT_OF(qu8_choices), &qu8);
  ready = true;
}

const struct xqnn_gavgpool_config* xqnn_get_qs8_gavgpool_config(void) { return ready ? &qs8 : NULL; }
const struct xqnn_gavgpool_config* xqnn_get_qu8_gavgpool_config(void) { return ready ? &qu8 : NULL; }
