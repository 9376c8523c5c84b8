// QS8 vadd / vaddc: the kernels for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_vbinary_config config;
static const struct xqnn_vbinary_config* ready;

void xqnn_init_qs8_vadd_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  // Scalar, unless an x86 tier below has its own kernels (highest tier first).
  // x1: compilers vectorize its loop; 2-4x faster than x2 / x4 (elementwise-bench).
  config = (struct xqnn_vbinary_config){
      .op_ukernel = xqnn_qs8_vadd_minmax_fp32_ukernel_x1__scalar,
      .opc_ukernel = xqnn_qs8_vaddc_minmax_fp32_ukernel_x1__scalar,
      .element_tile = 1,
  };
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
  if ((hardware->arch_flags & xqnn_arch_x86_avx2) != 0) {
    config = (struct xqnn_vbinary_config){
        .op_ukernel = xqnn_qs8_vadd_minmax_fp32_ukernel_x16__avx2,
        .opc_ukernel = xqnn_qs8_vaddc_minmax_fp32_ukernel_x16__avx2,
        .element_tile = 16,
    };
  } else if ((hardware->arch_flags & xqnn_arch_x86_sse41) != 0) {
    config = (struct xqnn_vbinary_config){
        .op_ukernel = xqnn_qs8_vadd_minmax_fp32_ukernel_x16__sse41,
        .opc_ukernel = xqnn_qs8_vaddc_minmax_fp32_ukernel_x16__sse41,
        .element_tile = 16,
    };
  }
#endif
  ready = &config;
}

const struct xqnn_vbinary_config* xqnn_get_qs8_vadd_config(void) { return ready; }
