#!/usr/bin/env bash
# Builds xqnn for wasm32-wasi (Debian's clang-14 + wasi-libc) twice -- the
# scalar build and the WebAssembly SIMD128 build -- and runs the kernel and
# operator test suites under Node.js (node:wasi, cmake/wasm-run.mjs).
#   scripts/test-wasm.sh            both builds, every test (CI: .ci/run)
#   scripts/test-wasm.sh --full     the same: the whole suite (the SIMD build's
#                                   operator tests at XQNN_ISA=scalar and
#                                   wasmsimd) takes about a minute per build
#                                   under node, so CI runs it whole, no subset
#   WASM_VARIANTS="simd" scripts/test-wasm.sh   one build only (scalar, simd)
#   scripts/test-wasm.sh --install-only         only the Debian packages
# Build directories: build-wasm-scalar/ and build-wasm-simd/ (BUILD_PREFIX=...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
full=0
install_only=0
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    --install-only) install_only=1 ;;
    *) echo "usage: $0 [--full | --install-only]" >&2; exit 2 ;;
  esac
done

packages="clang-14 lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32 libc++-14-dev-wasm32 libc++abi-14-dev-wasm32 googletest libfp16-dev cmake"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

[ "$install_only" = 1 ] && exit 0

jobs=$(nproc 2>/dev/null || echo 2)
prefix=${BUILD_PREFIX:-$root/build-wasm}
for variant in ${WASM_VARIANTS:-scalar simd}; do
  case "$variant" in
    scalar) simd=OFF ;;
    simd) simd=ON ;;
    *) echo "unknown variant $variant (scalar, simd)" >&2; exit 2 ;;
  esac
  build="$prefix-$variant"
  echo "== wasm32 $variant build: $build"
  start=$(date +%s)
  cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-wasm32.cmake" \
    -DXQNN_WASM_SIMD=$simd -DCMAKE_BUILD_TYPE=Release -DXQNN_BUILD_BENCHMARKS=OFF \
    -DXQNN_BUILD_MODELS=OFF -DXQNN_BUILD_TOOLS=OFF ${CMAKE_ARGS:-} >/dev/null
  cmake --build "$build" -j "$jobs"
  built=$(date +%s)
  ctest --test-dir "$build" --output-on-failure -j "$jobs" ${CTEST_ARGS:-}
  echo "== wasm32 $variant: build $((built - start)) s, tests $(($(date +%s) - built)) s"
done
