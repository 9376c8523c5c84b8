#include "xqnn/simd/avx512skx.h"
#include "xqnn/dwconv-simd-template.h"

XQNN_SIMD_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_25p32c__avx512skx, /*is_qu8=*/true, 32, 25, 0, 0)
