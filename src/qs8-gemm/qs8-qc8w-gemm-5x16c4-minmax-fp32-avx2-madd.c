#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_fp32_ukernel_5x16c4__avx2_madd, xqnn_x86_gemm_qs8_qc8w, 5, 2, false)
