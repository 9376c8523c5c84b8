#include "xqnn/gemm-avx2-template.h"

XQNN_AVX2_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_1x8c8__avx2, xqnn_x86_gemm_qs8_qc8w_tflite, 1)
