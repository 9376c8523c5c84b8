// gemm + igemm configs of every data type: for each, the kernels of the best
// tier this CPU has (after the XQNN_ISA cap), twice: for weights in [-127, 127]
// and for int8 weights that hold -128 ("full range": only kernels whose .inc
// rows say full_range, DESIGN.md section 1). Tiles come from the .inc rows of
// the chosen kernels, never restated here.
#include <assert.h>
#include <stddef.h>

#include "xqnn/arch.h"
#include "xqnn/common.h"
#include "xqnn/config.h"
#include "xqnn/math.h"
#include "xqnn/microkernels.h"

struct gemm_row {
  uint32_t arch;
  xqnn_gemm_ukernel_fn fn;
  uint8_t mr, nr, kr, sr;
  uint8_t weights;  // the .inc column: 0 int8 in [-127, 127], 1 any int8, 2 any int8 packed as int16
};

// A tier's four kernels: MR-row and 1-row gemm and igemm of one tile.
struct gemm_choice {
  xqnn_gemm_ukernel_fn gemm, gemm1;
  xqnn_igemm_ukernel_fn igemm, igemm1;
};

// (Nothing, when the compiler could not build the ISA's kernels.)
#define GEMM_CHOICE(type, requantization, tile, tile1, isa)                   \
  XQNN_IF_ISA_##isa({xqnn_##type##_gemm_##requantization##_ukernel_##tile##__##isa,   \
                     xqnn_##type##_gemm_##requantization##_ukernel_##tile1##__##isa,  \
                     xqnn_##type##_igemm_##requantization##_ukernel_##tile##__##isa,  \
                     xqnn_##type##_igemm_##requantization##_ukernel_##tile1##__##isa},)

#define XQNN_UKERNEL(arch, fn, mr, nr, kr, sr, weights) {arch, fn, mr, nr, kr, sr, weights},
static const struct gemm_row qs8_qc8w_rows[] = {
#include "qs8-gemm/qs8-qc8w-gemm.inc"
#include "qs8-gemm/qs8-qc8w-gemm-tflite.inc"
};
static const struct gemm_row qu8_rows[] = {
#include "qu8-gemm/qu8-gemm.inc"
#include "qu8-gemm/qu8-gemm-tflite.inc"
};
static const struct gemm_row qs16_qc8w_rows[] = {
#include "qs16-gemm/qs16-qc8w-gemm.inc"
};
static const struct gemm_row qd8_f32_rows[] = {
#include "qd8-f32-gemm/qd8-f32-qc8w-gemm.inc"
};
static const struct gemm_row qd8_f16_rows[] = {
#include "qd8-f16-gemm/qd8-f16-qc8w-gemm.inc"
};
#undef XQNN_UKERNEL

// Each architecture's tiers, best first (empty elsewhere); the scalar tier
// closes every list, as every CPU has it.
#if XQNN_ARCH_X86_64
#define X86_SKX_CHOICE(type, rq) GEMM_CHOICE(type, rq, 4x16c8, 1x16c8, avx512skx)
#define X86_BELOW_AVX2_CHOICES(type, rq)                    \
  GEMM_CHOICE(type, rq, 3x4c8, 1x4c8, avx)                  \
  GEMM_CHOICE(type, rq, 3x4c8, 1x4c8, sse41)                \
  GEMM_CHOICE(type, rq, 3x4c8, 1x4c8, sse2)
// int8 weights (QS8-QC8W, QD8): vpdpbusd; on AVX2 pairs of int16 weights
// widened at pack time (vpmaddwd); for operators that want byte weights,
// vpmaddubsw on |a| and sign-transferred weights in [-127, 127], else c8.
#define X86_INT8_WEIGHT_CHOICES(type, rq)                   \
  GEMM_CHOICE(type, rq, 7x32c4, 1x32c4, avx512vnni)         \
  X86_SKX_CHOICE(type, rq)                                  \
  GEMM_CHOICE(type, rq, 5x16c2, 1x16c2, avx2_w16)           \
  GEMM_CHOICE(type, rq, 5x16c4, 1x16c4, avx2_madd)          \
  GEMM_CHOICE(type, rq, 3x8c8, 1x8c8, avx2)                 \
  X86_BELOW_AVX2_CHOICES(type, rq)
// QU8 on AVX2: both sides widened to int16 (the weights less their zero
// point at pack time, or in the loop for byte weights), 8 whole columns per
// accumulator.
#define X86_QU8_CHOICES(rq)                                 \
  GEMM_CHOICE(qu8, rq, 7x32c4, 1x32c4, avx512vnni)          \
  X86_SKX_CHOICE(qu8, rq)                                   \
  GEMM_CHOICE(qu8, rq, 5x16c2, 1x16c2, avx2_w16)            \
  GEMM_CHOICE(qu8, rq, 5x16c2, 1x16c2, avx2)                \
  X86_BELOW_AVX2_CHOICES(qu8, rq)
// TFLite requantization needs 32x32 -> 64-bit signed products (pmuldq):
// SSE4.1 and up (below AVX2, per-lane shifts by pairs of shifts).
#define X86_BELOW_AVX2_TFLITE_CHOICES(type)                                \
  GEMM_CHOICE(type, minmax_tflite, 3x4c8, 1x4c8, avx)                      \
  GEMM_CHOICE(type, minmax_tflite, 3x4c8, 1x4c8, sse41)
#define X86_QS8_TFLITE_CHOICES                                             \
  GEMM_CHOICE(qs8_qc8w, minmax_tflite, 7x32c4, 1x32c4, avx512vnni)         \
  GEMM_CHOICE(qs8_qc8w, minmax_tflite, 4x16c8, 1x16c8, avx512skx)          \
  GEMM_CHOICE(qs8_qc8w, minmax_tflite, 5x16c2, 1x16c2, avx2_w16)           \
  GEMM_CHOICE(qs8_qc8w, minmax_tflite, 5x16c4, 1x16c4, avx2_madd)          \
  GEMM_CHOICE(qs8_qc8w, minmax_tflite, 3x8c8, 1x8c8, avx2)                 \
  X86_BELOW_AVX2_TFLITE_CHOICES(qs8_qc8w)
#define X86_QU8_TFLITE_CHOICES                                             \
  GEMM_CHOICE(qu8, minmax_tflite, 7x32c4, 1x32c4, avx512vnni)              \
  GEMM_CHOICE(qu8, minmax_tflite, 4x16c8, 1x16c8, avx512skx)               \
  GEMM_CHOICE(qu8, minmax_tflite, 5x16c2, 1x16c2, avx2_w16)                \
  GEMM_CHOICE(qu8, minmax_tflite, 5x16c2, 1x16c2, avx2)                    \
  X86_BELOW_AVX2_TFLITE_CHOICES(qu8)
#else
#define X86_INT8_WEIGHT_CHOICES(type, rq)
#define X86_QU8_CHOICES(rq)
#define X86_QS8_TFLITE_CHOICES
#define X86_QU8_TFLITE_CHOICES
#endif
#if XQNN_ARCH_ARM64
#define ARM64_DOT_CHOICES(type, rq)                    \
  GEMM_CHOICE(type, rq, 4x16c8, 1x16c8, neoni8mm)      \
  GEMM_CHOICE(type, rq, 4x16c4, 1x16c4, neondot)
#else
#define ARM64_DOT_CHOICES(type, rq)
#endif
#if XQNN_ARCH_ARM64 || XQNN_ARCH_ARM
#define NEON_CHOICES(type, rq) GEMM_CHOICE(type, rq, 2x8c8, 1x8c8, neon)
// int8 weights: smull + smlal pairs (needs [-127, 127]), else smull alone.
#define NEON_INT8_CHOICES(type, rq) NEON_CHOICES(type, rq) GEMM_CHOICE(type, rq, 2x8c8, 1x8c8, neon_mull)
#else
#define NEON_CHOICES(type, rq)
#define NEON_INT8_CHOICES(type, rq)
#endif
#if XQNN_ARCH_WASMSIMD
#define WASM_CHOICES(type, rq) GEMM_CHOICE(type, rq, 4x4c8, 1x4c8, wasmsimd)
#else
#define WASM_CHOICES(type, rq)
#endif

// int8 weights (QS8-QC8W, QD8): every tier.
#define INT8_WEIGHT_CHOICES(type, rq)                                               \
  {X86_INT8_WEIGHT_CHOICES(type, rq) ARM64_DOT_CHOICES(type, rq)                     \
   NEON_INT8_CHOICES(type, rq) WASM_CHOICES(type, rq) GEMM_CHOICE(type, rq, 4x4, 1x4, scalar)}
// QU8 weights minus their zero point are not int8: no vpdpbusd, sdot or smmla.
#define QU8_CHOICES(rq) \
  {X86_QU8_CHOICES(rq) NEON_CHOICES(qu8, rq) WASM_CHOICES(qu8, rq) GEMM_CHOICE(qu8, rq, 4x4, 1x4, scalar)}

static const struct gemm_choice qs8_qc8w_choices[] = INT8_WEIGHT_CHOICES(qs8_qc8w, minmax_fp32);
static const struct gemm_choice qu8_choices[] = QU8_CHOICES(minmax_fp32);
static const struct gemm_choice qd8_f32_choices[] = INT8_WEIGHT_CHOICES(qd8_f32_qc8w, minmax);
static const struct gemm_choice qd8_f16_choices[] = INT8_WEIGHT_CHOICES(qd8_f16_qc8w, minmax);
static const struct gemm_choice qs8_qc8w_tflite_choices[] = {
    X86_QS8_TFLITE_CHOICES
    GEMM_CHOICE(qs8_qc8w, minmax_tflite, 4x4, 1x4, scalar)};
// QS16-QC8W: TFLite's 16x8 requantization only.
#if XQNN_ARCH_X86_64
#define X86_QS16_CHOICES GEMM_CHOICE(qs16_qc8w, minmax_tflite, 4x16c2, 1x16c2, avx2)
#else
#define X86_QS16_CHOICES
#endif
static const struct gemm_choice qs16_qc8w_choices[] = {
    X86_QS16_CHOICES GEMM_CHOICE(qs16_qc8w, minmax_tflite, 4x4, 1x4, scalar)};
static const struct gemm_choice qu8_tflite_choices[] = {
    X86_QU8_TFLITE_CHOICES GEMM_CHOICE(qu8, minmax_tflite, 4x4, 1x4, scalar)};

static const struct gemm_row* find_row(const struct gemm_row* rows, size_t count, xqnn_gemm_ukernel_fn fn) {
  for (size_t i = 0; i < count; i++) {
    if (rows[i].fn == fn) return &rows[i];
  }
  return NULL;
}

// The first choice whose kernels this CPU runs (and, for full_range, that
// are exact for weights of -128; for byte_weights, that read weights packed
// as bytes), with the tiles of its rows. The igemm kernels of a choice share
// the tile and weights column of its gemm kernels (test/gemm.cc checks the
// .inc lists agree).
static void select_gemm(const struct xqnn_hardware_config* hardware, const struct gemm_row* rows,
                        size_t row_count, const struct gemm_choice* choices, size_t choice_count,
                        bool full_range, bool byte_weights, bool qu8, struct xqnn_gemm_config* config) {
  for (size_t i = 0; i < choice_count; i++) {
    const struct gemm_row* row = find_row(rows, row_count, choices[i].gemm);
    const struct gemm_row* row1 = find_row(rows, row_count, choices[i].gemm1);
    assert(row != NULL && row1 != NULL);  // every choice names kernels of the family's list
    if (!xqnn_hardware_has(hardware, row->arch)) continue;
    if (full_range && !(row->weights != 0 && row1->weights != 0)) continue;
    if (byte_weights && row->weights == 2) continue;
    assert(row1->mr == 1 && row1->nr == row->nr && row1->kr == row->kr && row1->sr == row->sr &&
           row1->weights == row->weights);
    (void) row1;
    *config = (struct xqnn_gemm_config){
        .gemm = choices[i].gemm,
        .gemm1 = choices[i].gemm1,
        .igemm = choices[i].igemm,
        .igemm1 = choices[i].igemm1,
        .mr = row->mr,
        .nr = row->nr,
        .log2_kr = (uint8_t) xqnn_log2_exact(row->kr),
        .log2_sr = (uint8_t) xqnn_log2_exact(row->sr),
        .input_offset = xqnn_gemm_input_offset(row->arch, qu8),
        .int16_weights = row->weights == 2,
    };
    return;
  }
  assert(false);  // unreachable: the scalar choice runs everywhere
}

// Indexed by full_range and byte_weights.
static struct xqnn_gemm_config qs8_qc8w[2][2], qu8[2][2], qd8_f32[2][2], qd8_f16[2][2],
    qs8_qc8w_tflite[2][2], qu8_tflite[2][2], qs16_qc8w[2][2];
static bool ready;

#define SELECT(config, rows, choices, qu8)                                                      \
  for (int full_range = 0; full_range < 2; full_range++) {                                      \
    for (int byte_weights = 0; byte_weights < 2; byte_weights++) {                              \
      select_gemm(hardware, rows, XQNN_COUNT_OF(rows), choices, XQNN_COUNT_OF(choices),         \
                  full_range, byte_weights, qu8, &config[full_range][byte_weights]);            \
    }                                                                                           \
  }

void xqnn_init_gemm_configs(const struct xqnn_hardware_config* hardware) {
  SELECT(qs8_qc8w, qs8_qc8w_rows, qs8_qc8w_choices, false);
  SELECT(qu8, qu8_rows, qu8_choices, true);
  SELECT(qd8_f32, qd8_f32_rows, qd8_f32_choices, false);
  SELECT(qd8_f16, qd8_f16_rows, qd8_f16_choices, false);
  SELECT(qs8_qc8w_tflite, qs8_qc8w_rows, qs8_qc8w_tflite_choices, false);
  SELECT(qu8_tflite, qu8_rows, qu8_tflite_choices, true);
  SELECT(qs16_qc8w, qs16_qc8w_rows, qs16_qc8w_choices, false);
  ready = true;
}

#define GEMM_CONFIG_GETTER(getter, configs)                                   \
  const struct xqnn_gemm_config* getter(bool full_range, bool byte_weights) { \
    return ready ? &configs[full_range][byte_weights] : NULL;                 \
  }
GEMM_CONFIG_GETTER(xqnn_get_qs8_qc8w_gemm_config, qs8_qc8w)
GEMM_CONFIG_GETTER(xqnn_get_qu8_gemm_config, qu8)
GEMM_CONFIG_GETTER(xqnn_get_qd8_f32_qc8w_gemm_config, qd8_f32)
GEMM_CONFIG_GETTER(xqnn_get_qd8_f16_qc8w_gemm_config, qd8_f16)
GEMM_CONFIG_GETTER(xqnn_get_qs8_qc8w_tflite_gemm_config, qs8_qc8w_tflite)
GEMM_CONFIG_GETTER(xqnn_get_qu8_tflite_gemm_config, qu8_tflite)
GEMM_CONFIG_GETTER(xqnn_get_qs16_qc8w_gemm_config, qs16_qc8w)
