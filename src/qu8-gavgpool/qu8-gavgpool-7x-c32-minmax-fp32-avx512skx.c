#include "xqnn/simd/avx512skx.h"
#include "xqnn/gavgpool-simd-template.h"

XQNN_SIMD_GAVGPOOL_UNIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7x_c32__avx512skx, /*is_signed=*/false, 7, 32)
