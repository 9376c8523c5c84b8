#include "xqnn/avgpool-scalar-template.h"

XQNN_SCALAR_AVGPOOL_KERNEL(xqnn_qs8_avgpool_minmax_fp32_ukernel_c1__scalar, /*is_signed=*/true)
