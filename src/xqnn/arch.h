// The target architecture, spelled once: every guard in the library, the
// .inc lists, tests and benchmarks uses these (each 0 or 1).
#pragma once

#if defined(__x86_64__) || defined(_M_X64)
#define XQNN_ARCH_X86_64 1
#else
#define XQNN_ARCH_X86_64 0
#endif

#if defined(__i386__) || defined(_M_IX86)
#define XQNN_ARCH_X86 1
#else
#define XQNN_ARCH_X86 0
#endif

#if defined(__aarch64__) || defined(_M_ARM64)
#define XQNN_ARCH_ARM64 1
#else
#define XQNN_ARCH_ARM64 0
#endif

#if defined(__arm__) || defined(_M_ARM)
#define XQNN_ARCH_ARM 1
#else
#define XQNN_ARCH_ARM 0
#endif

#if defined(__wasm__)
#define XQNN_ARCH_WASM 1
#else
#define XQNN_ARCH_WASM 0
#endif

// wasm32 built with SIMD128 (-msimd128): the *-wasmsimd.c kernels exist.
#if defined(__wasm__) && defined(__wasm_simd128__)
#define XQNN_ARCH_WASMSIMD 1
#else
#define XQNN_ARCH_WASMSIMD 0
#endif

// cpuinfo detects the CPU's features at run time; builds without it (wasm32)
// fix the ISA at compile time.
#ifndef XQNN_HAVE_CPUINFO
#define XQNN_HAVE_CPUINFO 1
#endif
