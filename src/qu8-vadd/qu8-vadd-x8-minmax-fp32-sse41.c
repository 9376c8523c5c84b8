#include "xqnn/elementwise-sse41-template.h"

XQNN_SSE41_VBINARY_KERNEL(xqnn_qu8_vadd_minmax_fp32_ukernel_x8__sse41, /*is_signed=*/false, xqnn_sse41_vbinary_add,
                          /*broadcast_b=*/false, 8)
