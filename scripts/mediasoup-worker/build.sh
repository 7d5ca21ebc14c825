#!/usr/bin/env bash
# Builds mediasoup-worker without internet access, from the mediasoup npm
# tarball and Debian packages, and caches it by version outside the repository.
# Prints the absolute path of the binary on stdout (all logging goes to stderr).
#
#   scripts/mediasoup-worker/build.sh            # build (or reuse the cache)
#   MS_VERSION=3.27.1 scripts/mediasoup-worker/build.sh
#
# Why each step exists is written next to it; the verified facts behind them are
# in ../shared/mediasoup-offline/README.md of the workspace.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
log() { printf '[mediasoup-worker] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

MS_VERSION="${MS_VERSION:-$(node -p "require('$root/package.json').dependencies.mediasoup")}"
[[ "$MS_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "mediasoup must be pinned to an exact version (got '$MS_VERSION')"
CACHE_ROOT="${GIAOBAN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/giaoban}"
OUT_DIR="$CACHE_ROOT/mediasoup-worker/$MS_VERSION"
OUT="$OUT_DIR/mediasoup-worker"
JOBS="${JOBS:-$(nproc)}"

if [ -x "$OUT" ] && [ -z "${FORCE_BUILD:-}" ]; then
  log "cached: $OUT"
  echo "$OUT"
  exit 0
fi

# --- Debian packages --------------------------------------------------------
# libuv, OpenSSL, flatbuffers and abseil come as Debian's static libraries;
# dpkg-dev unpacks the libsrtp2 source package.
packages=(g++ pkg-config dpkg-dev python3-venv libuv1-dev libssl-dev
  flatbuffers-compiler libflatbuffers-dev libabsl-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing Debian packages (install as root): ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/giaoban-mediasoup-worker.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "building mediasoup-worker $MS_VERSION in $work (about 5 minutes on 2 cores)"

# --- meson >= 1.1 (bookworm ships 1.0.1) ------------------------------------
# pip here is configured with a local wheel index that has meson and ninja; an
# unpinned install picks them up. Fail fast instead of waiting on PyPI.
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --retries 0 --timeout 5 meson ninja >&2 || true
export PATH="$work/venv/bin:$PATH"
meson_version="$(meson --version 2>/dev/null || echo 0)"
case "$meson_version" in
  0*|1.0.*) die "meson >= 1.1 is needed (found '$meson_version'): install it from bookworm-backports (apt-get install -t bookworm-backports meson ninja-build) or a local wheel index" ;;
esac
command -v ninja >/dev/null || die "ninja not found"

# --- mediasoup sources from the npm registry --------------------------------
(cd "$work" && npm pack --silent "mediasoup@$MS_VERSION" >/dev/null && tar xzf "mediasoup-$MS_VERSION.tgz")
W="$work/package/worker"
SP="$W/subprojects"

# Debian's OpenSSL is built with KTLS; mediasoup's DTLS BIO callback answers 1
# to every BIO_ctrl, so OpenSSL believes KTLS send is on and the worker
# segfaults on the first DTLS handshake. One-line fix.
patch -s -d "$work/package" -p1 < "$here/patches/dtls-bio-callback.patch" >&2

# --- libsrtp 2.5 from Debian's source package --------------------------------
# apt needs deb-src entries; derive them from this machine's own Debian sources
# into a private apt state directory, so the system's apt configuration is left
# untouched.
apt_dir="$work/apt"
mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  sed -n '/^Types: deb$/,/^$/p' /etc/apt/sources.list.d/debian.sources \
    | sed 's/^Types: deb$/Types: deb-src/' > "$apt_dir/parts/debian-src.sources"
else
  grep -hE '^deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | grep -E 'debian' | sed 's/^deb\s/deb-src /' > "$apt_dir/parts/debian-src.list"
fi
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1")
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$apt_dir" && apt-get "${apt_opts[@]}" source -qq libsrtp2/bookworm >&2)
srtp_src="$(find "$apt_dir" -maxdepth 1 -type d -name 'libsrtp2-*' | head -n 1)"
[ -n "$srtp_src" ] || die "apt-get source libsrtp2 produced no source tree"
cp -a "$srtp_src" "$SP/libsrtp2"

# --- subprojects --------------------------------------------------------------
# Each wrap of the worker is replaced by a folder named like the wrap's
# `directory =`, so meson (--wrap-mode=nodownload) finds it and never downloads.
wrapdir() { sed -n 's/^directory *= *//p' "$SP/$1.wrap"; }
for shim in libuv openssl flatbuffers unordered-dense libsrtp3 abseil-cpp; do
  target="$SP/$(wrapdir "$shim")"
  [ "$target" != "$SP/" ] || die "no wrap named $shim in mediasoup $MS_VERSION"
  mkdir -p "$target"
  cp -a "$here/shims/$shim/." "$target/"
done

# --- build ------------------------------------------------------------------
meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true \
  "$work/build" "$W" >&2
# libwebrtc includes the generated flatbuffers headers without depending on
# the generator target; generate them first so a parallel build cannot race.
meson compile -C "$work/build" flatbuffers-generator >&2
ninja -C "$work/build" -j"$JOBS" mediasoup-worker >&2

mkdir -p "$OUT_DIR"
cp "$work/build/mediasoup-worker" "$OUT.tmp.$$"
strip "$OUT.tmp.$$" 2>/dev/null || true
mv -f "$OUT.tmp.$$" "$OUT"
log "built $OUT"
echo "$OUT"
