// Compiler portability macros and small helpers shared by every file.
#pragma once

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define XQNN_INLINE inline __attribute__((__always_inline__))
#define XQNN_LIKELY(x) __builtin_expect(!!(x), 1)
#define XQNN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define XQNN_INLINE inline
#define XQNN_LIKELY(x) (x)
#define XQNN_UNLIKELY(x) (x)
#endif

#ifdef __cplusplus
#define XQNN_RESTRICT
#else
#define XQNN_RESTRICT restrict
#endif

// Alignment of packed weights, indirection buffers and other allocations.
#define XQNN_ALLOCATION_ALIGNMENT 64

#define XQNN_COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

// Logging of bad input: one line on stderr in debug builds. Release builds
// compile the call away but still type-check its arguments.
#include <stdio.h>
#ifdef NDEBUG
#define xqnn_log_error(...) \
  do { if (0) fprintf(stderr, __VA_ARGS__); } while (0)
#else
#define xqnn_log_error(...) \
  do { fprintf(stderr, "xqnn error: "); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } while (0)
#endif
