#include "xqnn/gemm-avx2-template.h"

XQNN_AVX2_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_tflite_ukernel_3x8c8__avx2, xqnn_x86_gemm_qs8_qc8w_tflite, 3)
