#include "xqnn/vminmax-template.h"

XQNN_SCALAR_VMINMAX_KERNEL(xqnn_u8_vmin_ukernel_x1__scalar, /*is_signed=*/false, /*is_max=*/false, /*broadcast_b=*/false)
