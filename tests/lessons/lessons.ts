/**
 * The lessons this suite covers: each lesson's docs slug, its lab, and the folder of src/snippets/
 * its code comes from. Pages exist once per locale, English at the docs root and Chinese under
 * zh-cn/, and both show the same snippet files (code and identifiers are never translated).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const docsDir = path.join(repo, 'src/content/docs');
export const snippetsDir = path.join(repo, 'src/snippets');
export const labsDir = path.join(repo, 'labs');

export interface Lesson {
  /** Docs slug, also lab.json's `lesson`. */
  readonly slug: string;
  /** Lab id `<section>/<lab>`. */
  readonly lab: string;
  /** Folder under src/snippets/. */
  readonly snippets: string;
}

export const lessons: readonly Lesson[] = [
  { slug: 'concurrency/goroutines', lab: 'goroutines/wait-for-workers', snippets: 'goroutines' },
  { slug: 'concurrency/unbuffered-channels', lab: 'channels/ping-pong', snippets: 'unbuffered-channels' },
  { slug: 'concurrency/buffered-channels', lab: 'buffered/bounded-queue', snippets: 'buffered-channels' },
  { slug: 'concurrency/range-and-close', lab: 'close/countdown', snippets: 'range-and-close' },
  { slug: 'concurrency/channel-directions', lab: 'directions/square-stage', snippets: 'channel-directions' },
  { slug: 'services/first-service', lab: 'services/users', snippets: 'first-service' },
  { slug: 'concurrency/select', lab: 'select/merge', snippets: 'select' },
  { slug: 'concurrency/timeouts-and-timers', lab: 'timers/heartbeat', snippets: 'timeouts-and-timers' },
  { slug: 'coordination/races-and-mutexes', lab: 'mutex/bank-account', snippets: 'races-and-mutexes' },
  { slug: 'coordination/atomic-counters', lab: 'atomic/in-flight', snippets: 'atomic-counters' },
  { slug: 'coordination/context', lab: 'context/deadline-search', snippets: 'context' },
  {
    slug: 'coordination/waitgroup-once-errgroup',
    lab: 'errgroup/fetch-all',
    snippets: 'waitgroup-once-errgroup',
  },
  {
    slug: 'coordination/worker-pools-and-rate-limits',
    lab: 'pool/limited-pool',
    snippets: 'worker-pools-and-rate-limits',
  },
  { slug: 'coordination/stateful-goroutines', lab: 'stateful/kv-store', snippets: 'stateful-goroutines' },
  {
    slug: 'patterns/generators-and-fan-in',
    lab: 'fanin/merge-all',
    snippets: 'generators-and-fan-in',
  },
  {
    slug: 'patterns/pipelines-and-cancellation',
    lab: 'pipeline/early-exit',
    snippets: 'pipelines-and-cancellation',
  },
  { slug: 'patterns/replicated-requests', lab: 'replicas/google-search', snippets: 'replicated-requests' },
  {
    slug: 'patterns/equivalent-binary-trees',
    lab: 'trees/same',
    snippets: 'equivalent-binary-trees',
  },
  { slug: 'patterns/web-crawler', lab: 'crawler/bounded-crawl', snippets: 'web-crawler' },
  {
    slug: 'patterns/for-select-and-nil-channels',
    lab: 'subscription/feed-loop',
    snippets: 'for-select-and-nil-channels',
  },
  {
    slug: 'services/registration-and-discovery',
    lab: 'services/heartbeat',
    snippets: 'registration-and-discovery',
  },
  { slug: 'internals/inside-a-channel', lab: 'hchan/mini-chan', snippets: 'inside-a-channel' },
  {
    slug: 'internals/deadlocks-leaks-and-races',
    lab: 'debugging/three-bugs',
    snippets: 'deadlocks-leaks-and-races',
  },
  { slug: 'internals/scheduler', lab: 'scheduler/guaranteed-order', snippets: 'scheduler' },
  { slug: 'services/load-balancing', lab: 'services/power-of-two', snippets: 'load-balancing' },
  { slug: 'services/calling-services', lab: 'services/deadline-budget', snippets: 'calling-services' },
  {
    slug: 'services/monolith-to-services',
    lab: 'services/extract-catalog',
    snippets: 'monolith-to-services',
  },
  { slug: 'operations/resilience', lab: 'operations/bad-replica', snippets: 'resilience' },
  { slug: 'operations/rate-limiting', lab: 'operations/front-door', snippets: 'rate-limiting' },
  { slug: 'operations/observability', lab: 'operations/instrument-shop', snippets: 'observability' },
  {
    slug: 'operations/throughput-latency-availability',
    lab: 'operations/predict-then-measure',
    snippets: 'throughput-latency-availability',
  },
  {
    slug: 'operations/data-consistency',
    lab: 'operations/order-saga',
    snippets: 'data-consistency',
  },
  {
    slug: 'operations/gomesh-to-kubernetes',
    lab: 'operations/match-production',
    snippets: 'gomesh-to-kubernetes',
  },
];

export const locales = [
  { name: 'en', dir: '' },
  { name: 'zh-cn', dir: 'zh-cn' },
] as const;

/** The MDX file of `lesson` in `locale`. */
export function pageFile(lesson: Lesson, locale: (typeof locales)[number]): string {
  return path.join(docsDir, locale.dir, `${lesson.slug}.mdx`);
}

/** Every TypeScript snippet file, relative to src/snippets/ (e.g. `goroutines/race.ts`). */
export function snippetFiles(): string[] {
  return readdirSync(snippetsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}
