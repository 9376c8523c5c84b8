#include "xqnn/simd/avx2.h"
#include "xqnn/avgpool-simd-template.h"

XQNN_SIMD_AVGPOOL_KERNEL(xqnn_qu8_avgpool_minmax_fp32_ukernel_c32__avx2, /*is_signed=*/false, 32)
