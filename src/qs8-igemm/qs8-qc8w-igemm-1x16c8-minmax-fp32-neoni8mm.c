#include "xqnn/gemm-neon-template.h"

XQNN_NEON_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_1x16c8__neoni8mm, xqnn_neon_gemm_mmla, xqnn_x86_gemm_qs8_qc8w, 1)
