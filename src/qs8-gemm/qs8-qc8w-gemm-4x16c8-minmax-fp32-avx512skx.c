#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qs8_qc8w_gemm_minmax_fp32_ukernel_4x16c8__avx512skx, avx512skx, xqnn_x86_gemm_qs8_qc8w, 4, 16)
