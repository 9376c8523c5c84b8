// Error reporting for the TFLite runner: one human-readable message.
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct xqt_error {
  char message[512];
};

// Formats the message (printf-style) into err (when non-NULL); returns false
// so that callers can write `return xqt_fail(err, ...);`.
bool xqt_fail(struct xqt_error* err, const char* format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#ifdef __cplusplus
}  // extern "C"
#endif
