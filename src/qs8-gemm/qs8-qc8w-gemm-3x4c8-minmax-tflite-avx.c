#include "xqnn/gemm-sse-template.h"

XQNN_SSE_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_3x4c8__avx, xqnn_x86_gemm_qs8_qc8w_tflite, 3)
