// gort as a contender of the shared CSP benchmark (../shared/bench/csp), when that folder exists:
//
//   node ../shared/bench/csp/run.mjs --contender-file bench/csp/gort-adapter.mjs [--contenders baseline]
//
// Optional: `npm run bench` never needs it. The shared runner starts plain node, which cannot
// resolve the `gort` import of contenders/gort.ts, so this file bundles that contender and this
// project's workloads with esbuild into a temporary file and imports it. gort's goroutines must be
// started with go() inside a program, so every workload is given to the shared worker as a native
// one: this project's own implementation (same sizes, checks and metrics), run as the program's
// main goroutine, tracing off. The shared worker calls a workload twice (warm-up, then measured);
// each call runs a fresh gort program.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gort-adapter-'));
const out = join(dir, 'gort.mjs');
let mod;
try {
  await build({
    stdin: {
      contents: "export { gort } from './contenders/gort.ts'; export { workloads } from './workloads.ts';",
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outfile: out,
    absWorkingDir: join(here, '..', '..'), // tsconfig.json paths resolve `gort` to src/runtime
    logLevel: 'warning',
  });
  mod = await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { gort, workloads } = mod;

export default {
  name: 'gort',
  chan: gort.chan,
  send: gort.send,
  recv: gort.recv,
  close: gort.close,
  selector: gort.selector,
  workloads: Object.fromEntries(
    Object.entries(workloads).map(([id, run]) => [id, (_A, params) => gort.run(() => run(gort, params))]),
  ),
  notes: [
    'this project’s runtime; workloads from bench/csp/workloads.ts, each run as a gort program (tracing off)',
  ],
};
