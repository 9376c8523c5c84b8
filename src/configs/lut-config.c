// x8-lut config: the first row of src/x8-lut/x8-lut.inc this CPU runs (best
// first, scalar last, as every CPU has it).
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct lut_row {
  uint32_t arch;
  struct xqnn_vcvt_config kernel;
};

#define XQNN_UKERNEL(arch, fn, element_tile) {arch, {fn, element_tile}},
static const struct lut_row rows[] = {
#include "x8-lut/x8-lut.inc"
};
#undef XQNN_UKERNEL

static struct xqnn_vcvt_config x8_lut;
static bool ready;

void xqnn_init_lut_configs(const struct xqnn_hardware_config* hardware) {
  size_t i = 0;
  while (i + 1 < XQNN_COUNT_OF(rows) && !xqnn_hardware_has(hardware, rows[i].arch)) i++;
  assert(xqnn_hardware_has(hardware, rows[i].arch));
  x8_lut = rows[i].kernel;
  ready = true;
}

const struct xqnn_vcvt_config* xqnn_get_x8_lut_config(void) { return ready ? &x8_lut : NULL; }
