#include "xqnn/gemm-sse-template.h"

XQNN_SSE_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_tflite_ukernel_1x4c8__sse41, xqnn_x86_gemm_qs8_qc8w_tflite, 1)
