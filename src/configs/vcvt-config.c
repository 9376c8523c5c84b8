// Converter configs: f32 <-> qs8 / qu8 (element-wise) and f32 / fp16 -> QD8
// (per row). Scalar on every CPU for now; the first .inc row each list has for
// this CPU, so a SIMD converter is one new row, best first.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct vcvt_row {
  uint32_t arch;
  struct xqnn_vcvt_config kernel;
};
struct qd8_vcvt_row {
  uint32_t arch;
  struct xqnn_qd8_vcvt_config kernel;
};

#define XQNN_UKERNEL(arch, fn, element_tile) {arch, {fn, element_tile}},
static const struct vcvt_row f32_qs8_rows[] = {
#include "f32-qs8-vcvt/f32-qs8-vcvt.inc"
};
static const struct vcvt_row f32_qu8_rows[] = {
#include "f32-qu8-vcvt/f32-qu8-vcvt.inc"
};
static const struct vcvt_row qs8_f32_rows[] = {
#include "qs8-f32-vcvt/qs8-f32-vcvt.inc"
};
static const struct vcvt_row qu8_f32_rows[] = {
#include "qu8-f32-vcvt/qu8-f32-vcvt.inc"
};
#undef XQNN_UKERNEL
#define XQNN_VCVT_UKERNEL(arch, fn) {arch, {fn}},
static const struct qd8_vcvt_row f32_qd8_rows[] = {
#include "f32-qd8-vcvt/f32-qd8-vcvt.inc"
};
static const struct qd8_vcvt_row f16_qd8_rows[] = {
#include "f16-qd8-vcvt/f16-qd8-vcvt.inc"
};
#undef XQNN_VCVT_UKERNEL

static struct xqnn_vcvt_config f32_qs8, f32_qu8, qs8_f32, qu8_f32;
static struct xqnn_qd8_vcvt_config f32_qd8, f16_qd8;
static bool ready;

// The first row of `rows` whose ISA this CPU has.
#define SELECT(config, rows)                                   \
  do {                                                         \
    size_t i = 0;                                              \
    while (i + 1 < XQNN_COUNT_OF(rows) && !xqnn_hardware_has(hardware, rows[i].arch)) i++; \
    assert(xqnn_hardware_has(hardware, rows[i].arch));          \
    config = rows[i].kernel;                                   \
  } while (0)

void xqnn_init_vcvt_configs(const struct xqnn_hardware_config* hardware) {
  SELECT(f32_qs8, f32_qs8_rows);
  SELECT(f32_qu8, f32_qu8_rows);
  SELECT(qs8_f32, qs8_f32_rows);
  SELECT(qu8_f32, qu8_f32_rows);
  SELECT(f32_qd8, f32_qd8_rows);
  SELECT(f16_qd8, f16_qd8_rows);
  ready = true;
}

const struct xqnn_vcvt_config* xqnn_get_f32_qs8_vcvt_config(void) { return ready ? &f32_qs8 : NULL; }
const struct xqnn_vcvt_config* xqnn_get_f32_qu8_vcvt_config(void) { return ready ? &f32_qu8 : NULL; }
const struct xqnn_vcvt_config* xqnn_get_qs8_f32_vcvt_config(void) { return ready ? &qs8_f32 : NULL; }
const struct xqnn_vcvt_config* xqnn_get_qu8_f32_vcvt_config(void) { return ready ? &qu8_f32 : NULL; }
const struct xqnn_qd8_vcvt_config* xqnn_get_f32_qd8_vcvt_config(void) { return ready ? &f32_qd8 : NULL; }
const struct xqnn_qd8_vcvt_config* xqnn_get_f16_qd8_vcvt_config(void) { return ready ? &f16_qd8 : NULL; }
