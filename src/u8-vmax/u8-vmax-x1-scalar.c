#include "xqnn/vminmax-template.h"

XQNN_SCALAR_VMINMAX_KERNEL(xqnn_u8_vmax_ukernel_x1__scalar, /*is_signed=*/false, /*is_max=*/true, /*broadcast_b=*/false)
