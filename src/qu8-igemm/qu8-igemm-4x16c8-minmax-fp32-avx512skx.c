#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_fp32_ukernel_4x16c8__avx512skx, avx512skx, xqnn_x86_gemm_qu8, 4, 16)
