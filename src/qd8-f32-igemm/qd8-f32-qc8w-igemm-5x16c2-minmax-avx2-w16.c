#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_IGEMM_KERNEL(xqnn_qd8_f32_qc8w_igemm_minmax_ukernel_5x16c2__avx2_w16, xqnn_x86_gemm_qd8_f32, 5, 2, true)
