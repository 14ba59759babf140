/**
 * The deadlock explainer's and the leak report's model: the runtime's stuck report plus the
 * learner's source that ran → a wait-for graph (goroutines and the channels and locks they wait
 * on) and one sentence per goroutine, as i18n keys with their values. The view words and draws it.
 *
 * Edges: a goroutine waits on an object (`waits`, labelled with the operation); a mutex is held by
 * a goroutine (`holds`); a channel could be served by a goroutine whose code after its own line
 * would do the matching operation (`would`, read from the source: source-names.ts). A cycle is a
 * closed path goroutine → object → goroutine over those edges, the "A waits for B's mutex, B for
 * A's channel" of a deadlock; the first one found (from the oldest goroutine) is reported.
 *
 * Invariants: one sentence per goroutine, in the report's order (creation order: main first); every
 * object the sentences name appears as a node; names come from the source or fall back to the
 * object's number (`channel #3`), never invented. Pure: no DOM.
 */
import type { SourceLocation, StuckGoroutine, StuckObject, StuckReport, StuckWait } from 'gort';
import type { LabStringKey, Translate } from './i18n.ts';
import { laterWaker, receiverName, selectCaseName, type SourceFiles } from './source-names.ts';

/** Text the view words: an i18n key and its values (values may be other phrases). */
export interface Phrase {
  readonly key: LabStringKey;
  readonly values?: Readonly<Record<string, string | number | Phrase | readonly Phrase[]>>;
}

export interface StuckNode {
  /** `g<id>` for a goroutine, `o<index>` for an object. */
  readonly id: string;
  readonly kind: 'goroutine' | StuckObject['kind'];
  /** How it is named (a goroutine's short name, an object's source name or number). */
  readonly label: Phrase;
}

export interface StuckEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'waits' | 'holds' | 'would';
  /** The operation (`send`, `lock`, ...) for `waits`; the wake's line for `would`. */
  readonly op?: StuckWait['op'];
  readonly at?: SourceLocation;
}

export interface StuckModel {
  readonly kind: StuckReport['kind'];
  readonly nodes: readonly StuckNode[];
  readonly edges: readonly StuckEdge[];
  /** One per goroutine, in order, with the learner's line it is stuck at. */
  readonly sentences: readonly {
    readonly goroutine: number;
    readonly text: Phrase;
    readonly at: SourceLocation | null;
  }[];
  /** The first wait-for cycle, as alternating node ids (goroutine, object, goroutine, ...), or null. */
  readonly cycle: readonly string[] | null;
  /** The cycle worded as one sentence, or null. */
  readonly cycleText: Phrase | null;
}

const KIND_UNNAMED: Record<StuckObject['kind'], LabStringKey> = {
  chan: 'stuck.unnamed.chan',
  mutex: 'stuck.unnamed.mutex',
  rwmutex: 'stuck.unnamed.rwmutex',
  waitgroup: 'stuck.unnamed.waitgroup',
  cond: 'stuck.unnamed.cond',
  once: 'stuck.unnamed.once',
};

const short = (name: string) => name.replace(/^main\./, '');

/** A goroutine as a sentence names it: `main`, or `worker (goroutine 2)`. */
function goroutineLabel(g: Pick<StuckGoroutine, 'id' | 'name'>): Phrase {
  return g.id === 1
    ? { key: 'stuck.main' }
    : { key: 'stuck.goroutine', values: { name: short(g.name), id: g.id } };
}

const where = (at: SourceLocation) => `${at.file}:${at.line}`;

export function stuckModel(report: StuckReport, files: SourceFiles): StuckModel {
  const byId = new Map(report.goroutines.map((g) => [g.id, g]));
  // Names from the source, first found wins (goroutines in creation order: main's names first).
  const names = new Map<number, string>();
  for (const g of report.goroutines) {
    if (g.at === null) continue;
    for (const w of g.waits) {
      if (names.has(w.object)) continue;
      const name = w.case === undefined ? receiverName(files, g.at) : selectCaseName(files, g.at, w.case);
      if (name !== null) names.set(w.object, name);
    }
  }
  const objLabel = (i: number): Phrase => {
    const name = names.get(i);
    return name === undefined
      ? { key: KIND_UNNAMED[report.objects[i]!.kind], values: { id: report.objects[i]!.id } }
      : { key: 'stuck.named', values: { name } };
  };

  const nodes: StuckNode[] = [];
  const edges: StuckEdge[] = [];
  for (const g of report.goroutines)
    nodes.push({ id: `g${g.id}`, kind: 'goroutine', label: goroutineLabel(g) });
  report.objects.forEach((o, i) => nodes.push({ id: `o${i}`, kind: o.kind, label: objLabel(i) }));
  for (const g of report.goroutines) {
    for (const w of g.waits) edges.push({ from: `g${g.id}`, to: `o${w.object}`, kind: 'waits', op: w.op });
  }
  report.objects.forEach((o, i) => {
    for (const h of o.holders) if (byId.has(h)) edges.push({ from: `o${i}`, to: `g${h}`, kind: 'holds' });
  });
  // Who would serve a channel wait later, read from the source after each other goroutine's line.
  const wouldServe = new Map<string, { g: StuckGoroutine; at: SourceLocation }>();
  if (report.kind === 'deadlock') {
    for (const g of report.goroutines) {
      for (const w of g.waits) {
        const name = names.get(w.object);
        if (name === undefined || report.objects[w.object]!.kind !== 'chan') continue;
        const key = `${w.object}:${w.op}`;
        if (wouldServe.has(key)) continue;
        for (const other of report.goroutines) {
          if (other.id === g.id || other.at === null) continue;
          const at = laterWaker(files, other.at, w.op, name);
          if (at === null) continue;
          wouldServe.set(key, { g: other, at });
          edges.push({ from: `o${w.object}`, to: `g${other.id}`, kind: 'would', at });
          break;
        }
      }
    }
  }

  const sentences = report.goroutines.map((g) => ({
    goroutine: g.id,
    at: g.at,
    text: report.kind === 'deadlock' ? deadlockSentence(g) : leakSentence(g),
  }));

  function what(g: StuckGoroutine): Phrase {
    if (g.waits.length > 1 || g.reason === 'select') {
      const cases = g.waits.map((w): Phrase => ({
        key: w.op === 'send' ? 'stuck.case.send' : 'stuck.case.recv',
        values: { obj: objLabel(w.object) },
      }));
      return { key: 'stuck.what.select', values: { cases } };
    }
    const w = g.waits[0];
    if (w === undefined) return reasonOnly(g);
    const kind = report.objects[w.object]!.kind;
    const obj = objLabel(w.object);
    const key: LabStringKey =
      w.op === 'send'
        ? 'stuck.what.send'
        : w.op === 'recv'
          ? 'stuck.what.recv'
          : w.op === 'lock'
            ? kind === 'once'
              ? 'stuck.what.once'
              : 'stuck.what.lock'
            : w.op === 'rlock'
              ? 'stuck.what.rlock'
              : kind === 'waitgroup'
                ? 'stuck.what.waitgroup'
                : 'stuck.what.cond';
    return { key, values: { obj } };
  }

  function reasonOnly(g: StuckGoroutine): Phrase {
    switch (g.reason) {
      case 'chan send (nil chan)':
        return { key: 'stuck.what.nilSend' };
      case 'chan receive (nil chan)':
        return { key: 'stuck.what.nilRecv' };
      case 'select (no cases)':
        return { key: 'stuck.what.emptySelect' };
      case 'sleep':
        return { key: 'stuck.what.sleep' };
      case 'runnable':
        return { key: 'stuck.what.runnable' };
      case 'syscall':
        return { key: 'stuck.what.syscall' };
      default:
        return { key: 'stuck.what.other', values: { reason: g.reason } };
    }
  }

  function why(g: StuckGoroutine): Phrase {
    if (g.waits.length > 1 || g.reason === 'select') return { key: 'stuck.why.select' };
    const w = g.waits[0];
    if (w === undefined) return { key: 'stuck.why.forever' };
    const o = report.objects[w.object]!;
    const obj = objLabel(w.object);
    if (o.kind === 'chan') {
      const serve = wouldServe.get(`${w.object}:${w.op}`);
      if (serve !== undefined) {
        return {
          key: w.op === 'send' ? 'stuck.why.recvLater' : 'stuck.why.sendLater',
          values: { who: goroutineLabel(serve.g), at: where(serve.at), obj },
        };
      }
      return { key: w.op === 'send' ? 'stuck.why.noRecv' : 'stuck.why.noSend', values: { obj } };
    }
    if (o.kind === 'mutex' || o.kind === 'rwmutex') {
      const h = o.holders[0];
      if (h === g.id) return { key: 'stuck.why.ownLock' };
      if (h !== undefined && byId.has(h))
        return { key: 'stuck.why.heldBy', values: { who: goroutineLabel(byId.get(h)!) } };
      if (h !== undefined) return { key: 'stuck.why.heldByEnded', values: { id: h } };
      if (o.readers !== undefined && o.readers > 0)
        return { key: 'stuck.why.readers', values: { n: o.readers } };
      return { key: 'stuck.why.noUnlock' };
    }
    if (o.kind === 'waitgroup') return { key: 'stuck.why.noDone', values: { count: o.count ?? 0 } };
    if (o.kind === 'cond') return { key: 'stuck.why.noSignal' };
    return { key: 'stuck.why.forever' };
  }

  function deadlockSentence(g: StuckGoroutine): Phrase {
    return { key: 'stuck.sentence', values: { who: goroutineLabel(g), what: what(g), why: why(g) } };
  }

  function leakSentence(g: StuckGoroutine): Phrase {
    const values = { who: goroutineLabel(g), what: what(g) };
    return g.at === null
      ? { key: 'stuck.leak', values }
      : { key: 'stuck.leakAt', values: { ...values, at: where(g.at) } };
  }

  const cycle = findCycle(report, edges);
  const cycleText: Phrase | null =
    cycle === null
      ? null
      : {
          key: 'stuck.cycle',
          values: { path: [...cycle, cycle[0]!].map((id) => nodes.find((n) => n.id === id)!.label) },
        };
  return { kind: report.kind, nodes, edges, sentences, cycle, cycleText };
}

/** The first cycle goroutine → object → goroutine …, searched from each goroutine in order. */
function findCycle(report: StuckReport, edges: readonly StuckEdge[]): string[] | null {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  for (const g of report.goroutines) {
    const start = `g${g.id}`;
    const path: string[] = [];
    const seen = new Set<string>();
    const walk = (node: string): boolean => {
      if (node === start && path.length > 0) return true;
      if (seen.has(node)) return false;
      seen.add(node);
      path.push(node);
      for (const next of out.get(node) ?? []) if (walk(next)) return true;
      path.pop();
      return false;
    };
    // A goroutine waiting on a lock it holds itself is said in its own sentence, not as a cycle.
    if (walk(start) && path.length >= 4) return path;
  }
  return null;
}

/** Words a phrase in the translator's language: lists of select cases join with `or`, a cycle with arrows. */
export function wordPhrase(t: Translate, p: Phrase): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.values ?? {})) {
    if (Array.isArray(v)) {
      const parts = (v as readonly Phrase[]).map((x) => wordPhrase(t, x));
      values[k] = parts.join(t(k === 'path' ? 'stuck.arrow' : 'stuck.or'));
    } else values[k] = typeof v === 'object' ? wordPhrase(t, v as Phrase) : v;
  }
  return t(p.key, values);
}
