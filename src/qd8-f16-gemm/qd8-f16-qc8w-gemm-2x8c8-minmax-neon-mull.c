#include "xqnn/gemm-neon-template.h"

XQNN_NEON_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_2x8c8__neon_mull, xqnn_neon_gemm_mull, xqnn_x86_gemm_qd8_f16, 2)
