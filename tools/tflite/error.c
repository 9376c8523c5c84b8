#include "error.h"

#include <stdarg.h>
#include <stdio.h>

bool xqt_fail(struct xqt_error* err, const char* format, ...) {
  if (err != NULL) {
    va_list args;
    va_start(args, format);
    vsnprintf(err->message, sizeof(err->message), format, args);
    va_end(args);
  }
  return false;
}
