// Average pooling configs of QS8 and QU8: the kernel of the best tier this CPU
// has (after the XQNN_ISA cap), with its channel tile from its .inc row.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct avgpool_row {
  uint32_t arch;
  struct xqnn_avgpool_config kernel;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {arch, {fn, channel_tile}},
static const struct avgpool_row rows[] = {
#include "qs8-avgpool/qs8-avgpool.inc"
#include "qu8-avgpool/qu8-avgpool.inc"
};
#undef XQNN_UKERNEL

// Best tier first; scalar last, as every CPU has it.
#if XQNN_ARCH_X86_64
#define X86_CHOICES(type)                                                  \
  XQNN_IF_AVX512SKX(xqnn_##type##_avgpool_minmax_fp32_ukernel_c32__avx512skx,) \
  XQNN_IF_AVX2(xqnn_##type##_avgpool_minmax_fp32_ukernel_c32__avx2,)      \
  XQNN_IF_SSE41(xqnn_##type##_avgpool_minmax_fp32_ukernel_c16__sse41,)    \
  XQNN_IF_SSE2(xqnn_##type##_avgpool_minmax_fp32_ukernel_c8__sse2,)
#else
#define X86_CHOICES(type)
#endif
#define CHOICES(type) {X86_CHOICES(type) xqnn_##type##_avgpool_minmax_fp32_ukernel_c1__scalar}

static const xqnn_avgpool_ukernel_fn qs8_choices[] = CHOICES(qs8);
static const xqnn_avgpool_ukernel_fn qu8_choices[] = CHOICES(qu8);

static void select_avgpool(const struct xqnn_hardware_config* hardware, const xqnn_avgpool_ukernel_fn* choices,
                           size_t choice_count, struct xqnn_avgpool_config* config) {
  for (size_t i = 0; i < choice_count; i++) {
    for (size_t r = 0; r < XQNN_COUNT_OF(rows); r++) {
      if (rows[r].kernel.ukernel == choices[i] && xqnn_hardware_has(hardware, rows[r].arch)) {
        *config = rows[r].kernel;
        return;
      }
    }
  }
  assert(false);  // unreachable: the scalar choice runs everywhere
}

static struct xqnn_avgpool_config qs8, qu8;
static bool ready;

void xqnn_init_avgpool_configs(const struct xqnn_hardware_config* hardware) {
  select_avgpool(hardware, qs8_choices, XQNN_COUNT_OF(qs8_choices), &qs8);
  select_avgpool(hardware, qu8_choices, XQNN_COUNT_OF(qu8_choices), &qu8);
  ready = true;
}

const struct xqnn_avgpool_config* xqnn_get_qs8_avgpool_config(void) { return ready ? &qs8 : NULL; }
const struct xqnn_avgpool_config* xqnn_get_qu8_avgpool_config(void) { return ready ? &qu8 : NULL; }
