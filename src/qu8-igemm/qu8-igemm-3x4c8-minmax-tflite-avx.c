#include "xqnn/gemm-sse-template.h"

XQNN_SSE_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_tflite_ukernel_3x4c8__avx, xqnn_x86_gemm_qu8_tflite, 3)
