// CMAKE_CROSSCOMPILING_EMULATOR of the wasm32 build (cmake/toolchain-wasm32.cmake):
//   node --no-warnings cmake/wasm-run.mjs PROGRAM.wasm [ARGS...]
// runs a wasm32-wasi command under Node's built-in WASI (preview1) with this
// process's arguments and environment (XQNN_ISA, GTEST_* ...) and the host
// file system mounted at /, and exits with the program's exit status.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [program, ...args] = process.argv.slice(2);
if (program === undefined) {
  console.error('usage: node wasm-run.mjs PROGRAM.wasm [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [program, ...args],
  env: process.env,
  preopens: { '/': '/' },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
