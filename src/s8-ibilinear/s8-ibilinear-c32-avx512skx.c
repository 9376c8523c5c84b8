#include "xqnn/simd/avx512skx.h"
#include "xqnn/ibilinear-simd-template.h"

XQNN_SIMD_IBILINEAR_KERNEL(xqnn_s8_ibilinear_ukernel_c32__avx512skx, 32)
