/**
 * bench/mesh: where a proxy's CPU goes, from V8 CPU profiles (`.cpuprofile`, as the bench writes
 * them in extra runs that do not count).
 *
 * Self time of every sample is charged to one area — socket writes (the `writev` and
 * `writeLatin1String` syscalls), the rest of Node's http/net/stream code, other Node internals,
 * gomesh's server and transport, gomesh's layers (with the cluster and balancer), gort
 * (src/runtime), the garbage collector, V8 itself — and shown as a share of the busy samples (idle
 * ones left out), with the functions of highest self time. `compareProfiles` puts several proxies
 * side by side in CPU µs per request (each area's share times the proxy's measured CPU per request),
 * so what the sidecar adds to a bare node:http proxy is read per area: the issue 23 note's
 * explanation when the sidecar misses its target. Invariant: the shares of the areas add up to 100%
 * of the busy samples, so a column's µs add up to its CPU per request.
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
    if (fn === 'writev' || fn === 'writeLatin1String' || fn === 'writeUtf8String' || fn === 'writeBuffer')
      return 'socket writes (syscalls)';
    if (fn === 'execute') return 'node http/net/streams'; // llhttp's parser, native
    if (fn === '(garbage collector)') return 'garbage collector';
    return 'V8 and native (program, parser, microtasks)';
  }
  if (/\/src\/mesh\/(transport\/|server\.ts|message\.ts|keep-alive\.ts)/.test(url))
    return 'gomesh server + transport';
  if (url.includes('/src/mesh/')) return 'gomesh layers + cluster';
  if (url.includes('/src/runtime/')) return 'gort (src/runtime)';
  if (/^node:(_http|http|net|internal\/(streams|stream_base|net|http))/.test(url))
    return 'node http/net/streams';
  if (url.startsWith('node:')) return 'other node internals (events, timers, abort, ticks)';
  return 'other JavaScript';
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1).padStart(5)}%`;

interface Tally {
  busy: number;
  areas: Map<string, number>;
  fns: Map<string, number>;
  total: number;
}

function tally(file: string): Tally {
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
  return { busy, areas, fns, total: profile.samples.length };
}

const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);

/** A text summary of `file`: areas and the top self-time functions, as shares of busy time. */
export function summarizeProfile(file: string, top = 15): string {
  const { busy, areas, fns, total } = tally(file);
  return [
    `CPU profile ${file}: ${busy} busy samples of ${total}`,
    'share of busy time by area:',
    ...sorted(areas).map(([k, n]) => `  ${pct(n, busy)}  ${k}`),
    `top ${top} functions by self time:`,
    ...sorted(fns)
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n, busy)}  ${k}`),
  ].join('\n');
}

/** One proxy of a comparison: its profile and its measured CPU per request (µs). */
export interface ProfiledProxy {
  name: string;
  file: string;
  cpuPerReq: number;
}

/**
 * The proxies side by side, in CPU µs per request by area (the last one's areas first, largest
 * first), with the last one's top functions by self time in each proxy's µs. The last column is the
 * difference between the last proxy and the first.
 */
export function compareProfiles(proxies: readonly ProfiledProxy[], top = 15): string[] {
  const tallies = proxies.map((p) => tally(p.file));
  const us = (i: number, n: number) =>
    ((proxies[i] as ProfiledProxy).cpuPerReq * n) / (tallies[i] as Tally).busy;
  const last = tallies.length - 1;
  const w = 14;
  const head = (first: string) =>
    first.padEnd(46) + proxies.map((p) => p.name.padStart(w)).join('') + 'difference'.padStart(w);
  const row = (label: string, get: (t: Tally) => number) => {
    const vals = tallies.map((t, i) => us(i, get(t)));
    const diff = (vals[last] as number) - (vals[0] as number);
    return (
      label.slice(0, 45).padEnd(46) +
      vals.map((v) => v.toFixed(1).padStart(w)).join('') +
      `${diff >= 0 ? '+' : ''}${diff.toFixed(1)}`.padStart(w)
    );
  };
  const areaNames = new Set<string>();
  for (const t of [tallies[last] as Tally, ...tallies]) for (const [k] of sorted(t.areas)) areaNames.add(k);
  const lastFns = sorted((tallies[last] as Tally).fns).slice(0, top);
  return [
    `where the CPU per request goes (µs/request: each area's share of a profiled run times the proxy's median CPU/request; ${tallies.map((t) => t.busy).join(' / ')} busy samples):`,
    head('area'),
    ...[...areaNames].map((a) => row(a, (t) => t.areas.get(a) ?? 0)),
    row('total', (t) => t.busy),
    `top ${top} functions of ${(proxies[last] as ProfiledProxy).name} by self time (µs/request):`,
    head('function'),
    ...lastFns.map(([k]) => row(k, (t) => t.fns.get(k) ?? 0)),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write('usage: tsx bench/mesh/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(summarizeProfile(file, Number(process.argv[3] ?? 15)) + '\n');
}
