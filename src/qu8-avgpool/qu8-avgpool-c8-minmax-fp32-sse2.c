#include "xqnn/simd/sse2.h"
#include "xqnn/avgpool-simd-template.h"

XQNN_SIMD_AVGPOOL_KERNEL(xqnn_qu8_avgpool_minmax_fp32_ukernel_c8__sse2, /*is_signed=*/false, 8)
