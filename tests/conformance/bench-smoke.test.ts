/**
 * The CSP bench's workloads, at a tiny size, for gort and the reference Promise channel, plus each
 * peer's W5 in its own select idiom (`select-idiomatic`, written in its contender file): each
 * sample runs the way `npm run bench -- csp` runs it (bench/csp/worker.ts in a fresh
 * `node --expose-gc` process) and must pass the workload's own check (pingpong's final count,
 * buffered's sum, the sieve's last prime, select's count and sum, every parked goroutine woken).
 * A contender that loses, duplicates or mis-orders a value reports an error instead of metrics.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workloadIds, type Params, type WorkloadId } from '../../bench/csp/workloads.ts';

const worker = fileURLToPath(new URL('../../bench/csp/worker.ts', import.meta.url));

/** Every workload (the type says so), at a size that runs in well under a second. */
const tiny: Record<WorkloadId, Params> = {
  pingpong: { n: 2000 },
  buffered: { n: 5000, cap: 128 },
  spawn: { n: 2000 },
  sieve: { primes: 100 },
  select: { producers: 4, perProducer: 1000 },
  'select-idiomatic': { producers: 4, perProducer: 1000 },
};
/** The metric each sample must report (spawn's per-goroutine memory rather than its time). */
const metric: Record<WorkloadId, string> = {
  pingpong: 'roundTripsPerSec',
  buffered: 'msgsPerSec',
  spawn: 'bytesPerG',
  sieve: 'ms',
  select: 'msgsPerSec',
  'select-idiomatic': 'msgsPerSec',
};

function sample(contender: string, workload: WorkloadId): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', worker, contender, workload, JSON.stringify(tiny[workload]), '0.1'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

const cases = [
  ...['gort', 'promise-channel'].flatMap((contender) =>
    workloadIds.map((workload) => ({ contender, workload })),
  ),
  // gort as the lab host runs it (call sites, trace): its own code is gort's, so two workloads.
  ...(['pingpong', 'select'] as const).map((workload) => ({ contender: 'gort-lab', workload })),
  ...['js-csp', 'ts-chan', 'thing-csp', 'medium'].map((contender) => ({
    contender,
    workload: 'select-idiomatic' as const,
  })),
];

describe('bench/csp workloads at a tiny size', () => {
  it.each(cases)('$contender passes the $workload check', ({ contender, workload }) => {
    const result = sample(contender, workload);
    expect(result).not.toHaveProperty('error');
    expect(Number.isFinite(result[metric[workload]])).toBe(true);
  });
});
