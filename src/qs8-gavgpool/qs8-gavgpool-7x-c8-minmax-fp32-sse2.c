#include "xqnn/simd/sse2.h"
#include "xqnn/gavgpool-simd-template.h"

XQNN_SIMD_GAVGPOOL_UNIPASS_KERNEL(xqnn_qs8_gavgpool_minmax_fp32_ukernel_7x_c8__sse2, /*is_signed=*/true, 7, 8)
