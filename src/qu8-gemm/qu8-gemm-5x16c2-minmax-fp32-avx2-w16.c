#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_GEMM_KERNEL(xqnn_qu8_gemm_minmax_fp32_ukernel_5x16c2__avx2_w16, xqnn_x86_gemm_qu8, 5, 2, true)
