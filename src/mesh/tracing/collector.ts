/**
 * A tiny trace collector (the role of Jaeger or Zipkin in a lesson): keeps the most recent spans
 * in memory and prints a trace as an indented tree. Invariants: at most `capacity` spans are kept
 * (oldest dropped first), so a benchmark with every layer on cannot grow memory without bound;
 * children print in start order under their parent; spans whose parent was never recorded print
 * as roots.
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

export class TraceCollector {
  readonly capacity: number;
  #spans: Span[] = [];

  constructor(options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? 10_000;
  }

  record(span: Span): void {
    this.#spans.push(span);
    if (this.#spans.length > this.capacity * 1.25) this.#spans = this.#spans.slice(-this.capacity);
  }

  spans(traceId?: string): Span[] {
    const all = this.#spans.length > this.capacity ? this.#spans.slice(-this.capacity) : this.#spans;
    return traceId === undefined ? [...all] : all.filter((s) => s.traceId === traceId);
  }

  traceIds(): string[] {
    return [...new Set(this.spans().map((s) => s.traceId))];
  }

  clear(): void {
    this.#spans = [];
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
        lines.push(`${prefix}${last ? '└─ ' : '├─ '}${s.service} ${s.name} ${s.durationMs.toFixed(1)} ms ${s.status}`);
        walk(s.spanId, prefix + (last ? '   ' : '│  '));
      });
    };
    walk(undefined, '');
    return lines.join('\n');
  }
}
