// QU8 dwconv: the micro-kernels and tiles for this CPU.
#include <stddef.h>

#include "xqnn/config.h"
#include "xqnn/microkernels.h"

static struct xqnn_dwconv_config config;
static const struct xqnn_dwconv_config* ready;

void xqnn_init_qu8_dwconv_config(const struct xqnn_hardware_config* hardware) {
  (void) hardware;
  // Scalar, unless an x86 tier below has its own kernels (highest tier first).
  config = (struct xqnn_dwconv_config){
      .ukernels = {
          {xqnn_qu8_dwconv_minmax_fp32_ukernel_9p2c__scalar, 2, 9, 0, 0},
          {xqnn_qu8_dwconv_minmax_fp32_ukernel_25p2c__scalar, 2, 25, 0, 0},
          {xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l2c__scalar, 2, 5, 5, 5},
      },
      .count = 3,
  };
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
  if ((hardware->arch_flags & xqnn_arch_x86_avx512skx) != 0) {
    config = (struct xqnn_dwconv_config){
        .ukernels = {
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_9p32c__avx512skx, 32, 9, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_25p32c__avx512skx, 32, 25, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l32c__avx512skx, 32, 5, 5, 5},
        },
        .count = 3,
    };
  } else if ((hardware->arch_flags & xqnn_arch_x86_avx2) != 0) {
    config = (struct xqnn_dwconv_config){
        .ukernels = {
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_9p16c__avx2, 16, 9, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_25p16c__avx2, 16, 25, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l16c__avx2, 16, 5, 5, 5},
        },
        .count = 3,
    };
  } else if ((hardware->arch_flags & xqnn_arch_x86_sse41) != 0) {
    config = (struct xqnn_dwconv_config){
        .ukernels = {
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_9p8c__sse41, 8, 9, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_25p8c__sse41, 8, 25, 0, 0},
            {xqnn_qu8_dwconv_minmax_fp32_ukernel_5f5m5l8c__sse41, 8, 5, 5, 5},
        },
        .count = 3,
    };
  }
#endif
  ready = &config;
}

const struct xqnn_dwconv_config* xqnn_get_qu8_dwconv_config(void) { return ready; }
