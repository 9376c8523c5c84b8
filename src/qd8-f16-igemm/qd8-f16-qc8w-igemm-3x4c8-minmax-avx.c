#include "xqnn/gemm-sse-template.h"

XQNN_SSE_IGEMM_KERNEL(xqnn_qd8_f16_qc8w_igemm_minmax_ukernel_3x4c8__avx, xqnn_x86_gemm_qd8_f16, 3)
