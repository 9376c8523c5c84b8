#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_GEMM_KERNEL(xqnn_qd8_f32_qc8w_gemm_minmax_ukernel_1x16c2__avx2_w16, xqnn_x86_gemm_qd8_f32, 1, 2, true)
