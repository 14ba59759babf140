/**
 * A tiny trace collector (the role of Jaeger or Zipkin in a lesson): keeps the most recent spans
 * in memory and prints a trace as an indented tree. Invariants: at most `capacity` spans are kept
 * (oldest dropped first), so a benchmark with every layer on cannot grow memory without bound;
 * children print in start order under their parent; spans whose parent was never recorded print
 * as roots.
 *
 * Go: OpenTelemetry's `sdktrace.ReadOnlySpan`.
 */

export interface Span {
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  service: string;
  name: string;
  start: number;
  durationMs: number;
  status: number;
}

/**
 * Keeps the most recent spans in memory (at most `capacity`) and prints a trace as an indented
 * tree: Jaeger or Zipkin in a lesson. Go: an OpenTelemetry in-memory exporter (`tracetest.InMemoryExporter`).
 *
 * @example
 * ```ts
 * import { TraceCollector } from 'gomesh/tracing';
 *
 * const collector = new TraceCollector({ capacity: 100 });
 * collector.record({ traceId: 't1', spanId: 's1', parentId: undefined, service: 'web', name: 'GET /', start: 0, durationMs: 12, status: 200 });
 * console.log(collector.traceIds()); // [ 't1' ]
 * ```
 */
export class TraceCollector {
  readonly capacity: number;
  /** A ring: `#next` is where the next span goes; once full, it is also the oldest span. */
  readonly #ring: (Span | undefined)[];
  #next = 0;
  #size = 0;

  constructor(options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? 10_000;
    this.#ring = new Array<Span | undefined>(this.capacity);
  }

  /** Keeps `span` (dropping the oldest when full). */
  record(span: Span): void {
    this.#ring[this.#next] = span;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** Recorded spans, oldest first (of one trace when `traceId` is given). */
  spans(traceId?: string): Span[] {
    const out: Span[] = [];
    const start = this.#size < this.capacity ? 0 : this.#next;
    for (let i = 0; i < this.#size; i++) {
      const s = this.#ring[(start + i) % this.capacity] as Span;
      if (traceId === undefined || s.traceId === traceId) out.push(s);
    }
    return out;
  }

  /** The ids of the traces kept, oldest first. */
  traceIds(): string[] {
    return [...new Set(this.spans().map((s) => s.traceId))];
  }

  /** Drops every span. */
  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }

  /** The trace as a tree, one span per line: `service name duration status`. */
  tree(traceId: string): string {
    const spans = this.spans(traceId).sort((a, b) => a.start - b.start);
    const ids = new Set(spans.map((s) => s.spanId));
    const children = new Map<string | undefined, Span[]>();
    for (const s of spans) {
      const parent = s.parentId !== undefined && ids.has(s.parentId) ? s.parentId : undefined;
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(s);
    }
    const lines = [`trace ${traceId}`];
    const walk = (parent: string | undefined, prefix: string) => {
      const list = children.get(parent) ?? [];
      list.forEach((s, i) => {
        const last = i === list.length - 1;
        lines.push(
          `${prefix}${last ? '└─ ' : '├─ '}${s.service} ${s.name} ${s.durationMs.toFixed(1)} ms ${s.status}`,
        );
        walk(s.spanId, prefix + (last ? '   ' : '│  '));
      });
    };
    walk(undefined, '');
    return lines.join('\n');
  }
}
