# Cross build for aarch64 Linux with Debian's aarch64-linux-gnu toolchain
# (gcc-aarch64-linux-gnu g++-aarch64-linux-gnu); tests run under qemu-user (qemu-aarch64) through
# CMAKE_CROSSCOMPILING_EMULATOR. The CPU model comes from the QEMU_CPU
# environment variable (qemu-user reads it), so one build runs every ISA tier:
#   QEMU_CPU=cortex-a53 ctest ...
# Libraries of the target (cpuinfo, pthreadpool, FP16, googletest) are found in
# XQNN_CROSS_SYSROOT (a directory of unpacked aarch64 .debs; scripts/test-cross.sh
# makes it) and in the toolchain's own /usr/aarch64-linux-gnu.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

if(NOT XQNN_CROSS_SYSROOT AND DEFINED ENV{XQNN_CROSS_SYSROOT})
  set(XQNN_CROSS_SYSROOT "$ENV{XQNN_CROSS_SYSROOT}")
endif()
set(XQNN_CROSS_SYSROOT "${XQNN_CROSS_SYSROOT}" CACHE PATH "Unpacked aarch64 packages (cpuinfo, pthreadpool, FP16, googletest)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES XQNN_CROSS_SYSROOT)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu ${XQNN_CROSS_SYSROOT})
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
