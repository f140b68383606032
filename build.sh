#!/usr/bin/env bash
# Tact's one entry point.
#
#   ./build.sh build     build the extension (dist/chrome, dist/firefox, zips) and the server
#   ./build.sh extension build the extension only
#   ./build.sh run       build, then start `tact serve` with a demo team on 127.0.0.1:8080
#   ./build.sh test      every test: native (SQLite + PostgreSQL), wasm in Chromium, e2e
#   ./build.sh bench     the benchmarks behind the README's performance table
#
# Missing tools are installed on the way, quietly when present: the wasm32 target,
# wasm-bindgen-cli at the version in Cargo.lock, Debian's chromium, chromium-driver, binaryen,
# zip and openssl, and the e2e suite's npm packages from its lockfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

WASM_TARGET=wasm32-unknown-unknown
WASM_PROFILE=wasm-release
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WASM_OUT="$TARGET_DIR/wasm-bindgen"
DIST="$ROOT/dist"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools, installed when missing

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "installing Debian packages needs root or sudo: $*"; fi
}

ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed: is a Debian mirror reachable?"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get could not install ${missing[*]}"
}

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" && return 0
  say "adding the $WASM_TARGET Rust target"
  rustup target add "$WASM_TARGET" >/dev/null || fail "rustup could not add the $WASM_TARGET target"
}

# The version of wasm-bindgen the crate is locked to; the CLI must match it exactly.
locked_wasm_bindgen_version() {
  [ -f Cargo.lock ] || cargo generate-lockfile >/dev/null 2>&1 || fail "cargo could not write Cargo.lock"
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen_cli() {
  local version
  version="$(locked_wasm_bindgen_version)"
  [ -n "$version" ] || fail "Cargo.lock names no wasm-bindgen version"
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$version" ]; then
    return 0
  fi
  say "installing wasm-bindgen-cli $version (a few minutes, once)"
  # --locked first; the CLI's own lock can name crates the registry no longer serves.
  cargo install --quiet wasm-bindgen-cli --version "$version" --locked >/dev/null 2>&1 \
    || cargo install --quiet wasm-bindgen-cli --version "$version" \
    || fail "cargo could not install wasm-bindgen-cli $version"
}

ensure_e2e_packages() {
  local dir="$ROOT/tests/e2e"
  [ -f "$dir/package-lock.json" ] || fail "tests/e2e/package-lock.json is missing"
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  say "installing the e2e suite's npm packages (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed in tests/e2e"
}

# ---------------------------------------------------------------- building

crate_version() { awk -F'"' '/^version = / { print $2; exit }' Cargo.toml; }

build_wasm() {
  ensure_wasm_target
  ensure_wasm_bindgen_cli
  ensure_debian_packages binaryen
  rm -rf "$WASM_OUT" && mkdir -p "$WASM_OUT/unoptimised"
  build_wasm_module agent agent
  build_wasm_module pages tact
  build_wasm_module history history
  build_wasm_module background background
  build_wasm_module sync sync
  build_wasm_module guidelines guidelines
  build_wasm_module console console
}

# Builds one wasm module (see src/web/mod.rs) with cargo feature $1 into $WASM_OUT/$2.js and
# $2_bg.wasm, plus an unoptimised copy to report what wasm-opt saves.
build_wasm_module() {
  local feature="$1" name="$2"
  say "building the $feature wasm module ($WASM_PROFILE)"
  cargo build --quiet --lib --target "$WASM_TARGET" --profile "$WASM_PROFILE" --no-default-features --features "$feature" \
    || fail "the $feature wasm build failed"
  local raw="$WASM_OUT/$name.raw.wasm"
  cp "$TARGET_DIR/$WASM_TARGET/$WASM_PROFILE/tact.wasm" "$raw"
  # wasm-opt runs before wasm-bindgen: Debian's binaryen (108) renumbers the tables of
  # wasm-bindgen's output and breaks its externref table. Features: what Rust's wasm32 target emits.
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$raw" -o "$WASM_OUT/$name.opt.wasm" || fail "wasm-opt failed on the $feature module"
  wasm-bindgen --target web --no-typescript --out-dir "$WASM_OUT" --out-name "$name" "$WASM_OUT/$name.opt.wasm" \
    || fail "wasm-bindgen failed on the $feature module"
  wasm-bindgen --target web --no-typescript --out-dir "$WASM_OUT/unoptimised" --out-name "$name" "$raw" \
    || fail "wasm-bindgen failed on the $feature module"
}

package_extension() {
  ensure_debian_packages zip
  local version
  version="$(crate_version)"
  for browser in chrome firefox; do
    local out="$DIST/$browser"
    rm -rf "$out" && mkdir -p "$out/wasm"
    cp -r extension/_locales extension/icons extension/*.html extension/*.css extension/*.js "$out/"
    cp "$WASM_OUT/agent.js" "$WASM_OUT/agent_bg.wasm" "$WASM_OUT/tact.js" "$WASM_OUT/tact_bg.wasm" "$out/wasm/"
    cp "$WASM_OUT/history.js" "$WASM_OUT/history_bg.wasm" "$out/wasm/"
    cp "$WASM_OUT/background.js" "$WASM_OUT/background_bg.wasm" "$WASM_OUT/sync.js" "$WASM_OUT/sync_bg.wasm" "$out/wasm/"
    cp "$WASM_OUT/guidelines.js" "$WASM_OUT/guidelines_bg.wasm" "$out/wasm/"
    cp "$WASM_OUT/console.js" "$WASM_OUT/console_bg.wasm" "$out/wasm/"
    node extension/manifest.mjs "$browser" "$version" > "$out/manifest.json" || fail "could not write the $browser manifest"
    rm -f "$DIST/tact-$browser.zip"
    # -9: the package budget is < 1 MB zipped; the best level saves ~6 KB over the default.
    (cd "$out" && zip -q -r -X -9 "$DIST/tact-$browser.zip" .) || fail "could not zip the $browser extension"
  done
}

report_sizes() {
  : > "$DIST/sizes.txt"
  for name in agent tact history background sync guidelines console; do
    local raw opt gz
    raw=$(stat -c %s "$WASM_OUT/unoptimised/${name}_bg.wasm")
    opt=$(stat -c %s "$WASM_OUT/${name}_bg.wasm")
    gz=$(gzip -9 -c "$WASM_OUT/${name}_bg.wasm" | wc -c)
    printf 'sizes: %s wasm %s B before wasm-opt, %s B after, %s B gzipped\n' "$name" "$raw" "$opt" "$gz" | tee -a "$DIST/sizes.txt"
  done
  printf 'sizes: extension zip chrome %s B, firefox %s B\n' "$(stat -c %s "$DIST/tact-chrome.zip")" "$(stat -c %s "$DIST/tact-firefox.zip")" \
    | tee -a "$DIST/sizes.txt"
}

build_server() {
  say "building tact serve ($1)"
  if [ "$1" = release ]; then
    cargo build --quiet --release --bin tact || fail "the server build failed"
  else
    cargo build --quiet --bin tact || fail "the server build failed"
  fi
}

build_extension() {
  command -v node >/dev/null || fail "node is needed to write the manifests (Debian: apt-get install nodejs)"
  build_wasm
  package_extension
  report_sizes
}

# ---------------------------------------------------------------- commands

cmd_build() {
  build_extension
  build_server release
}

cmd_run() {
  cmd_build
  mkdir -p tact-data
  cat <<TXT

Tact is built.
  Extension for Chrome/Chromium: $DIST/chrome/  (zip: $DIST/tact-chrome.zip)
    chrome://extensions -> turn on Developer mode -> Load unpacked -> choose dist/chrome
  Extension for Firefox:         $DIST/firefox/ (zip: $DIST/tact-firefox.zip)
    about:debugging#/runtime/this-firefox -> Load Temporary Add-on -> choose dist/firefox/manifest.json
  Demo page with comments:       http://127.0.0.1:8080/demo/
  Data:                          $ROOT/tact-data/ (SQLite)
Press Ctrl-C to stop the server.

TXT
  exec "$TARGET_DIR/release/tact" serve --demo --listen 127.0.0.1:8080 --db "sqlite://$ROOT/tact-data/tact.db"
}

run_native_tests() {
  say "native tests (cargo test: core, server on SQLite and PostgreSQL)"
  cargo test --quiet --no-fail-fast 2>&1 | tee "$TARGET_DIR/native-tests.log" \
    || fail "native tests failed (full log: $TARGET_DIR/native-tests.log)"
}

run_wasm_tests() {
  ensure_debian_packages chromium chromium-driver
  say "wasm tests (wasm-bindgen-test in headless Chromium through ChromeDriver)"
  CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --lib --target "$WASM_TARGET" || fail "wasm tests failed"
}

run_e2e_tests() {
  ensure_debian_packages chromium openssl # openssl: the TLS fixture server's certificate
  ensure_e2e_packages
  build_server debug
  say "e2e tests (real Chromium with dist/chrome loaded, real tact serve)"
  TACT_BIN="$TARGET_DIR/debug/tact" TACT_DIST="$DIST/chrome" \
    node --test --test-concurrency=1 "$ROOT"/tests/e2e/*.test.mjs || fail "e2e tests failed"
}

cmd_test() {
  mkdir -p "$TARGET_DIR"
  build_extension
  run_native_tests
  run_wasm_tests
  run_e2e_tests
  say "all tests passed"
}

# The wasm with the `bench` feature's entry points, optimised like the shipped one.
build_wasm_bench() {
  say "building the wasm benchmarks"
  cargo build --quiet --lib --target "$WASM_TARGET" --profile "$WASM_PROFILE" --features bench \
    --target-dir "$TARGET_DIR/bench-build" || fail "the wasm benchmark build failed"
  local out="$TARGET_DIR/wasm-bench"
  rm -rf "$out" && mkdir -p "$out"
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$TARGET_DIR/bench-build/$WASM_TARGET/$WASM_PROFILE/tact.wasm" -o "$out/tact.opt.wasm" || fail "wasm-opt failed"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name tact "$out/tact.opt.wasm" || fail "wasm-bindgen failed"
}

cmd_bench() {
  build_extension
  say "native benchmarks"
  TACT_BENCH_POSTGRES_URL="${TACT_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}" \
    cargo bench --quiet --bench library_native --bench guidelines_native --bench sync_pull --bench audit --bench history 2>&1 | grep -v "^$" || fail "a native benchmark failed"
  ensure_debian_packages chromium
  ensure_e2e_packages
  build_wasm_bench
  build_server release
  say "in-browser benchmarks (wasm in Chromium)"
  for bench in tests/e2e/bench/*.mjs; do
    TACT_WASM_BENCH="$TARGET_DIR/wasm-bench" TACT_BIN="$TARGET_DIR/release/tact" TACT_DIST="$DIST/chrome" \
      node "$bench" || fail "benchmark $bench failed"
  done
}

case "${1:-}" in
  build) cmd_build ;;
  extension) build_extension ;;
  run) cmd_run ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  *) echo "usage: ./build.sh build|run|test|bench" >&2; exit 2 ;;
esac
