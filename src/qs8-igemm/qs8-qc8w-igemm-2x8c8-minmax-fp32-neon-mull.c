#include "xqnn/gemm-neon-template.h"

XQNN_NEON_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_2x8c8__neon_mull, xqnn_neon_gemm_mull, xqnn_x86_gemm_qs8_qc8w, 2)
