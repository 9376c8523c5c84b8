#include "xqnn/gemm-sse-template.h"

XQNN_SSE_GEMM_KERNEL(xqnn_qd8_f16_qc8w_gemm_minmax_ukernel_3x4c8__sse2, xqnn_x86_gemm_qd8_f16, 3)
