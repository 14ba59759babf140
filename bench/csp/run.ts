/**
 * The CSP channel benchmark: the five workloads of Go's channel benchmark (workloads.ts) for gort
 * and its peers, W5 both through the select adapter and in each library's own select idiom,
 * measured in the same run, printed as markdown tables with absolute numbers and
 * ratios vs gort and vs the Promise-resolver reference channel.
 *
 *   npm run bench -- csp [--reps 3] [--scale 1] [--warmup 0.1] [--workloads pingpong,select]
 *                        [--contenders gort,promise-channel] [--timeout 300] [--json results.json]
 *
 * Each sample is a fresh `node --expose-gc` process (worker.ts, bundled once with esbuild into a
 * temporary directory, so children run without a TypeScript loader) that warms up at `--warmup`
 * times the size first; a cell is the median of `--reps` samples. gort runs with tracing off.
 *
 * The shared benchmark in ../shared/bench/csp (when present) can measure gort too, next to its own
 * contenders and Go: `node ../shared/bench/csp/run.mjs --contender-file bench/csp/gort-adapter.mjs`
 * (optional; this project never needs that folder).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { contenderIds } from './contenders/index.ts';
import { headline, scale, sizes, workloadIds, type Metrics, type WorkloadId } from './workloads.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

const { values: opt } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    scale: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '0.1' },
    workloads: { type: 'string', default: workloadIds.join(',') },
    contenders: { type: 'string', default: contenderIds.join(',') },
    timeout: { type: 'string', default: '300' },
    json: { type: 'string' },
  },
});

function numberOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`Expected --${name} to be a number >= ${min}, got ${value}`);
  return n;
}
function listOption<T extends string>(name: string, value: string, known: readonly T[]): T[] {
  const list = value.split(',').filter((x) => x !== '');
  const bad = list.find((x) => !known.includes(x as T));
  if (bad !== undefined) throw new Error(`Unknown ${name} "${bad}"; expected some of ${known.join(', ')}`);
  return list as T[];
}

const reps = numberOption('reps', opt.reps, 1);
const factor = numberOption('scale', opt.scale, 0);
const warmup = numberOption('warmup', opt.warmup, 0);
const timeoutMs = numberOption('timeout', opt.timeout, 1) * 1000;
const wanted = listOption('workload', opt.workloads, workloadIds);
const contenders = listOption('contender', opt.contenders, contenderIds);
const log = (line: string) => process.stderr.write(`${line}\n`);

type Sample = Metrics & { error?: string; unsupported?: string };
type Cell = { metrics: Metrics } | { unsupported: string } | { error: string };

/** Bundles worker.ts (and each contender as its own chunk) into a temporary directory. */
async function bundleWorker(): Promise<{ dir: string; entry: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gcl-bench-csp-'));
  await build({
    entryPoints: [join(here, 'worker.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outdir: dir,
    absWorkingDir: root, // tsconfig.json paths resolve `gort` to src/runtime
    logLevel: 'warning',
    // CommonJS peers (js-csp, medium) may require() node builtins from inside the ES module
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return { dir, entry: join(dir, 'worker.js') };
}

function runSample(entry: string, id: string, w: WorkloadId): Sample {
  const params = JSON.stringify(scale(sizes[w], factor));
  const child = spawnSync(process.execPath, ['--expose-gc', entry, id, w, params, String(warmup)], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error !== undefined) return { error: child.error.message } as Sample;
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Sample;
  } catch {
    const why = (child.stderr || child.stdout || `exit ${child.status}`)
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    return { error: why } as Sample;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function cellOf(samples: Sample[]): Cell {
  const bad = samples.find((s) => s.unsupported !== undefined || s.error !== undefined);
  if (bad?.unsupported !== undefined) return { unsupported: bad.unsupported };
  if (bad?.error !== undefined) return { error: bad.error };
  const keys = Object.keys(samples[0] ?? {});
  return { metrics: Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]!))])) };
}

/**
 * Speed of a cell: bigger is faster. By wall clock it is the headline metric (throughputs as is,
 * times inverted); by CPU it is 1 / cpuMs, comparable because every contender does the same work.
 */
function speed(cell: Cell | undefined, w: WorkloadId, by: 'wall' | 'cpu'): number | undefined {
  if (cell === undefined || !('metrics' in cell)) return undefined;
  const v = by === 'cpu' ? cell.metrics['cpuMs'] : cell.metrics[headline[w].metric];
  if (v === undefined) return undefined;
  return by === 'wall' && headline[w].higherIsBetter ? v : 1 / v;
}

const fmt = (x: number): string =>
  x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 2 });

function absolute(cell: Cell | undefined, w: WorkloadId): string {
  if (cell === undefined) return '';
  if ('unsupported' in cell) return 'n/a';
  if ('error' in cell) return `ERROR: ${cell.error.slice(0, 80)}`;
  const h = headline[w];
  return [h.metric, ...h.extra].map((k) => fmt(cell.metrics[k] ?? NaN)).join(' / ');
}

function cpuOf(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if ('unsupported' in cell) return 'n/a';
  if ('error' in cell) return 'ERROR';
  return fmt(cell.metrics['cpuMs'] ?? NaN);
}

function ratio(cell: Cell | undefined, base: Cell | undefined, w: WorkloadId, by: 'wall' | 'cpu'): string {
  const a = speed(cell, w, by);
  const b = speed(base, w, by);
  return a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}x`;
}

function table(title: string, rows: string[][]): string {
  const [head = [], ...body] = rows;
  const numeric = head.slice(1).map(() => '---:'); // every column but the first holds numbers
  return [
    `### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|---|${numeric.join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const loadStart = loadavg()[0]!.toFixed(1);
  const { dir, entry } = await bundleWorker();
  const samples = new Map<string, Sample[]>(); // `${id} ${w}` -> samples
  try {
    for (let rep = 1; rep <= reps; rep++) {
      for (const id of contenders) {
        for (const w of wanted) {
          const list = samples.get(`${id} ${w}`) ?? [];
          samples.set(`${id} ${w}`, list);
          if (list.some((s) => s.unsupported !== undefined || s.error !== undefined)) continue;
          const s = runSample(entry, id, w);
          list.push(s);
          log(`[${rep}/${reps}] ${id} ${w}: ${JSON.stringify(s)}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const cells = new Map([...samples].map(([k, list]) => [k, cellOf(list)]));
  const cell = (id: string, w: WorkloadId) => cells.get(`${id} ${w}`);
  const header = (what: (w: WorkloadId) => string) => ['contender', ...wanted.map(what)];
  const metricsOf = (w: WorkloadId) => [headline[w].metric, ...headline[w].extra].join(' / ');

  const out = [
    `## CSP channel benchmark (node ${process.versions.node}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'})`,
    '',
    `Median of ${reps} sample(s), each a fresh process with a warm-up at ${warmup} x size; sizes x ${factor}.`,
    `Ratios compare speed (above 1 is faster than the base): by wall clock on the headline metric`,
    `(throughput, or 1 / time), and by the CPU time the sample's process used, which a busy machine`,
    `disturbs far less. Load average ${loadStart} at the start, ${loadavg()[0]!.toFixed(1)} at the end (${cpus().length} cores).`,

    `W5 twice: \`select\` goes through each contender's \`[index, value]\` select adapter (the shared`,
    `benchmark's form); \`select-idiomatic\` has the consumer loop written in the library's own select`,
    `idiom, no adapter (same producers, sizes, check and metric; js-csp runs its one alts loop for both).`,
    '',
    table('Absolute', [
      header((w) => `${w} (${metricsOf(w)})`),
      ...contenders.map((id) => [id, ...wanted.map((w) => absolute(cell(id, w), w))]),
    ]),
    table('CPU time of the measured part (ms)', [
      header((w) => w),
      ...contenders.map((id) => [id, ...wanted.map((w) => cpuOf(cell(id, w)))]),
    ]),
  ];
  for (const [base, label] of [
    ['gort', 'gort'],
    ['promise-channel', 'the Promise-resolver channel'],
  ] as const) {
    if (!contenders.includes(base)) continue;
    for (const by of ['wall', 'cpu'] as const) {
      out.push(
        table(`Speed relative to ${label} (${by === 'wall' ? 'wall clock' : 'CPU time'})`, [
          header((w) => w),
          ...contenders.map((id) => [id, ...wanted.map((w) => ratio(cell(id, w), cell(base, w), w, by))]),
        ]),
      );
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);

  if (opt.json !== undefined) {
    const json = Object.fromEntries(
      contenders.map((id) => [id, Object.fromEntries(wanted.map((w) => [w, cell(id, w)]))]),
    );
    writeFileSync(
      opt.json,
      `${JSON.stringify({ date: new Date().toISOString(), reps, factor, warmup, table: json }, null, 2)}\n`,
    );
  }
}

await main();
