#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_tflite_ukernel_5x16c2__avx2_w16, xqnn_x86_gemm_qs8_qc8w_tflite, 5, 2, true)
