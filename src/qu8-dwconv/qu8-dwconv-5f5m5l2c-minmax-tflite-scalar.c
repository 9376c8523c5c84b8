#include "xqnn/dwconv-scalar-template.h"

XQNN_SCALAR_DWCONV_TFLITE_KERNEL(xqnn_qu8_dwconv_minmax_tflite_ukernel_5f5m5l2c__scalar, xqnn_scalar_dwconv_qu8, 2, 5, 5, 5)
