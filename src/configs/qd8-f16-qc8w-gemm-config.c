// QD8-F16-QC8W gemm + igemm: the kernel and tile for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_gemm_config config;
static const struct xqnn_gemm_config* ready;

void xqnn_init_qd8_f16_qc8w_gemm_config(const struct xqnn_hardware_config* hardware) {
  config = (struct xqnn_gemm_config){
      .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_4x4__scalar,
      .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x4__scalar,
      .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_4x4__scalar,
      .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x4__scalar,
      .mr = 4,
      .nr = 4,
      .log2_kr = 0,
      .log2_sr = 0,
  };
#if defined(__x86_64__) || defined(_M_X64)
  // x86: the best tier available (XQNN_ISA caps arch_flags), else scalar.
  if (hardware->arch_flags & xqnn_arch_x86_avx512vnni) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_7x16c4__avx512vnni,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x16c4__avx512vnni,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_7x16c4__avx512vnni,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x16c4__avx512vnni,
        .mr = 7,
        .nr = 16,
        .log2_kr = 2,
        .log2_sr = 0,
    };
  } else if (hardware->arch_flags & xqnn_arch_x86_avx512skx) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_4x16c8__avx512skx,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x16c8__avx512skx,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_4x16c8__avx512skx,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x16c8__avx512skx,
        .mr = 4,
        .nr = 16,
        .log2_kr = 3,
        .log2_sr = 0,
    };
  } else if (hardware->arch_flags & xqnn_arch_x86_avx2) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_3x8c8__avx2,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x8c8__avx2,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_3x8c8__avx2,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x8c8__avx2,
        .mr = 3,
        .nr = 8,
        .log2_kr = 3,
        .log2_sr = 0,
    };
  } else if (hardware->arch_flags & xqnn_arch_x86_avx) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_3x4c8__avx,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x4c8__avx,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_3x4c8__avx,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x4c8__avx,
        .mr = 3,
        .nr = 4,
        .log2_kr = 3,
        .log2_sr = 0,
    };
  } else if (hardware->arch_flags & xqnn_arch_x86_sse41) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_3x4c8__sse41,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x4c8__sse41,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_3x4c8__sse41,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x4c8__sse41,
        .mr = 3,
        .nr = 4,
        .log2_kr = 3,
        .log2_sr = 0,
    };
  } else if (hardware->arch_flags & xqnn_arch_x86_sse2) {
    config = (struct xqnn_gemm_config){
        .gemm = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_3x4c8__sse2,
        .gemm1 = xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x4c8__sse2,
        .igemm = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_3x4c8__sse2,
        .igemm1 = xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_1x4c8__sse2,
        .mr = 3,
        .nr = 4,
        .log2_kr = 3,
        .log2_sr = 0,
    };
  }
#endif
  ready = &config;
}

const struct xqnn_gemm_config* xqnn_get_qd8_f16_qc8w_gemm_config(void) { return ready; }
