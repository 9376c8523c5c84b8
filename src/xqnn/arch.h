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

// XQNN_HAVE_<ISA>_FLAGS (set by the build): 1 when the compiler built the
// <ISA> kernel files. Code naming a tier's kernels wraps them in
// XQNN_IF_<ISA>(...), so a compiler lacking a tier's flags drops that tier
// instead of failing to link. Defaults: every x86-64 tier.
#ifndef XQNN_HAVE_SSE2_FLAGS
#define XQNN_HAVE_SSE2_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_SSE2_FLAGS
#define XQNN_IF_SSE2(...) __VA_ARGS__
#else
#define XQNN_IF_SSE2(...)
#endif
#ifndef XQNN_HAVE_SSSE3_FLAGS
#define XQNN_HAVE_SSSE3_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_SSSE3_FLAGS
#define XQNN_IF_SSSE3(...) __VA_ARGS__
#else
#define XQNN_IF_SSSE3(...)
#endif
#ifndef XQNN_HAVE_SSE41_FLAGS
#define XQNN_HAVE_SSE41_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_SSE41_FLAGS
#define XQNN_IF_SSE41(...) __VA_ARGS__
#else
#define XQNN_IF_SSE41(...)
#endif
#ifndef XQNN_HAVE_AVX_FLAGS
#define XQNN_HAVE_AVX_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_AVX_FLAGS
#define XQNN_IF_AVX(...) __VA_ARGS__
#else
#define XQNN_IF_AVX(...)
#endif
#ifndef XQNN_HAVE_AVX2_FLAGS
#define XQNN_HAVE_AVX2_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_AVX2_FLAGS
#define XQNN_IF_AVX2(...) __VA_ARGS__
#else
#define XQNN_IF_AVX2(...)
#endif
#ifndef XQNN_HAVE_AVX512SKX_FLAGS
#define XQNN_HAVE_AVX512SKX_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_AVX512SKX_FLAGS
#define XQNN_IF_AVX512SKX(...) __VA_ARGS__
#else
#define XQNN_IF_AVX512SKX(...)
#endif
#ifndef XQNN_HAVE_AVX512VNNI_FLAGS
#define XQNN_HAVE_AVX512VNNI_FLAGS XQNN_ARCH_X86_64
#endif
#if XQNN_HAVE_AVX512VNNI_FLAGS
#define XQNN_IF_AVX512VNNI(...) __VA_ARGS__
#else
#define XQNN_IF_AVX512VNNI(...)
#endif

// The same by the lowercase ISA suffix of kernel names (for macros that paste it).
#define XQNN_IF_ISA_scalar(...) __VA_ARGS__
#define XQNN_IF_ISA_sse2(...) XQNN_IF_SSE2(__VA_ARGS__)
#define XQNN_IF_ISA_ssse3(...) XQNN_IF_SSSE3(__VA_ARGS__)
#define XQNN_IF_ISA_sse41(...) XQNN_IF_SSE41(__VA_ARGS__)
#define XQNN_IF_ISA_avx(...) XQNN_IF_AVX(__VA_ARGS__)
#define XQNN_IF_ISA_avx2(...) XQNN_IF_AVX2(__VA_ARGS__)
#define XQNN_IF_ISA_avx2_madd(...) XQNN_IF_AVX2(__VA_ARGS__)
#define XQNN_IF_ISA_avx2_w16(...) XQNN_IF_AVX2(__VA_ARGS__)
#define XQNN_IF_ISA_avx512skx(...) XQNN_IF_AVX512SKX(__VA_ARGS__)
#define XQNN_IF_ISA_avx512vnni(...) XQNN_IF_AVX512VNNI(__VA_ARGS__)
// ARM and WebAssembly kernels are built whenever their architecture is.
#define XQNN_IF_ISA_neon(...) __VA_ARGS__
#define XQNN_IF_ISA_neon_mull(...) __VA_ARGS__
#define XQNN_IF_ISA_neondot(...) __VA_ARGS__
#define XQNN_IF_ISA_neoni8mm(...) __VA_ARGS__
#define XQNN_IF_ISA_wasmsimd(...) __VA_ARGS__
