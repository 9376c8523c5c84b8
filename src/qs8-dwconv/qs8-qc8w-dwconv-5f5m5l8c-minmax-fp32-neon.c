#include "xqnn/simd/neon.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_KERNEL(xqnn_qs8_qc8w_dwconv_minmax_fp32_ukernel_5f5m5l8c__neon, /*is_qu8=*/false, 8, 5, 5, 5)
