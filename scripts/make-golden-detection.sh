#!/usr/bin/env bash
# Regenerates test/data/golden/detection-{uint8,int8}.{tflite,out.bin}:
# the models test/tflite-detection.cc builds (small SSD-like uint8 and int8 detectors with
# TFLite_Detection_PostProcess) and the four float outputs (concatenated) that
# TensorFlow Lite 2.9's C library (npm package
# tfjs-tflite-node, as scripts/bench-tflite-reference.sh) computes for them on
# bench/tflite-reference.c's deterministic input. Needs npm (and network
# access the first time); the tests only read the checked-in files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cache=${TFLITE_REFERENCE_DIR:-$build/tflite-reference}
if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "make-golden-detection: tfjs-tflite-node ships linux x86-64 only" >&2
  exit 1
fi
lib="$cache/package/cc_deps/linux_amd64"
if [ ! -f "$lib/libtensorflowlite_c.so" ]; then
  command -v npm >/dev/null || { echo "make-golden-detection: needs npm" >&2; exit 1; }
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent tfjs-tflite-node >/dev/null && tar xf tfjs-tflite-node-*.tgz)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target tflite-detection-test -j 2 >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$cache/package/cc_deps/include" \
  "$root/bench/tflite-reference.c" -L"$lib" -ltensorflowlite_c -Wl,-rpath,"$lib" \
  -o "$cache/tflite-reference"
golden="$root/test/data/golden"
XQT_WRITE_GOLDEN_DIR="$golden" "$build/test/tflite-detection-test" \
  --gtest_filter='TfliteDetectionGolden.*' >/dev/null
for name in uint8 int8; do
  "$cache/tflite-reference" "$golden/detection-$name.tflite" --iterations 1 \
    --output "$golden/detection-$name.out.bin"  # every output, concatenated
done
"$build/test/tflite-detection-test"
