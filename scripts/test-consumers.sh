#!/usr/bin/env bash
# Installs xqnn to a temporary prefix and builds examples/convolution-qs8.c
# the ways users do, running each binary:
#   1. CMake find_package(xqnn): xqnn::xqnn (shared) and xqnn::xqnn_static;
#   2. CMake add_subdirectory (configure only: the targets and option defaults);
#   3. pkg-config --cflags --libs xqnn (shared), and --static against a
#      static-only copy of the prefix;
#   4. Bazel, with xqnn as an external repository (skipped with SKIP_BAZEL=1).
#
#   scripts/test-consumers.sh               builds the library (no tests, benchmarks or tools)
#   BUILD_DIR=build scripts/test-consumers.sh   installs an existing build instead (.ci/run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
command -v pkg-config >/dev/null 2>&1 || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config
}
jobs=$(nproc 2>/dev/null || echo 2)
work=$(mktemp -d "${TMPDIR:-/tmp}/xqnn-consumers.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
prefix=$work/prefix
example=$root/examples/convolution-qs8.c
step() { printf '\n=== test-consumers: %s\n' "$*"; }

step "install to $prefix"
build=${BUILD_DIR:-}
if [ -z "$build" ]; then
  build=$work/build
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DXQNN_BUILD_TESTS=OFF \
    -DXQNN_BUILD_BENCHMARKS=OFF -DXQNN_BUILD_MODELS=OFF -DXQNN_BUILD_TOOLS=OFF >/dev/null
  cmake --build "$build" -j "$jobs" --target xqnn_static xqnn_shared
fi
cmake --install "$build" --prefix "$prefix" >/dev/null
find "$prefix" -type f -o -type l | sed "s|^$prefix/||" | sort

step "CMake find_package(xqnn)"
cmake -S "$root/test/consumer" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release
cmake --build "$work/cmake" -j "$jobs"
"$work/cmake/convolution-qs8"  # the shared library, found through the build RPATH
"$work/cmake/convolution-qs8-static"
if readelf -d "$work/cmake/convolution-qs8-static" | grep -q 'libxqnn\.so'; then
  echo "test-consumers: xqnn::xqnn_static linked the shared library" >&2; exit 1
fi

step "CMake add_subdirectory (configure)"
cmake -S "$root/test/consumer" -B "$work/subdirectory" -DXQNN_CONSUMER_SUBDIRECTORY="$root" >/dev/null
echo "configured"

step "pkg-config"
pcdir=$(dirname "$(find "$prefix" -name xqnn.pc)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH=$pcdir
echo "xqnn $(pkg-config --modversion xqnn): $(pkg-config --cflags --libs xqnn) | static: $(pkg-config --static --libs xqnn)"
# shellcheck disable=SC2046
cc -std=c11 -O2 "$example" -o "$work/pc-shared" $(pkg-config --cflags --libs xqnn) -lm  # -lm: the example's own
LD_LIBRARY_PATH=$libdir "$work/pc-shared"
# A static-only install: -lxqnn finds libxqnn.a, --static adds Libs.private.
cp -a "$prefix" "$work/prefix-static"
rm -f "$work/prefix-static/${libdir#"$prefix"/}"/libxqnn.so*
export PKG_CONFIG_PATH=$work/prefix-static/${pcdir#"$prefix"/}
# shellcheck disable=SC2046
cc -std=c11 -O2 "$example" -o "$work/pc-static" $(pkg-config --static --cflags --libs xqnn) -lm
"$work/pc-static"
if readelf -d "$work/pc-static" | grep -q 'libxqnn\.so'; then
  echo "test-consumers: pkg-config --static linked the shared library" >&2; exit 1
fi
unset PKG_CONFIG_PATH

if [ "${SKIP_BAZEL:-0}" = 1 ]; then
  step "Bazel: skipped (SKIP_BAZEL=1)"
else
  step "Bazel (@xqnn as an external repository)"
  command -v bazel >/dev/null 2>&1 || {
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bazel-bootstrap
  }
  ws=$work/bazel
  mkdir -p "$ws"
  cp "$root/test/consumer/bazel/BUILD.bazel" "$example" "$ws/"
  # The repositories of xqnn's own WORKSPACE, with absolute paths.
  {
    echo 'workspace(name = "xqnn_consumer")'
    echo "local_repository(name = \"xqnn\", path = \"$root\")"
    for repo in rules_cc rules_java remote_coverage_tools; do
      echo "local_repository(name = \"$repo\", path = \"$root/bazel/offline/$repo\")"
    done
    echo 'local_repository(name = "platforms", path = "/usr/share/bazel/platforms")'
  } > "$ws/WORKSPACE"
  cp "$root/.bazelrc" "$ws/.bazelrc"
  # Its own output root under $work: removed with it, nothing left in ~/.cache.
  (cd "$ws" && bazel --output_user_root="$work/bazel-out" build //:convolution-qs8 \
     && ./bazel-bin/convolution-qs8; rc=$?; bazel --output_user_root="$work/bazel-out" shutdown; exit $rc)
fi
step "all consumers passed"
