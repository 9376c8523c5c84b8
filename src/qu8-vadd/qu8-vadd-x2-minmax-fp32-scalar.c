#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_VBINARY_KERNEL(xqnn_qu8_vadd_minmax_fp32_ukernel_x2__scalar, /*is_signed=*/false, xqnn_scalar_vbinary_add,
                           /*broadcast_b=*/false, 2)
