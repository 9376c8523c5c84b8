#include "xqnn/elementwise-sse41-template.h"

XQNN_SSE41_VBINARY_KERNEL(xqnn_qs8_vaddc_minmax_fp32_ukernel_x8__sse41, /*is_signed=*/true, xqnn_sse41_vbinary_add,
                          /*broadcast_b=*/true, 8)
