#!/usr/bin/env bash
# Builds xqnn, xqnn-tflite and the Bazel test set (BUILD.bazel) with Bazel,
# offline, and runs the tests. Installs Debian's bazel-bootstrap and the
# library's dependencies if they are missing.
#   scripts/test-bazel.sh [bazel test arguments]    (default: //...)
# Bazel's outputs go to its cache (~/.cache/bazel, or BAZEL_OUTPUT_USER_ROOT);
# the bazel-* symlinks it leaves in the source tree are gitignored.
# BAZEL_SHUTDOWN=1 stops the Bazel server afterwards (CI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if ! command -v bazel >/dev/null 2>&1; then
  echo "test-bazel: installing bazel-bootstrap"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bazel-bootstrap
fi
startup=()
if [ -n "${BAZEL_OUTPUT_USER_ROOT:-}" ]; then
  startup+=(--output_user_root="$BAZEL_OUTPUT_USER_ROOT")
fi
cd "$root"
[ $# -eq 0 ] && set -- //...
rc=0
bazel "${startup[@]}" test "$@" || rc=$?
if [ "${BAZEL_SHUTDOWN:-0}" = 1 ]; then
  bazel "${startup[@]}" shutdown
fi
exit $rc
