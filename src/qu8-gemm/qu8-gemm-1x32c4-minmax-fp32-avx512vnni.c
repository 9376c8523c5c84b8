#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qu8_gemm_minmax_fp32_ukernel_1x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qu8, 1, 32)
