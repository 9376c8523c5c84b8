#include "xqnn/gemm-sse-template.h"

XQNN_SSE_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_tflite_ukernel_1x4c8__sse41, xqnn_x86_gemm_qs8_qc8w_tflite, 1)
