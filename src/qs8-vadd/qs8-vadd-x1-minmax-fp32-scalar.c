#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_VBINARY_KERNEL(xqnn_qs8_vadd_minmax_fp32_ukernel_x1__scalar, /*is_signed=*/true, xqnn_scalar_vbinary_add,
                           /*broadcast_b=*/false, 1)
