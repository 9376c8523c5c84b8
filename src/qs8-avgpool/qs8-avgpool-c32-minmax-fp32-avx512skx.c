#include "xqnn/simd/avx512skx.h"
#include "xqnn/avgpool-simd-template.h"

XQNN_SIMD_AVGPOOL_KERNEL(xqnn_qs8_avgpool_minmax_fp32_ukernel_c32__avx512skx, /*is_signed=*/true, 32)
