// vadd / vaddc and vmul / vmulc configs of QS8 and QU8: for each, the kernels
// of the best tier this CPU has (after the XQNN_ISA cap). The element tile
// comes from the .inc row of the chosen kernel.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/microkernels.h"

struct vbinary_row {
  uint32_t arch;
  xqnn_vbinary_ukernel_fn fn;
  uint8_t element_tile;
};

// A tier's pair: op on two rows, and op with input b broadcast.
struct vbinary_choice {
  xqnn_vbinary_ukernel_fn op, opc;
};

// (Nothing, when the compiler could not build the ISA's kernels.)
#define VBINARY_CHOICE(type, op, requantization, tile, isa)                     \
  XQNN_IF_ISA_##isa({xqnn_##type##_##op##_##requantization##_ukernel_##tile##__##isa, \
                     xqnn_##type##_##op##c_##requantization##_ukernel_##tile##__##isa},)

#define XQNN_UKERNEL(arch, fn, element_tile) {arch, fn, element_tile},
static const struct vbinary_row rows[] = {
#include "qs8-vadd/qs8-vadd.inc"
#include "qs8-vaddc/qs8-vaddc.inc"
#include "qu8-vadd/qu8-vadd.inc"
#include "qu8-vaddc/qu8-vaddc.inc"
#include "qs8-vmul/qs8-vmul.inc"
#include "qs8-vmulc/qs8-vmulc.inc"
#include "qu8-vmul/qu8-vmul.inc"
#include "qu8-vmulc/qu8-vmulc.inc"
#include "qs8-vadd/qs8-vadd-tflite.inc"
#include "qs8-vaddc/qs8-vaddc-tflite.inc"
#include "qu8-vadd/qu8-vadd-tflite.inc"
#include "qu8-vaddc/qu8-vaddc-tflite.inc"
#include "s8-vmax/s8-vmax.inc"
#include "s8-vmaxc/s8-vmaxc.inc"
#include "s8-vmin/s8-vmin.inc"
#include "s8-vminc/s8-vminc.inc"
#include "u8-vmax/u8-vmax.inc"
#include "u8-vmaxc/u8-vmaxc.inc"
#include "u8-vmin/u8-vmin.inc"
#include "u8-vminc/u8-vminc.inc"
#include "qs16-vadd/qs16-vadd.inc"
#include "qs16-vaddc/qs16-vaddc.inc"
#include "qs16-vmul/qs16-vmul.inc"
#include "qs16-vmulc/qs16-vmulc.inc"
};
#undef XQNN_UKERNEL

// Best tier first; the scalar tier last, as every CPU has it. Scalar uses x1:
// compilers vectorize its loop, 2-4x faster than x2 / x4 (elementwise-bench).
#if XQNN_ARCH_X86_64
#define X86_CHOICES(type, op)                             \
  VBINARY_CHOICE(type, op, minmax_fp32, x32, avx512skx)   \
  VBINARY_CHOICE(type, op, minmax_fp32, x16, avx2)        \
  VBINARY_CHOICE(type, op, minmax_fp32, x16, sse41)       \
  VBINARY_CHOICE(type, op, minmax_fp32, x8, sse2)
#else
#define X86_CHOICES(type, op)
#endif
#if XQNN_ARCH_ARM64 || XQNN_ARCH_ARM
#define ARM_CHOICES(type, op) VBINARY_CHOICE(type, op, minmax_fp32, x16, neon)
#else
#define ARM_CHOICES(type, op)
#endif
#if XQNN_ARCH_WASMSIMD
#define WASM_CHOICES(type, op) VBINARY_CHOICE(type, op, minmax_fp32, x16, wasmsimd)
#else
#define WASM_CHOICES(type, op)
#endif
#define CHOICES(type, op) \
  {X86_CHOICES(type, op) ARM_CHOICES(type, op) WASM_CHOICES(type, op) VBINARY_CHOICE(type, op, minmax_fp32, x1, scalar)}

static const struct vbinary_choice qs8_vadd_choices[] = CHOICES(qs8, vadd);
static const struct vbinary_choice qu8_vadd_choices[] = CHOICES(qu8, vadd);
static const struct vbinary_choice qs8_vmul_choices[] = CHOICES(qs8, vmul);
static const struct vbinary_choice qu8_vmul_choices[] = CHOICES(qu8, vmul);
// TFLite's fixed-point ADD needs 32x32 -> 64-bit signed products (pmuldq):
// SSE4.1 and up, else scalar.
#if XQNN_ARCH_X86_64
#define X86_TFLITE_CHOICES(type)                             \
  VBINARY_CHOICE(type, vadd, minmax_tflite, x32, avx512skx)  \
  VBINARY_CHOICE(type, vadd, minmax_tflite, x16, avx2)       \
  VBINARY_CHOICE(type, vadd, minmax_tflite, x16, sse41)
#else
#define X86_TFLITE_CHOICES(type)
#endif
static const struct vbinary_choice qs8_vadd_tflite_choices[] = {
    X86_TFLITE_CHOICES(qs8) VBINARY_CHOICE(qs8, vadd, minmax_tflite, x4, scalar)};
static const struct vbinary_choice qu8_vadd_tflite_choices[] = {
    X86_TFLITE_CHOICES(qu8) VBINARY_CHOICE(qu8, vadd, minmax_tflite, x4, scalar)};

// Maximum / minimum compare bytes: SSE2 has pmaxub / pminub (and, with a
// sign flip, the int8 comparisons); SSE4.1 adds pmaxsb / pminsb for int8.
#define VMINMAX_CHOICE(type, op, tile, isa) \
  XQNN_IF_ISA_##isa({xqnn_##type##_##op##_ukernel_##tile##__##isa, xqnn_##type##_##op##c_ukernel_##tile##__##isa},)
#if XQNN_ARCH_X86_64
#define X86_S8_VMINMAX_CHOICES(op) \
  VMINMAX_CHOICE(s8, op, x32, avx2) VMINMAX_CHOICE(s8, op, x16, sse41) VMINMAX_CHOICE(s8, op, x16, sse2)
#define X86_U8_VMINMAX_CHOICES(op) VMINMAX_CHOICE(u8, op, x32, avx2) VMINMAX_CHOICE(u8, op, x16, sse2)
#else
#define X86_S8_VMINMAX_CHOICES(op)
#define X86_U8_VMINMAX_CHOICES(op)
#endif
static const struct vbinary_choice s8_vmax_choices[] = {X86_S8_VMINMAX_CHOICES(vmax) VMINMAX_CHOICE(s8, vmax, x1, scalar)};
static const struct vbinary_choice s8_vmin_choices[] = {X86_S8_VMINMAX_CHOICES(vmin) VMINMAX_CHOICE(s8, vmin, x1, scalar)};
static const struct vbinary_choice u8_vmax_choices[] = {X86_U8_VMINMAX_CHOICES(vmax) VMINMAX_CHOICE(u8, vmax, x1, scalar)};
static const struct vbinary_choice u8_vmin_choices[] = {X86_U8_VMINMAX_CHOICES(vmin) VMINMAX_CHOICE(u8, vmin, x1, scalar)};
// QS16: TFLite's int16 ADD and MUL, scalar on every CPU.
static const struct vbinary_choice qs16_vadd_choices[] = {VBINARY_CHOICE(qs16, vadd, minmax_tflite, x4, scalar)};
static const struct vbinary_choice qs16_vmul_choices[] = {VBINARY_CHOICE(qs16, vmul, minmax_tflite, x4, scalar)};

static const struct vbinary_row* find_row(xqnn_vbinary_ukernel_fn fn) {
  for (size_t i = 0; i < XQNN_COUNT_OF(rows); i++) {
    if (rows[i].fn == fn) return &rows[i];
  }
  return NULL;
}

static void select_vbinary(const struct xqnn_hardware_config* hardware, const struct vbinary_choice* choices,
                           size_t choice_count, struct xqnn_vbinary_config* config) {
  for (size_t i = 0; i < choice_count; i++) {
    const struct vbinary_row* row = find_row(choices[i].op);
    const struct vbinary_row* row_c = find_row(choices[i].opc);
    assert(row != NULL && row_c != NULL);  // every choice names kernels of the lists
    if (!xqnn_hardware_has(hardware, row->arch)) continue;
    assert(row_c->arch == row->arch && row_c->element_tile == row->element_tile);
    (void) row_c;
    *config = (struct xqnn_vbinary_config){choices[i].op, choices[i].opc, row->element_tile};
    return;
  }
  assert(false);  // unreachable: the scalar choice runs everywhere
}

static struct xqnn_vbinary_config qs8_vadd, qu8_vadd, qs8_vmul, qu8_vmul, qs8_vadd_tflite, qu8_vadd_tflite,
    qs16_vadd, qs16_vmul;
static struct xqnn_vbinary_config s8_vmax, s8_vmin, u8_vmax, u8_vmin;
static bool ready;

#define SELECT(config, choices) select_vbinary(hardware, choices, XQNN_COUNT_OF(choices), &config)

void xqnn_init_vbinary_configs(const struct xqnn_hardware_config* hardware) {
  SELECT(qs8_vadd, qs8_vadd_choices);
  SELECT(qu8_vadd, qu8_vadd_choices);
  SELECT(qs8_vmul, qs8_vmul_choices);
  SELECT(qu8_vmul, qu8_vmul_choices);
  SELECT(qs8_vadd_tflite, qs8_vadd_tflite_choices);
  SELECT(qu8_vadd_tflite, qu8_vadd_tflite_choices);
  SELECT(s8_vmax, s8_vmax_choices);
  SELECT(s8_vmin, s8_vmin_choices);
  SELECT(u8_vmax, u8_vmax_choices);
  SELECT(u8_vmin, u8_vmin_choices);
  SELECT(qs16_vadd, qs16_vadd_choices);
  SELECT(qs16_vmul, qs16_vmul_choices);
  ready = true;
}

const struct xqnn_vbinary_config* xqnn_get_qs8_vadd_config(void) { return ready ? &qs8_vadd : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qu8_vadd_config(void) { return ready ? &qu8_vadd : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qs8_vmul_config(void) { return ready ? &qs8_vmul : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qu8_vmul_config(void) { return ready ? &qu8_vmul : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qs8_tflite_vadd_config(void) { return ready ? &qs8_vadd_tflite : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qu8_tflite_vadd_config(void) { return ready ? &qu8_vadd_tflite : NULL; }
const struct xqnn_vbinary_config* xqnn_get_s8_vmax_config(void) { return ready ? &s8_vmax : NULL; }
const struct xqnn_vbinary_config* xqnn_get_s8_vmin_config(void) { return ready ? &s8_vmin : NULL; }
const struct xqnn_vbinary_config* xqnn_get_u8_vmax_config(void) { return ready ? &u8_vmax : NULL; }
const struct xqnn_vbinary_config* xqnn_get_u8_vmin_config(void) { return ready ? &u8_vmin : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qs16_vadd_config(void) { return ready ? &qs16_vadd : NULL; }
const struct xqnn_vbinary_config* xqnn_get_qs16_vmul_config(void) { return ready ? &qs16_vmul : NULL; }
