#include "xqnn/simd/sse2.h"
#include "xqnn/avgpool-simd-template.h"

XQNN_SIMD_AVGPOOL_KERNEL(xqnn_qs8_avgpool_minmax_fp32_ukernel_c8__sse2, /*is_signed=*/true, 8)
