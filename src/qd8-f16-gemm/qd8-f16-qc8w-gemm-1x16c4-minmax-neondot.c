#include "xqnn/gemm-neon-template.h"

XQNN_NEON_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x16c4__neondot, xqnn_neon_gemm_dot, xqnn_x86_gemm_qd8_f16, 1)
