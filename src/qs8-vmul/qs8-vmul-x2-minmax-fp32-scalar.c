#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_VBINARY_KERNEL(xqnn_qs8_vmul_minmax_fp32_ukernel_x2__scalar, /*is_signed=*/true, xqnn_scalar_vbinary_mul,
                           /*broadcast_b=*/false, 2)
