#include "xqnn/simd/sse2.h"
#include "xqnn/maxpool-simd-template.h"

XQNN_SIMD_MAXPOOL_KERNEL(xqnn_u8_maxpool_minmax_ukernel_c16__sse2, /*is_signed=*/false)
