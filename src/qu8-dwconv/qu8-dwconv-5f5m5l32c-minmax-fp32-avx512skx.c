#include "xqnn/dwconv-avx512skx-template.h"

XQNN_AVX512SKX_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l32c__avx512skx, /*is_qu8=*/true, 32, 5, 5, 5)
