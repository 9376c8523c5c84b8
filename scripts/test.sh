#!/usr/bin/env bash
# Installs missing dependencies, configures, builds and runs the whole test suite.
#   scripts/test.sh                 Release build in build/
#   BUILD_DIR=... CMAKE_ARGS=... scripts/test.sh   (used by .ci/run for the sanitizer build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=${BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} ${CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs" ${CTEST_ARGS:-}
"$build/test/print-isa-tiers"
