# Shared by scripts/test and scripts/demo: pick the LLVM version, install what is missing,
# configure and build. Source it; it sets LLVM_MAJOR, BUILD_DIR and CLANG.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLVM_MAJOR="${LLVM_MAJOR:-19}"

# Debian packages this project needs for LLVM $LLVM_MAJOR.
wdklock_packages() {
  echo "cmake ninja-build python3 clang-$LLVM_MAJOR libclang-$LLVM_MAJOR-dev llvm-$LLVM_MAJOR-dev" \
       "llvm-$LLVM_MAJOR-tools clang-tools-$LLVM_MAJOR libclang-rt-$LLVM_MAJOR-dev mingw-w64-x86-64-dev googletest libgtest-dev make"
}

# Installs the project's packages, and the extra ones given as arguments, when missing.
ensure_packages() {
  local missing=()
  for p in $(wdklock_packages) "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "wdklock: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

configure_and_build() {
  BUILD_DIR="${BUILD_DIR:-$ROOT/build$([ "$LLVM_MAJOR" = 19 ] || echo "-llvm$LLVM_MAJOR")}"
  local gen=()
  command -v ninja >/dev/null && [ ! -f "$BUILD_DIR/Makefile" ] && gen=(-G Ninja)
  cmake -S "$ROOT" -B "$BUILD_DIR" "${gen[@]}" \
    -DClang_DIR="/usr/lib/llvm-$LLVM_MAJOR/lib/cmake/clang" ${WDKLOCK_CMAKE_ARGS:-} >/dev/null
  cmake --build "$BUILD_DIR" -j"${JOBS:-2}"
  CLANG="/usr/lib/llvm-$LLVM_MAJOR/bin/clang"
}
