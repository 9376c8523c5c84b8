#include "xqnn/elementwise-scalar-template.h"

XQNN_SCALAR_F32_Q8_VCVT_KERNEL(xqnn_f32_qu8_vcvt_ukernel_x2__scalar, 2)
