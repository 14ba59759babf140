/**
 * bench/mesh: where a proxy's CPU goes, from a V8 CPU profile (`.cpuprofile`, as the bench writes
 * with MESH_BENCH_PROFILE).
 *
 * Self time of every sample is charged to one area — socket writes (the `writev` and
 * `writeLatin1String` syscalls), the rest of Node's http/net/stream code, other Node internals,
 * gomesh (src/mesh), gort (src/runtime), the garbage collector, V8 itself — and shown as a share
 * of the busy samples (idle ones left out), with the functions of highest self time. Invariant:
 * the shares of the areas add up to 100% of the busy samples.
 *
 * Run alone: `npx tsx bench/mesh/profile-summary.ts <file.cpuprofile> [top=15]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function area(fn: string, url: string): string {
  if (url === '') {
    if (fn === 'writev' || fn === 'writeLatin1String' || fn === 'writeBuffer')
      return 'socket writes (syscalls)';
    if (fn === '(garbage collector)') return 'garbage collector';
    return 'V8 and native (program, parser, microtasks)';
  }
  if (url.includes('/src/mesh/')) return 'gomesh (src/mesh)';
  if (url.includes('/src/runtime/')) return 'gort (src/runtime)';
  if (/^node:(_http|http|net|internal\/(streams|stream_base|net|http))/.test(url))
    return 'node http/net/streams';
  if (url.startsWith('node:')) return 'other node internals (events, timers, abort, ticks)';
  return 'other JavaScript';
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1).padStart(5)}%`;

/** A text summary of `file`: areas and the top self-time functions, as shares of busy time. */
export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id);
    if (frame === undefined || frame.functionName === '(idle)') continue;
    busy++;
    const a = area(frame.functionName, frame.url);
    areas.set(a, (areas.get(a) ?? 0) + 1);
    const where = frame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return [
    `CPU profile ${file}: ${busy} busy samples of ${profile.samples.length}`,
    'share of busy time by area:',
    ...sorted(areas).map(([k, n]) => `  ${pct(n, busy)}  ${k}`),
    `top ${top} functions by self time:`,
    ...sorted(fns)
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n, busy)}  ${k}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: tsx bench/mesh/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(summarizeProfile(file, Number(process.argv[3] ?? 15)) + '\n');
}
