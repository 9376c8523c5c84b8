#include "xqnn/elementwise-sse41-template.h"

XQNN_SSE41_GAVGPOOL_MULTIPASS_KERNEL(xqnn_qu8_gavgpool_minmax_fp32_ukernel_7p7x_c8__sse41, /*is_signed=*/false, 7, 8)
