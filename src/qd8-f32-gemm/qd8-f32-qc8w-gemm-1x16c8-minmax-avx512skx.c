#include "xqnn/gemm-avx512-template.h"

XQNN_AVX512_GEMM_KERNEL(xqnn_qd8_f32_qc8w_gemm_minmax_ukernel_1x16c8__avx512skx, avx512skx, xqnn_x86_gemm_qd8_f32, 1, 16)
