#include "xqnn/dwconv-sse41-template.h"

XQNN_SSE41_DWCONV_KERNEL(xqnn_qu8_dwconv_minmax_fp32_ukernel_25p8c__sse41, /*is_qu8=*/true, 8, 25, 0, 0)
