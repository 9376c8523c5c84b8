#include "xqnn/gemm-sse-template.h"

XQNN_SSE_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_1x4c8__sse2, xqnn_x86_gemm_qs8_qc8w, 1)
