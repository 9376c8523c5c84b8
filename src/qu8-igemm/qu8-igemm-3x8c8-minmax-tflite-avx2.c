#include "xqnn/gemm-avx2-template.h"

XQNN_AVX2_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_tflite_ukernel_3x8c8__avx2, xqnn_x86_gemm_qu8_tflite, 3)
