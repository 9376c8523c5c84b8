// Called once by xqnn_initialize after cpuinfo_initialize: detects the CPU's
// tier and applies the XQNN_ISA cap; unsupported_hardware for an XQNN_ISA
// that names no tier of this architecture.
#pragma once

#include "xqnn.h"

enum xqnn_status xqnn_init_hardware_config(void);
