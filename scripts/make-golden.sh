#!/usr/bin/env bash
# Regenerates golden data of a TFLite test: the models test/<TEST>.cc builds
# (its *Golden* tests write them when XQT_WRITE_GOLDEN_DIR is set) and the
# outputs TensorFlow Lite 2.9's C library (npm package tfjs-tflite-node, as
# scripts/bench-tflite-reference.sh) computes for them on
# bench/tflite-reference.c's deterministic input, into test/data/golden/
# (NAME.tflite and NAME.out.bin). Needs npm (and network access the first
# time); the tests only read the checked-in files.
#   scripts/make-golden.sh tflite-pool-pad       (also: tflite-activations, tflite-16x8, ...)
set -euo pipefail
test_name=${1:?usage: scripts/make-golden.sh TEST (a test/TEST.cc with *Golden* tests)}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cache=${TFLITE_REFERENCE_DIR:-$build/tflite-reference}
if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "make-golden: tfjs-tflite-node ships linux x86-64 only" >&2
  exit 1
fi
lib="$cache/package/cc_deps/linux_amd64"
if [ ! -f "$lib/libtensorflowlite_c.so" ]; then
  command -v npm >/dev/null || { echo "make-golden: needs npm" >&2; exit 1; }
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent tfjs-tflite-node >/dev/null && tar xf tfjs-tflite-node-*.tgz)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target "$test_name-test" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$cache/package/cc_deps/include" \
  "$root/bench/tflite-reference.c" -L"$lib" -ltensorflowlite_c -Wl,-rpath,"$lib" \
  -o "$cache/tflite-reference"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
XQT_WRITE_GOLDEN_DIR="$staging" "$build/test/$test_name-test" --gtest_filter='*Golden*' >/dev/null
models=("$staging"/*.tflite)
[ -e "${models[0]}" ] || { echo "make-golden: $test_name wrote no model" >&2; exit 1; }
golden="$root/test/data/golden"
for model in "${models[@]}"; do
  name=$(basename "$model" .tflite)
  "$cache/tflite-reference" "$model" --iterations 1 --output "$staging/$name.out.bin"
  mv "$model" "$staging/$name.out.bin" "$golden/"
  echo "make-golden: test/data/golden/$name.{tflite,out.bin}"
done
"$build/test/$test_name-test"
