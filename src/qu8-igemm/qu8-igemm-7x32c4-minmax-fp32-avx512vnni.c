#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_IGEMM_KERNEL(xqnn_qu8_igemm_minmax_fp32_ukernel_7x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qu8, 7, 32)
