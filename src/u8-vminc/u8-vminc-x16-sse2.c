#include "xqnn/simd/sse2.h"
#include "xqnn/vminmax-template.h"

XQNN_SIMD_VMINMAX_KERNEL(xqnn_u8_vminc_ukernel_x16__sse2, /*is_signed=*/false, /*is_max=*/false, /*broadcast_b=*/true)
