#include "xqnn/simd/sse41.h"
#include "xqnn/vminmax-template.h"

XQNN_SIMD_VMINMAX_KERNEL(xqnn_s8_vmaxc_ukernel_x16__sse41, /*is_signed=*/true, /*is_max=*/true, /*broadcast_b=*/true)
