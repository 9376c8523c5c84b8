#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_Q8_F32_VCVT_KERNEL(xqnn_qs8_f32_vcvt_ukernel_x1__scalar, /*is_signed=*/true, 1)
