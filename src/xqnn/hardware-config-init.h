// Called once by xqnn_initialize after cpuinfo_initialize.
#pragma once

void xqnn_init_hardware_config(void);
