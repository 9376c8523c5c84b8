#include "xqnn/dwconv-scalar-template.h"

XQNN_SCALAR_DWCONV_TFLITE_KERNEL(xqnn_qu8_dwconv_minmax_tflite_ukernel_9p2c__scalar, xqnn_scalar_dwconv_qu8, 2, 9, 0, 0)
