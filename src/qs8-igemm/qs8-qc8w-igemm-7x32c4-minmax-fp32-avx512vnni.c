#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_IGEMM_KERNEL(xqnn_qs8_qc8w_igemm_minmax_fp32_ukernel_7x32c4__avx512vnni, avx512vnni, xqnn_x86_gemm_qs8_qc8w, 7, 32)
