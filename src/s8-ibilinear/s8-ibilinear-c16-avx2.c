#include "xqnn/simd/avx2.h"
#include "xqnn/ibilinear-simd-template.h"

XQNN_SIMD_IBILINEAR_KERNEL(xqnn_s8_ibilinear_ukernel_c16__avx2, 16)
