#include "xqnn/gemm-neon-template.h"

XQNN_NEON_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_fp32_ukernel_1x8c8__neon, xqnn_neon_gemm_mlal, xqnn_x86_gemm_qu8, 1)
