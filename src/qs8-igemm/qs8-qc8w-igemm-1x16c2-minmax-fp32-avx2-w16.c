#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_1x16c2__avx2_w16, xqnn_x86_gemm_qs8_qc8w, 1, 2, true)
