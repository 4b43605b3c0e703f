#!/usr/bin/env bash
# Builds the npm package in pkg/ from the Rust crate, in three Wasm builds of the one crate:
#   scoring  (Scorer, LeadStore)   -> `leadscore`
#   full     (scoring + LeadSet + lifecycle + accounts) -> `leadscore/full`
#   small    (a compiled model, leads as objects, no JSON) -> the engine of `leadscore/visitor`
# the first two for Node (CommonJS, with an ES module entry on the same instance) and for
# browsers and bundlers (an ES module), the small one for browsers: cargo (wasm32) ->
# wasm-bindgen -> wasm-opt; plus the entry points, the visitor scorer, the `leadscore` command
# (bin/, cli/) and the manifest from pkg-config/. Whoever only scores never loads (nor compiles,
# nor downloads) the lifecycle. Needs the wasm32 target, the wasm-bindgen CLI matching
# Cargo.lock and `npm ci` (for wasm-opt and esbuild): scripts/setup.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg
built=target/wasm32-unknown-unknown/release/leadscore.wasm
variants=target/wasm-variants
mkdir -p "$variants"

# Only this crate's features differ between the builds, so the dependencies compile once (per
# profile: the small engine is built for size, in the release-small profile).
build() {
  local name=$1
  shift
  cargo build --quiet --release --target wasm32-unknown-unknown --lib "$@"
  cp "$built" "$variants/$name.wasm"
}
build full
# zmij (the shortest float digits, behind serde_json's number writer) built for size in the
# scoring build: 10.9 KB less gzipped, scoring from objects and LeadStore.push within the spread
# of two identical builds (bench/README.md, "dependencies for size"). Only that build: `full`
# above and the native build keep it at 3.
build scoring --no-default-features --features json --config 'profile.release.package.zmij.opt-level="s"'
cargo build --quiet --profile release-small --target wasm32-unknown-unknown --lib --no-default-features
cp target/wasm32-unknown-unknown/release-small/leadscore.wasm "$variants/small.wasm"

# Binaryen from npm: Debian's is too old for what current rustc emits. -O3 for speed, or the
# flags given (for the small engine, below).
optimize() {
  local file=$1
  shift
  node_modules/.bin/wasm-opt "${@:--O3}" --strip-debug --strip-producers \
    --enable-bulk-memory --enable-reference-types --enable-multivalue \
    --enable-nontrapping-float-to-int --enable-sign-ext \
    "$file" -o "$file"
}

rm -rf "$out"
mkdir -p "$out/node/full" "$out/web/full" "$out/.types"
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/node" --out-name leadscore "$variants/scoring.wasm"
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/node/full" --out-name leadscore "$variants/full.wasm"
wasm-bindgen --target web --weak-refs --out-dir "$out/web" --out-name leadscore "$variants/scoring.wasm"
wasm-bindgen --target web --weak-refs --out-dir "$out/web/full" --out-name leadscore "$variants/full.wasm"
for file in "$out"/node/leadscore_bg.wasm "$out"/node/full/leadscore_bg.wasm "$out"/web/leadscore_bg.wasm "$out"/web/full/leadscore_bg.wasm; do
  optimize "$file"
done

# The package is "type": "module", so wasm-bindgen's CommonJS files must end in .cjs, and so
# must the JavaScript snippets their glue requires (the objects path's writers), made CommonJS,
# and the snippets' requires of each other.
for dir in "$out/node" "$out/node/full"; do
  mv "$dir/leadscore.js" "$dir/leadscore.cjs"
  for snippet in $(find "$dir/snippets" -name '*.js'); do
    node_modules/.bin/esbuild "$snippet" --format=cjs --log-level=warning --outfile="${snippet%.js}.cjs"
    sed -i 's#require("\(\./[^"]*\)\.js")#require("\1.cjs")#' "${snippet%.js}.cjs"
    rm "$snippet"
  done
  sed -i 's#\(snippets/[^`]*\)\.js`#\1.cjs`#' "$dir/leadscore.cjs"
done
rm -f "$out"/node/*.d.ts "$out"/node/full/*.d.ts "$out"/web/leadscore_bg.wasm.d.ts "$out"/web/full/leadscore_bg.wasm.d.ts \
  "$out"/node/package.json "$out"/node/full/package.json "$out"/web/package.json "$out"/web/full/package.json "$out"/.gitignore

# Declarations per entry point, from the Node flavour of each browser build (no web-only init()).
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/.types" --out-name leadscore "$variants/scoring.wasm"
cp "$out/.types/leadscore.d.ts" "$out/index.d.ts"
cp "$out/.types/leadscore.d.ts" "$out/index.d.cts"
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/.types" --out-name leadscore "$variants/full.wasm"
cp "$out/.types/leadscore.d.ts" "$out/full.d.ts"
cp "$out/.types/leadscore.d.ts" "$out/full.d.cts"
rm -rf "$out/.types"
mv "$out/web/leadscore.d.ts" "$out/web/leadscore-glue.d.ts"
mv "$out/web/full/leadscore.d.ts" "$out/web/full/leadscore-glue.d.ts"
# wasm-bindgen declares `[Symbol.dispose]()`: bring in its lib, so that strict projects on an
# older `lib` (es2022) type-check without skipLibCheck (tests/packaging checks this).
for file in "$out"/index.d.ts "$out"/index.d.cts "$out"/full.d.ts "$out"/full.d.cts \
  "$out/web/leadscore-glue.d.ts" "$out/web/full/leadscore-glue.d.ts"; do
  sed -i '1i /// <reference lib="esnext.disposable" />' "$file"
done
sed -i 's#@ts-self-types="./leadscore.d.ts"#@ts-self-types="../index.d.cts"#' "$out/node/leadscore.cjs"
sed -i 's#@ts-self-types="./leadscore.d.ts"#@ts-self-types="../../full.d.cts"#' "$out/node/full/leadscore.cjs"
sed -i 's#@ts-self-types="./leadscore.d.ts"#@ts-self-types="./leadscore-glue.d.ts"#' "$out/web/leadscore.js" "$out/web/full/leadscore.js"

# LeadStore.push's quick path (src/wasm/store-push.js, which wasm-bindgen ships as a snippet) goes
# on the class each scoring glue defines, at the end of the glue.
for glue in "$out/node/leadscore.cjs" "$out/node/full/leadscore.cjs" "$out/web/leadscore.js" "$out/web/full/leadscore.js"; do
  snippet=$(cd "$(dirname "$glue")" && find snippets -name 'store-push.*js')
  case "$glue" in
    *.cjs) echo "require(String.raw\`./$snippet\`).installPush(LeadStore);" >>"$glue" ;;
    *) printf 'import { installPush } from "./%s";\ninstallPush(LeadStore);\n' "$snippet" >>"$glue" ;;
  esac
done

cp pkg-config/node-index.mjs "$out/node/index.mjs"
cp pkg-config/node-full.mjs "$out/node/full/index.mjs"
cp pkg-config/web-index.js "$out/web/index.js"
cp pkg-config/web-full.js "$out/web/full/index.js"
# The visitor scorer (`leadscore/visitor`): the small engine (for browsers, built for size), its
# ES module, and the classic script bundled with the engine's glue.
mkdir -p "$out/visitor/engine"
wasm-bindgen --target web --weak-refs --out-dir "$out/visitor/engine" --out-name leadscore "$variants/small.wasm"
# -Oz, but a function with one caller is inlined into it only when tiny (-ocimfs 25; binaryen
# inlines every such function by default): V8 compiles a function on its first call, whole, so
# the score call and the model's loading as two bodies of 19 and 14 KB compiled their error
# paths and warnings too on the visitor's first score; apart, only what runs is compiled. Smaller
# too (1.4 KB gzipped: bench/README.md, "Size and start-up, round 10").
optimize "$out/visitor/engine/leadscore_bg.wasm" -Oz -ocimfs 25
rm -f "$out"/visitor/engine/*.d.ts "$out/visitor/engine/package.json" "$out/visitor/engine/.gitignore"
node pkg-config/visitor/build.mjs "$out"
# The command-line tool (`leadscore`): CLI-only modules that the library entry points never
# import; its generator is also the `leadscore/generate` export.
mkdir -p "$out/bin" "$out/cli"
cp pkg-config/bin/leadscore.mjs "$out/bin/leadscore.mjs"
chmod +x "$out/bin/leadscore.mjs"
cp pkg-config/cli/*.mjs pkg-config/cli/*.d.ts "$out/cli/"
node pkg-config/write-manifest.mjs "$out"
cp README.md "$out/README.md"

size() { echo "$(wc -c < "$1") bytes ($(gzip -9 -c "$1" | wc -c) gzipped)"; }
echo "built $out/: scoring $(size "$out/web/leadscore_bg.wasm"), full (with the lifecycle) $(size "$out/web/full/leadscore_bg.wasm"), the visitor's small engine $(size "$out/visitor/engine/leadscore_bg.wasm")"

# Let this checkout's tests and examples `import "leadscore"` through the package's exports map.
if [ -d node_modules ] && [ ! -e node_modules/leadscore ]; then
  ln -s ../pkg node_modules/leadscore
fi
