// xqnn_initialize: cpuinfo -> hardware flags -> every family's config, once.
#include <stdatomic.h>
#include <stdbool.h>

#include "xqnn/arch.h"
#if !XQNN_ARCH_WASM
#include <pthread.h>
#endif
#if XQNN_HAVE_CPUINFO
#include <cpuinfo.h>
#endif

#include "xqnn.h"
#include "xqnn/config.h"
#include "xqnn/hardware-config-init.h"
#include "xqnn/operator.h"

#if XQNN_ARCH_WASM
// wasm32-wasi here has no threads (and no pthread.h): a plain flag is a once.
typedef bool pthread_once_t;
#define PTHREAD_ONCE_INIT false
static void pthread_once(pthread_once_t* once, void (*function)(void)) {
  if (!*once) {
    *once = true;
    function();
  }
}
#endif
static pthread_once_t init_guard = PTHREAD_ONCE_INIT;
// Set (release) at the end of the one-time initialisation; operators read it
// (acquire) to refuse use before xqnn_initialize.
static atomic_bool initialized;

static void initialize_once(void) {
#if XQNN_HAVE_CPUINFO
  if (!cpuinfo_initialize()) {
    return;
  }
#endif
  if (xqnn_init_hardware_config() != xqnn_status_success) {
    return;
  }
  const struct xqnn_hardware_config* hardware = xqnn_get_hardware_config();
  xqnn_init_gemm_configs(hardware);
  xqnn_init_dwconv_configs(hardware);
  xqnn_init_vbinary_configs(hardware);
  xqnn_init_gavgpool_configs(hardware);
  xqnn_init_vcvt_configs(hardware);
  xqnn_init_maxpool_configs(hardware);
  xqnn_init_avgpool_configs(hardware);
  xqnn_init_ibilinear_configs(hardware);
  xqnn_init_lut_configs(hardware);
  atomic_store_explicit(&initialized, true, memory_order_release);
}

enum xqnn_status xqnn_initialize(void) {
  pthread_once(&init_guard, initialize_once);
  return xqnn_is_initialized() ? xqnn_status_success : xqnn_status_unsupported_hardware;
}

enum xqnn_status xqnn_deinitialize(void) {
  return xqnn_is_initialized() ? xqnn_status_success : xqnn_status_uninitialized;
}

bool xqnn_is_initialized(void) {
  return atomic_load_explicit(&initialized, memory_order_acquire);
}

const char* xqnn_isa_name(void) {
  const struct xqnn_hardware_config* hardware = xqnn_get_hardware_config();
  return xqnn_is_initialized() && hardware != NULL ? hardware->isa_name : NULL;
}

const char* xqnn_status_string(enum xqnn_status status) {
  switch (status) {
    case xqnn_status_success: return "success";
    case xqnn_status_uninitialized: return "uninitialized";
    case xqnn_status_invalid_parameter: return "invalid_parameter";
    case xqnn_status_invalid_state: return "invalid_state";
    case xqnn_status_unsupported_parameter: return "unsupported_parameter";
    case xqnn_status_unsupported_hardware: return "unsupported_hardware";
    case xqnn_status_out_of_memory: return "out_of_memory";
  }
  return "unknown";
}
