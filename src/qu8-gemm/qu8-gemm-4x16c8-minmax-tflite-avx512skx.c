#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qu8_gemm_minmax_tflite_ukernel_4x16c8__avx512skx, avx512skx, xqnn_x86_gemm_qu8_tflite, 4, 16)
