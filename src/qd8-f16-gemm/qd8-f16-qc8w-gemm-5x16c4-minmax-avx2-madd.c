#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_5x16c4__avx2_madd, xqnn_x86_gemm_qd8_f16, 5, 2, false)
