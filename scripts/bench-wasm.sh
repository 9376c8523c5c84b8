#!/usr/bin/env bash
# Times the shipped int8 MobileNet v2 (TFLite, 224x224) under Node.js with the
# wasm32 scalar build and the SIMD128 build of xqnn-tflite (xqnn's fp32
# requantization, one thread), and prints the wasmsimd / scalar speed ratio.
# Only the ratio means something: both run in the same node on the same machine.
#   scripts/bench-wasm.sh [MODEL.tflite] [ITERATIONS]
# Build directories: those of scripts/test-wasm.sh (build-wasm-scalar/ and
# build-wasm-simd/), reconfigured with XQNN_BUILD_TOOLS=ON to add xqnn-tflite
# (the library is not rebuilt; test-wasm.sh turns the option off again).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model=${1:-$root/test/data/tf2_mobilenet_v2_1.0_224_ptq.tflite}
iterations=${2:-5}
"$root/scripts/test-wasm.sh" --install-only
jobs=$(nproc 2>/dev/null || echo 2)
declare -A ms
for variant in scalar simd; do
  simd=$([ "$variant" = simd ] && echo ON || echo OFF)
  build="${BUILD_PREFIX:-$root/build-wasm}-$variant"
  cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-wasm32.cmake" \
    -DXQNN_WASM_SIMD=$simd -DCMAKE_BUILD_TYPE=Release \
    -DXQNN_BUILD_BENCHMARKS=OFF -DXQNN_BUILD_MODELS=OFF -DXQNN_BUILD_TOOLS=ON >/dev/null
  cmake --build "$build" --target xqnn-tflite -j "$jobs" >/dev/null
  out=$(node --no-warnings "$root/cmake/wasm-run.mjs" "$build/tools/xqnn-tflite" "$model" \
        --requantization fp32 --iterations "$iterations")
  echo "== $variant"; echo "$out"
  ms[$variant]=$(echo "$out" | sed -n 's/^latency: median \([0-9.]*\) ms.*/\1/p')
done
echo "wasmsimd / scalar speed ratio (scalar median / wasmsimd median): $(python3 -c "print(f'{${ms[scalar]} / ${ms[simd]}:.2f}x')")"
