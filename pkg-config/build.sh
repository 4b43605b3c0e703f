#!/usr/bin/env bash
# Builds the npm package in pkg/ from the Rust crate:
#   cargo (wasm32, release) -> wasm-bindgen (Node CommonJS + browser ES module) -> wasm-opt -> pkg/
# plus the entry points, the `leadscore` command (bin/, cli/) and the manifest from pkg-config/.
# Needs the wasm32 target, the wasm-bindgen CLI matching Cargo.lock and `npm ci` (for wasm-opt):
# scripts/setup.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg
wasm=target/wasm32-unknown-unknown/release/leadscore.wasm

cargo build --quiet --release --target wasm32-unknown-unknown --lib

rm -rf "$out"
mkdir -p "$out/node" "$out/web"
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/node" --out-name leadscore "$wasm"
wasm-bindgen --target web --weak-refs --out-dir "$out/web" --out-name leadscore "$wasm"

# Binaryen from npm: Debian's is too old for what current rustc emits.
for file in "$out/node/leadscore_bg.wasm" "$out/web/leadscore_bg.wasm"; do
  node_modules/.bin/wasm-opt -O3 --strip-debug --strip-producers \
    --enable-bulk-memory --enable-reference-types --enable-multivalue \
    --enable-nontrapping-float-to-int --enable-sign-ext \
    "$file" -o "$file"
done

# The package is "type": "module", so wasm-bindgen's CommonJS file must end in .cjs.
mv "$out/node/leadscore.js" "$out/node/leadscore.cjs"
rm -f "$out"/node/*.d.ts "$out"/web/leadscore_bg.wasm.d.ts "$out"/node/package.json "$out"/web/package.json "$out"/.gitignore

# One set of declarations for every entry point (the Node build's: no web-only init()).
wasm-bindgen --target nodejs --weak-refs --out-dir "$out/.types" --out-name leadscore "$wasm"
cp "$out/.types/leadscore.d.ts" "$out/index.d.ts"
cp "$out/.types/leadscore.d.ts" "$out/index.d.cts"
rm -rf "$out/.types"
mv "$out/web/leadscore.d.ts" "$out/web/leadscore-glue.d.ts"
# wasm-bindgen declares `[Symbol.dispose]()`: bring in its lib, so that strict projects on an
# older `lib` (es2022) type-check without skipLibCheck (tests/packaging checks this).
for file in "$out/index.d.ts" "$out/index.d.cts" "$out/web/leadscore-glue.d.ts"; do
  sed -i '1i /// <reference lib="esnext.disposable" />' "$file"
done
sed -i 's#@ts-self-types="./leadscore.d.ts"#@ts-self-types="../index.d.cts"#' "$out/node/leadscore.cjs"
sed -i 's#@ts-self-types="./leadscore.d.ts"#@ts-self-types="./leadscore-glue.d.ts"#' "$out/web/leadscore.js"

cp pkg-config/node-index.mjs "$out/node/index.mjs"
cp pkg-config/web-index.js "$out/web/index.js"
# The command-line tool (`leadscore`): CLI-only modules that the library entry points never
# import; its generator is also the `leadscore/generate` export.
mkdir -p "$out/bin" "$out/cli"
cp pkg-config/bin/leadscore.mjs "$out/bin/leadscore.mjs"
chmod +x "$out/bin/leadscore.mjs"
cp pkg-config/cli/*.mjs pkg-config/cli/*.d.ts "$out/cli/"
node pkg-config/write-manifest.mjs "$out"
cp README.md "$out/README.md"

echo "built $out/: $(wc -c < "$out/node/leadscore_bg.wasm") bytes of wasm ($(gzip -9 -c "$out/node/leadscore_bg.wasm" | wc -c) gzipped)"

# Let this checkout's tests and examples `import "leadscore"` through the package's exports map.
if [ -d node_modules ] && [ ! -e node_modules/leadscore ]; then
  ln -s ../pkg node_modules/leadscore
fi
