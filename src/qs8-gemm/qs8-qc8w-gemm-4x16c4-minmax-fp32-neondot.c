#include "xqnn/gemm-neon-template.h"

XQNN_NEON_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_fp32_ukernel_4x16c4__neondot, xqnn_neon_gemm_dot, xqnn_x86_gemm_qs8_qc8w, 4)
