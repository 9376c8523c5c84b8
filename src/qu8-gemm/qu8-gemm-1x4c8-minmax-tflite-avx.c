#include "xqnn/gemm-sse-template.h"

XQNN_SSE_GEMM_KERNEL(xqnn_qu8_gemm_minmax_tflite_ukernel_1x4c8__avx, xqnn_x86_gemm_qu8_tflite, 1)
