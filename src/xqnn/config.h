// Hardware detection and per-family kernel configuration. Everything here is
// filled once, inside xqnn_initialize, and read-only afterwards.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xqnn/arch.h"
#include "xqnn/microkernels.h"

#ifdef __cplusplus
extern "C" {
#endif

// CPU features a kernel requires (the `arch` column of the .inc lists; 0 =
// none). An ISA tier (src/hardware-config.c) is a set of these.
enum xqnn_arch {
  xqnn_arch_none = 0,
  xqnn_arch_x86_sse2 = 1 << 0,
  xqnn_arch_x86_ssse3 = 1 << 1,
  xqnn_arch_x86_sse41 = 1 << 2,
  xqnn_arch_x86_avx = 1 << 3,
  xqnn_arch_x86_avx2 = 1 << 4,
  xqnn_arch_x86_avx512skx = 1 << 5,
  xqnn_arch_x86_avx512vnni = 1 << 6,
  xqnn_arch_x86_avxvnni = 1 << 7,
  xqnn_arch_arm_neon = 1 << 8,
  xqnn_arch_arm_neon_dot = 1 << 9,
  xqnn_arch_arm_neon_i8mm = 1 << 10,
  xqnn_arch_arm_neon_fp16_arith = 1 << 11,
  xqnn_arch_wasm_simd = 1 << 12,
};

// One ISA tier of an architecture: its XQNN_ISA name and the features it needs.
struct xqnn_isa_tier {
  const char* name;
  uint32_t arch_flags;
};

struct xqnn_hardware_config {
  uint32_t arch_flags;  // enum xqnn_arch bits usable on this CPU, after the XQNN_ISA cap
  const char* isa_name;  // the highest tier in use
  // Processors this process may run on (its affinity mask on Linux), at least 1.
  size_t processor_count;
};

// NULL before xqnn_initialize.
const struct xqnn_hardware_config* xqnn_get_hardware_config(void);

// True when every bit of `arch` is usable (used by tests to skip kernels).
bool xqnn_arch_supported(uint32_t arch);

static inline bool xqnn_hardware_has(const struct xqnn_hardware_config* hardware, uint32_t arch) {
  return (hardware->arch_flags & arch) == arch;
}

// The tiers of the architecture this library was built for, lowest first
// (scalar), and how many of them this CPU has (ignoring XQNN_ISA).
const struct xqnn_isa_tier* xqnn_isa_tiers(size_t* count);
size_t xqnn_detected_isa_tier_count(void);

// gemm and igemm of one data type. `gemm`/`igemm` process up to mr rows;
// `gemm1`/`igemm1` one row (for batch-1 fully-connected and tiny outputs).
struct xqnn_gemm_config {
  xqnn_gemm_ukernel_fn gemm;
  xqnn_gemm_ukernel_fn gemm1;
  xqnn_igemm_ukernel_fn igemm;
  xqnn_igemm_ukernel_fn igemm1;
  uint8_t mr;
  uint8_t nr;
  uint8_t log2_kr;
  uint8_t log2_sr;
  // xqnn_gemm_packing.input_offset the kernels need (x86 VNNI kernels read A
  // as a ^ 0x80; see xqnn_gemm_input_offset). QD8 packs with 0 (its kernels
  // fold it into the row zero point).
  int32_t input_offset;
  // xqnn_gemm_packing.int16_weights the kernels need (.inc weights column 2).
  bool int16_weights;
};

// The input offset of a gemm kernel from its .inc arch column: vpdpbusd
// multiplies uint8 by int8, so every kernel that requires x86 VNNI reads A as
// a ^ 0x80: QS8 / QD8 as uint8 a + 128 (QD8 kernels correct it themselves; the
// QS8 packed bias must hold -128 * sum(w)), QU8 as int8 a - 128 against the
// uint8 weights (the packed bias holds +128 * sum(w)); every other kernel
// reads A as is.
static inline int32_t xqnn_gemm_input_offset(uint32_t arch, bool is_qu8) {
  if ((arch & (xqnn_arch_x86_avx512vnni | xqnn_arch_x86_avxvnni)) == 0) return 0;
  return is_qu8 ? -128 : 128;
}

// The gemm config getters take `full_range`: true for int8 weights that hold
// -128, which get only kernels exact over the full int8 range (the .inc rows'
// weights column; src/configs/gemm-config.c; QU8 configs are the same for
// both), and `byte_weights`: true for operators whose weights are read once
// per few rows of A (fully connected; convolutions reshaped to single pixels,
// xqnn_choose_kernel), which skip the kernels on weights
// widened to int16 at pack time: those double the bytes a matrix-vector
// product streams (MobileNet v2's classifier on Zen 4: 0.05 -> 0.10 ms).

// Called once by xqnn_initialize, one per kind of kernel (src/configs/);
// each family's getter below returns NULL before.
void xqnn_init_gemm_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_dwconv_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_vbinary_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_gavgpool_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_vcvt_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_maxpool_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_avgpool_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_ibilinear_configs(const struct xqnn_hardware_config* hardware);
void xqnn_init_lut_configs(const struct xqnn_hardware_config* hardware);

const struct xqnn_gemm_config* xqnn_get_qs8_qc8w_gemm_config(bool full_range, bool byte_weights);
const struct xqnn_gemm_config* xqnn_get_qu8_gemm_config(bool full_range, bool byte_weights);


// ---- Elementwise, pooling and conversion configs ----
// vadd / vmul of one data type: op_ukernel reads both inputs along the row,
// opc_ukernel broadcasts input_b[0] along it.
struct xqnn_vbinary_config {
  xqnn_vbinary_ukernel_fn op_ukernel;
  xqnn_vbinary_ukernel_fn opc_ukernel;
  uint8_t element_tile;
};

// Global average pooling: unipass for up to row_tile rows, multipass above.
struct xqnn_gavgpool_config {
  xqnn_gavgpool_unipass_ukernel_fn unipass;
  xqnn_gavgpool_multipass_ukernel_fn multipass;
  uint8_t row_tile;
  uint8_t channel_tile;
};

// Max pooling (s8, u8): one kernel, any number of taps and channels.
struct xqnn_maxpool_config {
  xqnn_maxpool_ukernel_fn ukernel;
  uint8_t channel_tile;
};

// Average pooling (qs8, qu8): one kernel, any number of taps and channels.
struct xqnn_avgpool_config {
  xqnn_avgpool_ukernel_fn ukernel;
  uint8_t channel_tile;
};

// Bilinear interpolation (s8): one kernel, any number of channels.
struct xqnn_ibilinear_config {
  xqnn_ibilinear_ukernel_fn ukernel;
  uint8_t channel_tile;
};

struct xqnn_vcvt_config {
  xqnn_vcvt_ukernel_fn ukernel;
  uint8_t element_tile;
};

const struct xqnn_vbinary_config* xqnn_get_qs8_vadd_config(void);
const struct xqnn_vbinary_config* xqnn_get_qu8_vadd_config(void);
const struct xqnn_vbinary_config* xqnn_get_qs8_vmul_config(void);
const struct xqnn_vbinary_config* xqnn_get_qu8_vmul_config(void);
// Elementwise maximum / minimum of stored values (params unused).
const struct xqnn_vbinary_config* xqnn_get_s8_vmax_config(void);
const struct xqnn_vbinary_config* xqnn_get_s8_vmin_config(void);
const struct xqnn_vbinary_config* xqnn_get_u8_vmax_config(void);
const struct xqnn_vbinary_config* xqnn_get_u8_vmin_config(void);
const struct xqnn_gavgpool_config* xqnn_get_qs8_gavgpool_config(void);
const struct xqnn_gavgpool_config* xqnn_get_qu8_gavgpool_config(void);
const struct xqnn_maxpool_config* xqnn_get_s8_maxpool_config(void);
const struct xqnn_maxpool_config* xqnn_get_u8_maxpool_config(void);
const struct xqnn_avgpool_config* xqnn_get_qs8_avgpool_config(void);
const struct xqnn_avgpool_config* xqnn_get_qu8_avgpool_config(void);
const struct xqnn_ibilinear_config* xqnn_get_s8_ibilinear_config(void);
const struct xqnn_vcvt_config* xqnn_get_f32_qs8_vcvt_config(void);
const struct xqnn_vcvt_config* xqnn_get_f32_qu8_vcvt_config(void);
const struct xqnn_vcvt_config* xqnn_get_qs8_f32_vcvt_config(void);
const struct xqnn_vcvt_config* xqnn_get_qu8_f32_vcvt_config(void);
// 256-entry byte table lookup (the vcvt signature, params = the table).
const struct xqnn_vcvt_config* xqnn_get_x8_lut_config(void);
// ---- dwconv ----
// One dwconv micro-kernel and its tiles (middle_pass_tile == 0: unipass).
struct xqnn_dwconv_ukernel {
  xqnn_dwconv_ukernel_fn fn;
  uint8_t channel_tile;
  uint8_t first_pass_tile;
  uint8_t middle_pass_tile;
  uint8_t last_pass_tile;
  uint8_t pair_lanes;  // xqnn_dwconv_packing.pair_lanes of the kernel's weights
  uint8_t quad_lanes;  // xqnn_dwconv_packing.quad_lanes
};

#define XQNN_MAX_DWCONV_UKERNELS 4

// Unipass kernels in increasing first_pass_tile, then one multipass kernel;
// and on some tiers a unipass kernel of a wider channel tile (fn NULL if none).
struct xqnn_dwconv_config {
  struct xqnn_dwconv_ukernel ukernels[XQNN_MAX_DWCONV_UKERNELS];
  size_t count;
  struct xqnn_dwconv_ukernel wide;
};

// The wide kernel if its tile covers kernel_size and computes at most 1/8
// more lanes than the first unipass kernel's tile would (with 64 against 32:
// 33, 64, 192 channels, not 96 or 144), else the first unipass kernel whose
// tile covers kernel_size, else the multipass one.
const struct xqnn_dwconv_ukernel* xqnn_choose_dwconv_ukernel(
    const struct xqnn_dwconv_config* config, size_t kernel_size, size_t channels);

const struct xqnn_dwconv_config* xqnn_get_qs8_qc8w_dwconv_config(void);
const struct xqnn_dwconv_config* xqnn_get_qu8_dwconv_config(void);

// ---- QD8 (dynamic range quantization) ----
const struct xqnn_gemm_config* xqnn_get_qd8_f32_qc8w_gemm_config(bool full_range, bool byte_weights);
const struct xqnn_gemm_config* xqnn_get_qd8_f16_qc8w_gemm_config(bool full_range, bool byte_weights);
const struct xqnn_gemm_config* xqnn_get_qs16_qc8w_gemm_config(bool full_range, bool byte_weights);  // TFLite 16x8

// Row converter to QD8 (one row per call).
struct xqnn_qd8_vcvt_config {
  xqnn_qd8_vcvt_ukernel_fn ukernel;
};
const struct xqnn_qd8_vcvt_config* xqnn_get_f32_qd8_vcvt_config(void);
const struct xqnn_qd8_vcvt_config* xqnn_get_f16_qd8_vcvt_config(void);

// ---- TFLite requantization (XQNN_FLAG_TFLITE_REQUANTIZATION) ----
const struct xqnn_gemm_config* xqnn_get_qs8_qc8w_tflite_gemm_config(bool full_range, bool byte_weights);
const struct xqnn_gemm_config* xqnn_get_qu8_tflite_gemm_config(bool full_range, bool byte_weights);
const struct xqnn_dwconv_config* xqnn_get_qs8_qc8w_tflite_dwconv_config(void);
const struct xqnn_dwconv_config* xqnn_get_qu8_tflite_dwconv_config(void);
const struct xqnn_vbinary_config* xqnn_get_qs8_tflite_vadd_config(void);
const struct xqnn_vbinary_config* xqnn_get_qu8_tflite_vadd_config(void);
// QS16 (TFLite's int16 ADD / MUL).
const struct xqnn_vbinary_config* xqnn_get_qs16_vadd_config(void);
const struct xqnn_vbinary_config* xqnn_get_qs16_vmul_config(void);

#ifdef __cplusplus
}  // extern "C"
#endif
