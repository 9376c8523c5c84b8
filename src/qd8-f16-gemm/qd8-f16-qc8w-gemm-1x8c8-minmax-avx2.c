#include "xqnn/gemm-avx2-template.h"

XQNN_AVX2_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_1x8c8__avx2, xqnn_x86_gemm_qd8_f16, 1)
