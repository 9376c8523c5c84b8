#include "xqnn/elementwise-sse41-template.h"

XQNN_SSE41_VBINARY_KERNEL(xqnn_qs8_vadd_minmax_fp32_ukernel_x16__sse41, /*is_signed=*/true, xqnn_sse41_vbinary_add,
                          /*broadcast_b=*/false, 16)
