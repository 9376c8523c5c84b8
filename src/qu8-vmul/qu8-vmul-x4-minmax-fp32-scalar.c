#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_VBINARY_KERNEL(xqnn_qu8_vmul_minmax_fp32_ukernel_x4__scalar, /*is_signed=*/false, xqnn_scalar_vbinary_mul,
                           /*broadcast_b=*/false, 4)
