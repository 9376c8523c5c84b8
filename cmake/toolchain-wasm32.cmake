# wasm32-wasi with Debian 12's clang-14, wasi-libc, libclang-rt-14-dev-wasm32
# and libc++-14-dev-wasm32 / libc++abi-14-dev-wasm32 (scripts/test-wasm.sh
# installs them). Programs run under Node.js (node:wasi, cmake/wasm-run.mjs).
#   cmake -S . -B build-wasm -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-wasm32.cmake [-DXQNN_WASM_SIMD=ON]
# XQNN_WASM_SIMD=ON compiles everything with -msimd128 and adds the wasmsimd
# kernels; the library then always runs the wasmsimd tier (wasm has no
# run-time feature query), or the scalar one under XQNN_ISA=scalar. It sets
# the initial CMAKE_C_FLAGS / CMAKE_CXX_FLAGS, so choose it when a build
# directory is first configured (scripts/test-wasm.sh uses one per variant).
# CMake 3.25 has no WASI platform module: Generic (static libraries only).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(triple wasm32-wasi)

set(CMAKE_C_COMPILER clang-14)
set(CMAKE_CXX_COMPILER clang++-14)
set(CMAKE_AR llvm-ar-14 CACHE FILEPATH "")
set(CMAKE_RANLIB llvm-ranlib-14 CACHE FILEPATH "")
set(CMAKE_C_COMPILER_TARGET ${triple})
set(CMAKE_CXX_COMPILER_TARGET ${triple})

option(XQNN_WASM_SIMD "Build for WebAssembly SIMD128 (-msimd128)" OFF)
set(flags "")
if(XQNN_WASM_SIMD)
  set(flags "-msimd128")
endif()
# No exceptions on wasm32-wasi (googletest is built with GTEST_HAS_EXCEPTIONS=0).
set(CMAKE_C_FLAGS_INIT "${flags}")
set(CMAKE_CXX_FLAGS_INIT "${flags} -fno-exceptions")
# Tests use a few MB of stack and a growing heap.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-z,stack-size=8388608 -Wl,--max-memory=4294967296")

find_program(XQNN_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${XQNN_NODE} --no-warnings ${CMAKE_CURRENT_LIST_DIR}/wasm-run.mjs)

# Only wasi-libc's libraries (the host's libm must not be found).
set(MATH_LIBRARY /usr/lib/wasm32-wasi/libm.a CACHE FILEPATH "wasi-libc's libm")
# Header-only packages (FP16) from the host's /usr/include, which clang's
# wasm32-wasi search path already ends with (after /usr/include/wasm32-wasi).
set(CMAKE_INCLUDE_PATH /usr/include)
