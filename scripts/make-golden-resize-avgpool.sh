#!/usr/bin/env bash
# Regenerates test/data/golden/resize-avgpool-*.{tflite,out.bin}: the models
# test/tflite-resize-avgpool.cc builds (AVERAGE_POOL_2D / RESIZE_BILINEAR /
# RESIZE_NEAREST_NEIGHBOR chains and a small segmentation network, int8 and
# uint8) and the outputs TensorFlow Lite 2.9's C library (npm package
# tfjs-tflite-node, as scripts/bench-tflite-reference.sh) computes for them on
# bench/tflite-reference.c's deterministic input. Needs npm (and network
# access the first time); the tests only read the checked-in files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cache=${TFLITE_REFERENCE_DIR:-$build/tflite-reference}
if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "make-golden-resize-avgpool: tfjs-tflite-node ships linux x86-64 only" >&2
  exit 1
fi
lib="$cache/package/cc_deps/linux_amd64"
if [ ! -f "$lib/libtensorflowlite_c.so" ]; then
  command -v npm >/dev/null || { echo "make-golden-resize-avgpool: needs npm" >&2; exit 1; }
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent tfjs-tflite-node >/dev/null && tar xf tfjs-tflite-node-*.tgz)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target tflite-resize-avgpool-test -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$cache/package/cc_deps/include" \
  "$root/bench/tflite-reference.c" -L"$lib" -ltensorflowlite_c -Wl,-rpath,"$lib" \
  -o "$cache/tflite-reference"
golden="$root/test/data/golden"
XQT_WRITE_GOLDEN_DIR="$golden" "$build/test/tflite-resize-avgpool-test" \
  --gtest_filter='TfliteResizeAvgPoolGolden.*' >/dev/null
for model in "$golden"/resize-avgpool-*.tflite; do
  "$cache/tflite-reference" "$model" --iterations 1 --output "${model%.tflite}.out.bin"
done
"$build/test/tflite-resize-avgpool-test"
