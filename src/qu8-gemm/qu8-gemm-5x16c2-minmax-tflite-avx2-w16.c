#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_GEMM_KERNEL(xqnn_qu8_gemm_minmax_tflite_ukernel_5x16c2__avx2_w16, xqnn_x86_gemm_qu8_tflite, 5, 2, true)
