#include "xqnn/simd/neon.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_25p8c__neon, /*is_qu8=*/true, 8, 25, 0, 0)
