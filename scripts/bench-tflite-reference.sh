#!/usr/bin/env bash
# Optional: median latency of both shipped models with xqnn-tflite (both
# requantization schemes) and with TensorFlow Lite 2.9's own C library
# (built-in kernels), side by side, on the same deterministic input. Not part of the tests. Needs npm (for the npm
# package tfjs-tflite-node, which ships libtensorflowlite_c.so for linux x86-64
# with its headers) and network access the first time.
#   scripts/bench-tflite-reference.sh
#   THREADS="1 2" ITERATIONS=20 scripts/bench-tflite-reference.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cache=${TFLITE_REFERENCE_DIR:-$build/tflite-reference}
"$root/scripts/install-deps.sh"
if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "bench-tflite-reference: tfjs-tflite-node ships linux x86-64 only" >&2
  exit 1
fi
lib="$cache/package/cc_deps/linux_amd64"
if [ ! -f "$lib/libtensorflowlite_c.so" ]; then
  command -v npm >/dev/null || { echo "bench-tflite-reference: needs npm" >&2; exit 1; }
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent tfjs-tflite-node >/dev/null && tar xf tfjs-tflite-node-*.tgz)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target xqnn-tflite -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$cache/package/cc_deps/include" \
  "$root/bench/tflite-reference.c" -L"$lib" -ltensorflowlite_c -Wl,-rpath,"$lib" \
  -o "$cache/tflite-reference"
median() { sed -n 's/^latency: median \([0-9.]*\) ms.*/\1/p'; }
printf '%-32s %7s %14s %16s %12s %12s\n' model threads "xqnn fp32 (ms)" "xqnn tflite (ms)" "TFLite (ms)" "fp32 ratio"
for model in tf2_mobilenet_v2_1.0_224_ptq mobilenet_v2_1.0_224_quant; do
  for threads in ${THREADS:-1 2}; do
    run_xqnn() {
      "$build/tools/xqnn-tflite" "$root/test/data/$model.tflite" --threads "$threads" \
        --iterations "${ITERATIONS:-20}" --requantization "$1" | median
    }
    f=$(run_xqnn fp32)
    q=$(run_xqnn tflite)
    t=$("$cache/tflite-reference" "$root/test/data/$model.tflite" --threads "$threads" \
        --iterations "${ITERATIONS:-20}" | median)
    printf '%-32s %7s %14s %16s %12s %12s\n' "$model" "$threads" "$f" "$q" "$t" \
      "$(awk -v x="$f" -v t="$t" 'BEGIN { printf "%.2f", x / t }')"
  done
done
echo "(fp32 ratio = xqnn with fp32 requantization / TFLite; medians, machine load affects all)"
