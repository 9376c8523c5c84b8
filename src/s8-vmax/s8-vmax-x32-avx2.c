#include "xqnn/simd/avx2.h"
#include "xqnn/vminmax-template.h"

XQNN_SIMD_VMINMAX_KERNEL(xqnn_s8_vmax_ukernel_x32__avx2, /*is_signed=*/true, /*is_max=*/true, /*broadcast_b=*/false)
