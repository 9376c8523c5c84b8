#include "xqnn/gemm-avx2-madd-template.h"

XQNN_AVX2_MADD_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_tflite_ukernel_5x16c2__avx2, xqnn_x86_gemm_qu8_tflite, 5, 2, false)
