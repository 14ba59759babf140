/**
 * The lessons this suite covers: each lesson's docs slug, its labs, and the folder of src/snippets/
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
  /**
   * Its labs' ids (`<section>/<lab>`), in the order the page embeds them: one for most lessons, one
   * per step for the capstone, each held to the same rules.
   */
  readonly labs: readonly string[];
  /** Folder under src/snippets/. */
  readonly snippets: string;
}

export const lessons: readonly Lesson[] = [
  { slug: 'concurrency/goroutines', labs: ['goroutines/wait-for-workers'], snippets: 'goroutines' },
  { slug: 'concurrency/unbuffered-channels', labs: ['channels/ping-pong'], snippets: 'unbuffered-channels' },
  { slug: 'concurrency/buffered-channels', labs: ['buffered/bounded-queue'], snippets: 'buffered-channels' },
  { slug: 'concurrency/range-and-close', labs: ['close/countdown'], snippets: 'range-and-close' },
  {
    slug: 'concurrency/channel-directions',
    labs: ['directions/square-stage'],
    snippets: 'channel-directions',
  },
  { slug: 'services/first-service', labs: ['services/users'], snippets: 'first-service' },
  { slug: 'concurrency/select', labs: ['select/merge'], snippets: 'select' },
  { slug: 'concurrency/timeouts-and-timers', labs: ['timers/heartbeat'], snippets: 'timeouts-and-timers' },
  { slug: 'coordination/races-and-mutexes', labs: ['mutex/bank-account'], snippets: 'races-and-mutexes' },
  { slug: 'coordination/atomic-counters', labs: ['atomic/in-flight'], snippets: 'atomic-counters' },
  { slug: 'coordination/context', labs: ['context/deadline-search'], snippets: 'context' },
  {
    slug: 'coordination/waitgroup-once-errgroup',
    labs: ['errgroup/fetch-all'],
    snippets: 'waitgroup-once-errgroup',
  },
  {
    slug: 'coordination/worker-pools-and-rate-limits',
    labs: ['pool/limited-pool'],
    snippets: 'worker-pools-and-rate-limits',
  },
  { slug: 'coordination/stateful-goroutines', labs: ['stateful/kv-store'], snippets: 'stateful-goroutines' },
  {
    slug: 'patterns/generators-and-fan-in',
    labs: ['fanin/merge-all'],
    snippets: 'generators-and-fan-in',
  },
  {
    slug: 'patterns/pipelines-and-cancellation',
    labs: ['pipeline/early-exit'],
    snippets: 'pipelines-and-cancellation',
  },
  { slug: 'patterns/replicated-requests', labs: ['replicas/google-search'], snippets: 'replicated-requests' },
  {
    slug: 'patterns/equivalent-binary-trees',
    labs: ['trees/same'],
    snippets: 'equivalent-binary-trees',
  },
  { slug: 'patterns/web-crawler', labs: ['crawler/bounded-crawl'], snippets: 'web-crawler' },
  {
    slug: 'patterns/for-select-and-nil-channels',
    labs: ['subscription/feed-loop'],
    snippets: 'for-select-and-nil-channels',
  },
  {
    slug: 'services/registration-and-discovery',
    labs: ['services/heartbeat'],
    snippets: 'registration-and-discovery',
  },
  { slug: 'internals/inside-a-channel', labs: ['hchan/mini-chan'], snippets: 'inside-a-channel' },
  {
    slug: 'internals/deadlocks-leaks-and-races',
    labs: ['debugging/three-bugs'],
    snippets: 'deadlocks-leaks-and-races',
  },
  { slug: 'internals/scheduler', labs: ['scheduler/guaranteed-order'], snippets: 'scheduler' },
  { slug: 'services/load-balancing', labs: ['services/power-of-two'], snippets: 'load-balancing' },
  { slug: 'services/calling-services', labs: ['services/deadline-budget'], snippets: 'calling-services' },
  {
    slug: 'services/monolith-to-services',
    labs: ['services/extract-catalog'],
    snippets: 'monolith-to-services',
  },
  { slug: 'operations/resilience', labs: ['operations/bad-replica'], snippets: 'resilience' },
  { slug: 'operations/rate-limiting', labs: ['operations/front-door'], snippets: 'rate-limiting' },
  { slug: 'operations/observability', labs: ['operations/instrument-shop'], snippets: 'observability' },
  {
    slug: 'operations/throughput-latency-availability',
    labs: ['operations/predict-then-measure'],
    snippets: 'throughput-latency-availability',
  },
  {
    slug: 'operations/data-consistency',
    labs: ['operations/order-saga'],
    snippets: 'data-consistency',
  },
  {
    slug: 'operations/capstone',
    labs: [
      'operations/capstone-1-split',
      'operations/capstone-2-discover',
      'operations/capstone-3-balance',
      'operations/capstone-4-resilient',
      'operations/capstone-5-observe',
      'operations/capstone-6-chaos',
    ],
    snippets: 'capstone',
  },
  {
    slug: 'operations/gomesh-to-kubernetes',
    labs: ['operations/match-production'],
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
