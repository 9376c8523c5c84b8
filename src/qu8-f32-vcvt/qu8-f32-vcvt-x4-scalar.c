#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_Q8_F32_VCVT_KERNEL(xqnn_qu8_f32_vcvt_ukernel_x4__scalar, /*is_signed=*/false, 4)
