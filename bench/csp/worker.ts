/**
 * One sample: runs one workload of one contender in this (fresh) process and prints one JSON line,
 * the workload's metrics, `{ unsupported }` or `{ error }`. With a warm-up fraction f > 0 the
 * workload first runs once at f times its size (JIT warm-up); only the full-size run is reported.
 * `select-idiomatic` exists only as a contender's native workload (the consumer written in the
 * library's own select idiom); a contender without one reports it as n/a.
 *
 *   node --expose-gc worker.mjs <contender-id> <workload> '<params-json>' [warmup-fraction]
 *
 * run.ts bundles this file with esbuild, so the child is plain node without a TypeScript loader.
 */
import { contenderLoaders } from './contenders/index.ts';
import { scale, workloadIds, workloads, type Metrics, type Params, type WorkloadId } from './workloads.ts';

async function sample(): Promise<Record<string, unknown>> {
  const [id = '', workload = '', paramsJson = '{}', warmup = '0'] = process.argv.slice(2);
  const load = contenderLoaders[id];
  if (load === undefined) return { error: `unknown contender ${id}` };
  if (!workloadIds.includes(workload as WorkloadId)) return { error: `unknown workload ${workload}` };
  const w = workload as WorkloadId;
  const A = await load();
  const why = A.unsupported?.[w];
  if (why !== undefined) return { unsupported: why };
  const native = A.native?.[w];
  let run: (p: Params) => Promise<Metrics>;
  if (native !== undefined) run = native;
  else if (w === 'select-idiomatic') return { unsupported: 'no select in its own idiom written' };
  else if (w === 'select' && A.selector === undefined) return { unsupported: 'no select' };
  else run = (p) => workloads[w](A, p);
  const params = JSON.parse(paramsJson) as Params;
  const f = Number(warmup);
  const body = async () => {
    if (f > 0) await run(scale(params, f));
    return run(params);
  };
  return A.run !== undefined ? A.run(body) : body();
}

let result: Record<string, unknown>;
try {
  result = await sample();
} catch (e) {
  result = { error: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0); // the sieve's goroutines are still parked; do not wait for them
