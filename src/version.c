#include "xqnn.h"

#define XQNN_STRINGIFY_(x) #x
#define XQNN_STRINGIFY(x) XQNN_STRINGIFY_(x)

uint32_t xqnn_version(void) {
  return XQNN_VERSION_NUMBER;
}

const char* xqnn_version_string(void) {
  return XQNN_STRINGIFY(XQNN_VERSION_MAJOR) "." XQNN_STRINGIFY(XQNN_VERSION_MINOR) "." XQNN_STRINGIFY(XQNN_VERSION_PATCH);
}
