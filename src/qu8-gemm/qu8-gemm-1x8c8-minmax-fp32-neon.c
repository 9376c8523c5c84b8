#include "xqnn/gemm-neon-template.h"

XQNN_NEON_GEMM_KERNEL(xqnn_qu8_gemm_minmax_fp32_ukernel_1x8c8__neon, xqnn_neon_gemm_mlal, xqnn_x86_gemm_qu8, 1)
