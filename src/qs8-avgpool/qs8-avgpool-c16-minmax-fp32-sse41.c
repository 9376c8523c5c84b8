#include "xqnn/simd/sse41.h"
#include "xqnn/avgpool-simd-template.h"

XQNN_SIMD_AVGPOOL_KERNEL(xqnn_qs8_avgpool_minmax_fp32_ukernel_c16__sse41, /*is_signed=*/true, 16)
