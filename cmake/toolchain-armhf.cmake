# Cross build for armhf Linux with Debian's arm-linux-gnueabihf toolchain
# (gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf); tests run under qemu-user (qemu-arm) through
# CMAKE_CROSSCOMPILING_EMULATOR. The CPU model comes from the QEMU_CPU
# environment variable (qemu-user reads it), so one build runs every ISA tier:
#   QEMU_CPU=cortex-a53 ctest ...
# Libraries of the target (cpuinfo, pthreadpool, FP16, googletest) are found in
# XQNN_CROSS_SYSROOT (a directory of unpacked armhf .debs; scripts/test-cross.sh
# makes it) and in the toolchain's own /usr/arm-linux-gnueabihf.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)

if(NOT XQNN_CROSS_SYSROOT AND DEFINED ENV{XQNN_CROSS_SYSROOT})
  set(XQNN_CROSS_SYSROOT "$ENV{XQNN_CROSS_SYSROOT}")
endif()
set(XQNN_CROSS_SYSROOT "${XQNN_CROSS_SYSROOT}" CACHE PATH "Unpacked armhf packages (cpuinfo, pthreadpool, FP16, googletest)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES XQNN_CROSS_SYSROOT)
set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf ${XQNN_CROSS_SYSROOT})
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L /usr/arm-linux-gnueabihf)
