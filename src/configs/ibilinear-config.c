// Bilinear-interpolation config of S8: the kernel of the best tier this CPU
// has (after the XQNN_ISA cap), with its channel tile from its .inc row.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct ibilinear_row {
  uint32_t arch;
  struct xqnn_ibilinear_config kernel;
};

#define XQNN_UKERNEL(arch, fn, channel_tile) {arch, {fn, channel_tile}},
static const struct ibilinear_row rows[] = {
#include "s8-ibilinear/s8-ibilinear.inc"
};
#undef XQNN_UKERNEL

// Best tier first; scalar last, as every CPU has it.
#if XQNN_ARCH_X86_64
#define X86_CHOICES                                                  \
  XQNN_IF_AVX512SKX(xqnn_s8_ibilinear_ukernel_c32__avx512skx,)       \
  XQNN_IF_AVX2(xqnn_s8_ibilinear_ukernel_c16__avx2,)
#else
#define X86_CHOICES
#endif
static const xqnn_ibilinear_ukernel_fn choices[] = {X86_CHOICES xqnn_s8_ibilinear_ukernel_c1__scalar};

static struct xqnn_ibilinear_config s8;
static bool ready;

void xqnn_init_ibilinear_configs(const struct xqnn_hardware_config* hardware) {
  for (size_t i = 0; i < XQNN_COUNT_OF(choices) && !ready; i++) {
    for (size_t r = 0; r < XQNN_COUNT_OF(rows); r++) {
      if (rows[r].kernel.ukernel == choices[i] && xqnn_hardware_has(hardware, rows[r].arch)) {
        s8 = rows[r].kernel;
        ready = true;
        break;
      }
    }
  }
  assert(ready);  // the scalar choice runs everywhere
}

const struct xqnn_ibilinear_config* xqnn_get_s8_ibilinear_config(void) { return ready ? &s8 : NULL; }
