#!/usr/bin/env bash
# Cross-builds xqnn for 64-bit or 32-bit ARM Linux and runs its tests under
# qemu-user, every ISA tier on a CPU model that has it (and the kernel tests
# on one that lacks the dot product, to prove dispatch):
#   scripts/test-cross.sh aarch64 [--full]
#   scripts/test-cross.sh armhf [--full]
#   scripts/test-cross.sh aarch64 --bench   also builds the benchmarks and the
#     xqnn-tflite model runner and runs them once under qemu (a smoke test:
#     qemu timings are not speed; bench/README.md)
# Everything comes from Debian 12 packages: the cross compilers and qemu-user
# are installed if missing; the target's cpuinfo, pthreadpool and FP16 .debs
# are downloaded with a private apt configuration (the host's dpkg is never
# given a foreign architecture) and unpacked into build-cross-<arch>/sysroot;
# googletest is built from /usr/src/googletest with the cross compiler.
#
# Default (CI) run: the kernel tests (every .inc row of every tier) and the
# xqnn-tflite tests (the real MobileNet v2 models against TFLite's tensors) in
# full; the operator tests at every tier, each on a CPU model that has it: every
# case at the SIMD tiers, the scalar tier without its long random sweeps
# (XQNN_CROSS_FILTER, a gtest filter, overrides that); --full runs every case
# at every tier. BUILD_DIR overrides build-cross-<arch>.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:-}
full=0
bench=0
for option in "${@:2}"; do
  case "$option" in
    --full) full=1 ;;
    --bench) bench=1 ;;
    *) echo "usage: $0 aarch64|armhf [--full] [--bench]" >&2; exit 2 ;;
  esac
done
case "$arch" in
  aarch64)
    triple=aarch64-linux-gnu; debarch=arm64; qemu=qemu-aarch64
    # tier -> a qemu CPU model that has it (and lacks the tiers above it)
    cpus="scalar:cortex-a53 neon:cortex-a53 neondot:cortex-a76 neoni8mm:max"
    kernel_cpus="cortex-a53 cortex-a76 max"
    ;;
  armhf)
    triple=arm-linux-gnueabihf; debarch=armhf; qemu=qemu-arm
    cpus="scalar:cortex-a15 neon:cortex-a15 neondot:max"
    kernel_cpus="cortex-a15 max"
    ;;
  *)
    echo "usage: $0 aarch64|armhf [--full] [--bench]" >&2
    exit 2
    ;;
esac
build=${BUILD_DIR:-$root/build-cross-$arch}
sysroot=$build/sysroot
jobs=$(nproc 2>/dev/null || echo 2)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# ---- host packages: cross compilers, qemu-user, cmake, googletest sources ----
need=""
for p in gcc-$triple g++-$triple qemu-user cmake googletest; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

# ---- target libraries: .debs of the target architecture, unpacked ----
apt_dir=$build/apt
apt_opts=(-o "APT::Architecture=$debarch" -o "APT::Architectures=$debarch"
  -o "Dir::State=$apt_dir/state" -o "Dir::State::status=$apt_dir/state/status"
  -o "Dir::Cache=$apt_dir/cache" -o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
  -o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d" -o "Dir::Etc::Preferences=$apt_dir/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
stamp=$sysroot/.complete
if [ ! -f "$stamp" ]; then
  rm -rf "$apt_dir" "$sysroot"
  mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/sources.list.d" \
    "$apt_dir/etc/preferences.d" "$apt_dir/debs" "$sysroot"
  touch "$apt_dir/state/status"
  # The host's Debian sources (one-line and deb822 formats), for the target architecture.
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      grep -E '^deb[[:space:]]' "$f" | grep -i 'debian' | \
        sed -E "s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?/deb [arch=$debarch signed-by=\/usr\/share\/keyrings\/debian-archive-keyring.gpg] /"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk -v arch="$debarch" '
        function flush() {
          if (uris != "" && uris ~ /debian/ && types ~ /(^| )deb( |$)/) {
            n = split(uris, u, " "); m = split(suites, s, " ")
            for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
              printf "deb [arch=%s signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s %s\n", arch, u[i], s[j], comps
          }
          uris = ""; suites = ""; comps = ""; types = ""
        }
        /^[[:space:]]*$/ { flush(); next }
        /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
        /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
        /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
        /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
        END { flush() }' "$f"
    done
  } > "$apt_dir/etc/sources.list"
  if [ ! -s "$apt_dir/etc/sources.list" ]; then
    echo "test-cross.sh: no Debian source in /etc/apt/sources.list*" >&2
    exit 1
  fi
  apt-get "${apt_opts[@]}" update -qq
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download \
    libcpuinfo0 libcpuinfo-dev libpthreadpool0 libpthreadpool-dev libfp16-dev)
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  # googletest for the target, from the host's sources.
  cmake -S /usr/src/googletest -B "$build/googletest" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-$arch.cmake" -DXQNN_CROSS_SYSROOT="$sysroot" \
    -DCMAKE_INSTALL_PREFIX="$sysroot/usr" -DBUILD_GMOCK=OFF -DINSTALL_GTEST=ON > /dev/null
  cmake --build "$build/googletest" -j "$jobs" > /dev/null
  cmake --install "$build/googletest" > /dev/null
  touch "$stamp"
fi

# google-benchmark for --bench (its own stamp: the sysroot above may predate it).
if [ "$bench" = 1 ] && [ ! -f "$sysroot/.benchmark" ]; then
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download libbenchmark-dev libbenchmark1debian)
  for deb in "$apt_dir"/debs/libbenchmark*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  touch "$sysroot/.benchmark"
fi

# ---- configure, build ----
tiers=""
for c in $cpus; do tiers="$tiers;${c%%:*}"; done
tiers=${tiers#;}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-$arch.cmake" -DXQNN_CROSS_SYSROOT="$sysroot" \
  -DXQNN_BUILD_BENCHMARKS=$([ "$bench" = 1 ] && echo ON || echo OFF) -DXQNN_BUILD_MODELS=OFF \
  -DXQNN_BUILD_TOOLS=ON \
  "-DXQNN_TEST_ISAS=$tiers" ${CMAKE_ARGS:-} > /dev/null
cmake --build "$build" -j "$jobs"

# ---- tests under qemu ----
export QEMU_LD_PREFIX=/usr/$triple
# The operator tests' cases carry fixed seeds. By default the scalar tier skips
# the long random-shape sweeps: its kernels are the portable C that the native
# x86-64 CI runs in full (XQNN_CROSS_FILTER, a gtest filter, overrides this).
scalar_filter=${XQNN_CROSS_FILTER:-}
if [ "$full" = 0 ] && [ -z "$scalar_filter" ]; then
  scalar_filter='-*Sweep*:*Random*:*AllShapes*'
fi
start=$SECONDS
status=0
# Every kernel test on the CPU with every feature; the kernel tests that list
# ISA rows (and the XQNN_ISA tests) again on the smaller CPU models, where the
# rows they lack must be skipped, not fault.
best_cpu=${kernel_cpus##* }
for cpu in $kernel_cpus; do
  if [ "$cpu" = "$best_cpu" ]; then
    echo "== kernel tests, QEMU_CPU=$cpu"
    QEMU_CPU=$cpu ctest --test-dir "$build" --output-on-failure -j "$jobs" -E '^operator-' || status=1
  else
    echo "== kernel tests with ISA rows, QEMU_CPU=$cpu"
    QEMU_CPU=$cpu ctest --test-dir "$build" --output-on-failure -j "$jobs" \
      -R '^(gemm|qd8-gemm|dwconv|vbinary|gavgpool|vcvt|vcvt-qd8|isa-environment-.*|api-initialization)$' || status=1
  fi
done
for c in $cpus; do
  tier=${c%%:*}; cpu=${c#*:}
  filter=${XQNN_CROSS_FILTER:-}
  [ "$tier" = scalar ] && filter=$scalar_filter
  # (an empty GTEST_FILTER would select no test at all: set it only when given)
  vars=("QEMU_CPU=$cpu")
  [ -n "$filter" ] && vars+=("GTEST_FILTER=$filter")
  echo "== operator tests, XQNN_ISA=$tier, QEMU_CPU=$cpu${filter:+, GTEST_FILTER=$filter}"
  env "${vars[@]}" ctest --test-dir "$build" --output-on-failure -j "$jobs" -R "^operator-.*-$tier\$" || status=1
done
if [ "$bench" = 1 ]; then
  echo "== benchmarks, QEMU_CPU=max (smoke test: qemu timings are not speed)"
  for b in gemm-bench dwconv-bench; do
    QEMU_CPU=max $qemu "$build/bench/$b" --benchmark_min_time=0.001 --benchmark_filter='neon|scalar' \
      > "$build/$b.txt" 2>&1 || { echo "$b failed:"; tail -20 "$build/$b.txt"; status=1; }
    echo "$b: $(grep -c '_ukernel_' "$build/$b.txt" || true) kernel benchmarks ran (output in $build/$b.txt)"
  done
  for model in "$root"/test/data/*mobilenet*.tflite; do
    QEMU_CPU=max $qemu "$build/tools/xqnn-tflite" "$model" --image "$root/test/data/cat.bmp" \
      --labels "$root/test/data/imagenet_labels.txt" --iterations 1 --requantization fp32 | sed -n '1p;4p;$p' || status=1
  done
fi
QEMU_CPU=max $qemu "$build/test/print-isa-tiers" || true
echo "test-cross.sh $arch: tests took $((SECONDS - start)) s"
exit $status
