#include "xqnn/maxpool-scalar-template.h"

XQNN_SCALAR_MAXPOOL_KERNEL(xqnn_s8_maxpool_minmax_ukernel_c1__scalar, /*is_signed=*/true)
