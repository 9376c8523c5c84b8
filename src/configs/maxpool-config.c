// Max pooling configs of s8 and u8: the kernel of the best tier this CPU has
// (after the XQNN_ISA cap), with its channel tile from its .inc row.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct maxpool_row {
  uint32_t arch;
  struct xqnn_maxpool_config kernel;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {arch, {fn, channel_tile}},
static const struct maxpool_row rows[] = {
#include "s8-maxpool/s8-maxpool.inc"
#include "u8-maxpool/u8-maxpool.inc"
};
#undef XQNN_UKERNEL

// Best tier first; scalar last, as every CPU has it. SSE2 has no signed byte
// max (pmaxsb is SSE4.1), so its s8 kernel flips sign bits around pmaxub.
#if XQNN_ARCH_X86_64
#define S8_X86_CHOICES                                        \
  XQNN_IF_AVX2(xqnn_s8_maxpool_minmax_ukernel_c32__avx2,)     \
  XQNN_IF_SSE41(xqnn_s8_maxpool_minmax_ukernel_c16__sse41,)   \
  XQNN_IF_SSE2(xqnn_s8_maxpool_minmax_ukernel_c16__sse2,)
#define U8_X86_CHOICES                                        \
  XQNN_IF_AVX2(xqnn_u8_maxpool_minmax_ukernel_c32__avx2,)     \
  XQNN_IF_SSE2(xqnn_u8_maxpool_minmax_ukernel_c16__sse2,)
#else
#define S8_X86_CHOICES
#define U8_X86_CHOICES
#endif

static const xqnn_maxpool_ukernel_fn s8_choices[] = {S8_X86_CHOICES xqnn_s8_maxpool_minmax_ukernel_c1__scalar};
static const xqnn_maxpool_ukernel_fn u8_choices[] = {U8_X86_CHOICES xqnn_u8_maxpool_minmax_ukernel_c1__scalar};

static void select_maxpool(const struct xqnn_hardware_config* hardware, const xqnn_maxpool_ukernel_fn* choices,
                           size_t choice_count, struct xqnn_maxpool_config* config) {
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

static struct xqnn_maxpool_config s8, u8;
static bool ready;

void xqnn_init_maxpool_configs(const struct xqnn_hardware_config* hardware) {
  select_maxpool(hardware, s8_choices, XQNN_COUNT_OF(s8_choices), &s8);
  select_maxpool(hardware, u8_choices, XQNN_COUNT_OF(u8_choices), &u8);
  ready = true;
}

const struct xqnn_maxpool_config* xqnn_get_s8_maxpool_config(void) { return ready ? &s8 : NULL; }
const struct xqnn_maxpool_config* xqnn_get_u8_maxpool_config(void) { return ready ? &u8 : NULL; }
