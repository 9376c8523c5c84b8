// dwconv configs of every data type: for each, the unipass and multipass
// kernels of the best tier this CPU has (after the XQNN_ISA cap). Tiles come
// from the .inc rows of the chosen kernels.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"

struct dwconv_row {
  uint32_t arch;
  struct xqnn_dwconv_ukernel ukernel;
};

// A tier's kernels of one channel tile: unipass 9 and 25 taps, multipass
// 5f5m5l; and a unipass 9-tap kernel of a wider tile, or NULL.
struct dwconv_choice {
  xqnn_dwconv_ukernel_fn fns[3];
  xqnn_dwconv_ukernel_fn wide;
};

// (Nothing, when the compiler could not build the ISA's kernels.)
#define DWCONV_CHOICE_WITH(type, requantization, ct, isa, wide)                         \
  XQNN_IF_ISA_##isa({{xqnn_##type##_dwconv_##requantization##_ukernel_9p##ct##c__##isa,   \
                      xqnn_##type##_dwconv_##requantization##_ukernel_25p##ct##c__##isa,  \
                      xqnn_##type##_dwconv_##requantization##_ukernel_5f5m5l##ct##c__##isa}, \
                     wide},)
#define DWCONV_CHOICE(type, requantization, ct, isa) DWCONV_CHOICE_WITH(type, requantization, ct, isa, NULL)

#define XQNN_DWCONV_UKERNEL(arch, fn, ct, ft, mt, lt, pl, ql) {arch, {fn, ct, ft, mt, lt, pl, ql}},
static const struct dwconv_row qs8_qc8w_rows[] = {
#include "qs8-dwconv/qs8-qc8w-dwconv.inc"
#include "qs8-dwconv/qs8-qc8w-dwconv-tflite.inc"
};
static const struct dwconv_row qu8_rows[] = {
#include "qu8-dwconv/qu8-dwconv.inc"
#include "qu8-dwconv/qu8-dwconv-tflite.inc"
};
#undef XQNN_DWCONV_UKERNEL

// Each architecture's tiers, best first (empty elsewhere); the scalar tier
// closes every list, as every CPU has it. QS8-QC8W and QU8 share the tiles.
#if XQNN_ARCH_X86_64
// QS8-QC8W's 9-tap kernels sum int8 tap quads (vpdpbusd; QU8's weights less
// their zero point do not fit int8): 9p32c on 256-bit vectors, 9p64c (wide)
// on 512-bit ones, 20% faster per lane at 960 channels, twice the lanes at 32.
#define X86_QS8_QC8W_CHOICES                                                   \
  DWCONV_CHOICE_WITH(qs8_qc8w, minmax_fp32, 32, avx512vnni,                    \
                     xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_9p64c__avx512vnni) \
  X86_BELOW_VNNI_CHOICES(qs8_qc8w)
#define X86_QU8_CHOICES DWCONV_CHOICE(qu8, minmax_fp32, 32, avx512vnni) X86_BELOW_VNNI_CHOICES(qu8)
#define X86_BELOW_VNNI_CHOICES(type)                      \
  DWCONV_CHOICE(type, minmax_fp32, 32, avx512skx)         \
  DWCONV_CHOICE(type, minmax_fp32, 16, avx2)              \
  DWCONV_CHOICE(type, minmax_fp32, 8, sse41)              \
  DWCONV_CHOICE(type, minmax_fp32, 8, sse2)
// TFLite requantization needs 32x32 -> 64-bit signed products (pmuldq):
// SSE4.1 and up (below AVX2, per-lane shifts by pairs of shifts).
#define X86_QS8_QC8W_TFLITE_CHOICES                                              \
  DWCONV_CHOICE_WITH(qs8_qc8w, minmax_tflite, 32, avx512vnni,                    \
                     xqnn_qs8_qc8w_dwconv_minmax_tflite_ukernel_9p64c__avx512vnni) \
  X86_TFLITE_BELOW_VNNI_CHOICES(qs8_qc8w)
#define X86_QU8_TFLITE_CHOICES DWCONV_CHOICE(qu8, minmax_tflite, 32, avx512vnni) X86_TFLITE_BELOW_VNNI_CHOICES(qu8)
#define X86_TFLITE_BELOW_VNNI_CHOICES(type)               \
  DWCONV_CHOICE(type, minmax_tflite, 32, avx512skx)       \
  DWCONV_CHOICE(type, minmax_tflite, 16, avx2)          \
  DWCONV_CHOICE(type, minmax_tflite, 8, sse41)
#else
#define X86_QS8_QC8W_CHOICES
#define X86_QU8_CHOICES
#define X86_QS8_QC8W_TFLITE_CHOICES
#define X86_QU8_TFLITE_CHOICES
#endif
#if XQNN_ARCH_ARM64 || XQNN_ARCH_ARM
#define NEON_CHOICES(type) DWCONV_CHOICE(type, minmax_fp32, 8, neon)
#else
#define NEON_CHOICES(type)
#endif
#if XQNN_ARCH_WASMSIMD
#define WASM_CHOICES(type) DWCONV_CHOICE(type, minmax_fp32, 16, wasmsimd)
#else
#define WASM_CHOICES(type)
#endif
#define CHOICES(type, x86_choices) \
  {x86_choices NEON_CHOICES(type) WASM_CHOICES(type) DWCONV_CHOICE(type, minmax_fp32, 2, scalar)}
#define TFLITE_CHOICES(type, x86_choices) {x86_choices DWCONV_CHOICE(type, minmax_tflite, 2, scalar)}

static const struct dwconv_choice qs8_qc8w_choices[] = CHOICES(qs8_qc8w, X86_QS8_QC8W_CHOICES);
static const struct dwconv_choice qu8_choices[] = CHOICES(qu8, X86_QU8_CHOICES);
static const struct dwconv_choice qs8_qc8w_tflite_choices[] = TFLITE_CHOICES(qs8_qc8w, X86_QS8_QC8W_TFLITE_CHOICES);
static const struct dwconv_choice qu8_tflite_choices[] = TFLITE_CHOICES(qu8, X86_QU8_TFLITE_CHOICES);

static const struct dwconv_row* find_row(const struct dwconv_row* rows, size_t count, xqnn_dwconv_ukernel_fn fn) {
  for (size_t i = 0; i < count; i++) {
    if (rows[i].ukernel.fn == fn) return &rows[i];
  }
  return NULL;
}

// The first choice whose kernels this CPU runs: unipass kernels in increasing
// first-pass tile, then the multipass one (as xqnn_choose_dwconv_ukernel expects).
static void select_dwconv(const struct xqnn_hardware_config* hardware, const struct dwconv_row* rows,
                          size_t row_count, const struct dwconv_choice* choices, size_t choice_count,
                          struct xqnn_dwconv_config* config) {
  for (size_t i = 0; i < choice_count; i++) {
    const struct dwconv_row* first = find_row(rows, row_count, choices[i].fns[0]);
    assert(first != NULL);  // every choice names kernels of the family's list
    if (!xqnn_hardware_has(hardware, first->arch)) continue;
    config->count = 0;
    for (size_t k = 0; k < XQNN_COUNT_OF(choices[i].fns); k++) {
      const struct dwconv_row* row = find_row(rows, row_count, choices[i].fns[k]);
      assert(row != NULL && row->arch == first->arch);
      config->ukernels[config->count++] = row->ukernel;
    }
    config->wide = (struct xqnn_dwconv_ukernel) {0};
    if (choices[i].wide != NULL) {
      const struct dwconv_row* row = find_row(rows, row_count, choices[i].wide);
      assert(row != NULL && row->arch == first->arch && row->ukernel.middle_pass_tile == 0);
      config->wide = row->ukernel;
    }
    return;
  }
  assert(false);  // unreachable: the scalar choice runs everywhere
}

const struct xqnn_dwconv_ukernel* xqnn_choose_dwconv_ukernel(
    const struct xqnn_dwconv_config* config, size_t kernel_size, size_t channels) {
  assert(config->count != 0);
  const struct xqnn_dwconv_ukernel* wide = &config->wide;
  // Per lane the wide kernel is cheaper, not by enough to pay for a third
  // more lanes (MobileNet v2's 96 and 144 channels: 15% and 8% faster on the
  // 32-channel one, bench/README.md).
  if (wide->fn != NULL && kernel_size <= wide->first_pass_tile &&
      8 * xqnn_round_up(channels, wide->channel_tile) <= 9 * xqnn_round_up(channels, config->ukernels[0].channel_tile)) {
    return wide;
  }
  for (size_t i = 0; i < config->count; i++) {
    const struct xqnn_dwconv_ukernel* ukernel = &config->ukernels[i];
    if (ukernel->middle_pass_tile != 0 || kernel_size <= ukernel->first_pass_tile) return ukernel;
  }
  return &config->ukernels[config->count - 1];
}

static struct xqnn_dwconv_config qs8_qc8w, qu8, qs8_qc8w_tflite, qu8_tflite;
static bool ready;

#define SELECT(config, rows, choices) \
  select_dwconv(hardware, rows, XQNN_COUNT_OF(rows), choices, XQNN_COUNT_OF(choices), &config)

void xqnn_init_dwconv_configs(const struct xqnn_hardware_config* hardware) {
  SELECT(qs8_qc8w, qs8_qc8w_rows, qs8_qc8w_choices);
  SELECT(qu8, qu8_rows, qu8_choices);
  SELECT(qs8_qc8w_tflite, qs8_qc8w_rows, qs8_qc8w_tflite_choices);
  SELECT(qu8_tflite, qu8_rows, qu8_tflite_choices);
  ready = true;
}

const struct xqnn_dwconv_config* xqnn_get_qs8_qc8w_dwconv_config(void) { return ready ? &qs8_qc8w : NULL; }
const struct xqnn_dwconv_config* xqnn_get_qu8_dwconv_config(void) { return ready ? &qu8 : NULL; }
const struct xqnn_dwconv_config* xqnn_get_qs8_qc8w_tflite_dwconv_config(void) { return ready ? &qs8_qc8w_tflite : NULL; }
const struct xqnn_dwconv_config* xqnn_get_qu8_tflite_dwconv_config(void) { return ready ? &qu8_tflite : NULL; }
