#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_fp32_ukernel_5x16c2__avx2, xqnn_x86_gemm_qu8, 5, 2, false)
