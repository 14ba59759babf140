/**
 * The out-of-band protocol between the lab host and whoever reads its stdout.
 *
 * The host shares stdout with the learner's program, so its messages are whole lines of the form
 * `\x1eLAB <json>\n` (0x1e is ASCII "record separator", which programs practically never print).
 * Browser-safe.
 *
 * Invariants of the demuxer: output is delivered in order; a message line is never delivered as
 * text, however the stream is chunked (even with the marker itself split across chunks); a line that
 * starts like a message but does not decode as one is delivered unchanged as text; text is held back
 * only while it could still begin a marker, so a prompt without a newline is not delayed.
 */
import type { SourceLocation, StuckReport, TraceEvent, WaitReason } from 'gort';
import type { MeshConfigRecord, TrafficEvent } from 'gomesh';
import type { CheckReport } from './runner.ts';

/** The start of every message line. */
export const LAB_MARKER = '\x1eLAB ';

export interface ListenMessage {
  readonly type: 'listen';
  /** The service name given to gomesh (e.g. "users"). */
  readonly name: string;
  readonly port: number;
  readonly url: string;
}

export interface CheckMessage {
  readonly type: 'check';
  readonly report: CheckReport;
}

/**
 * Where the learner's program failed, mapped to the learner's own file (never a `blob:` URL or a
 * transpiled path), so the editor can mark the line. The host prints at most one per run, for the
 * first learner location of what ended it: a Go panic or fatal error, an uncaught JavaScript error,
 * an import that could not be resolved, or the line main is blocked at in a deadlock.
 */
export interface ProblemMessage {
  readonly type: 'problem';
  readonly kind: 'panic' | 'error' | 'import' | 'deadlock';
  /** The learner's file, as named in the lab (e.g. `main.ts`). */
  readonly file: string;
  /** 1-based line in that file. */
  readonly line: number;
  /** 1-based column in that file. */
  readonly column: number;
}

// ---- stuck: the deadlock explainer's and the leak report's data --------------------------------

/**
 * The goroutines a program left alive and what each waits on (the runtime's `stuck` report), at most
 * one per run: after a deadlock's dump (`report.kind` `deadlock`, with the `problem` line as well), or
 * when main returned while others were still blocked, sleeping or runnable (`leak`). Data only: the
 * lab UI words it in the page's language; Go's dump text on stderr is unchanged.
 */
export interface StuckMessage {
  readonly type: 'stuck';
  readonly report: StuckReport;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const STUCK_KINDS = ['chan', 'mutex', 'rwmutex', 'waitgroup', 'cond', 'once'];
const WAIT_OPS = ['send', 'recv', 'lock', 'rlock', 'wait'];

/** Whether `value` has the shape of a StuckReport (every index in range, every field typed). */
function isStuckReport(value: unknown): value is StuckReport {
  if (!isRecord(value) || (value['kind'] !== 'deadlock' && value['kind'] !== 'leak')) return false;
  const { goroutines, objects } = value;
  if (!Array.isArray(goroutines) || !Array.isArray(objects)) return false;
  const objectsOk = objects.every(
    (o) =>
      isRecord(o) &&
      STUCK_KINDS.includes(o['kind'] as string) &&
      isCount(o['id']) &&
      Array.isArray(o['holders']) &&
      o['holders'].every(isCount),
  );
  const at = (a: unknown) =>
    a === null ||
    (isRecord(a) && typeof a['file'] === 'string' && isPosition(a['line']) && isPosition(a['column']));
  const waitOk = (w: unknown) =>
    isRecord(w) &&
    WAIT_OPS.includes(w['op'] as string) &&
    isCount(w['object']) &&
    w['object'] < objects.length &&
    (w['case'] === undefined || typeof w['case'] === 'string');
  return (
    objectsOk &&
    goroutines.every(
      (g) =>
        isRecord(g) &&
        isCount(g['id']) &&
        typeof g['name'] === 'string' &&
        typeof g['reason'] === 'string' &&
        at(g['at']) &&
        Array.isArray(g['waits']) &&
        g['waits'].every(waitOk),
    )
  );
}

function decodeStuck(data: Record<string, unknown>): StuckMessage | undefined {
  return data['type'] === 'stuck' && isStuckReport(data['report'])
    ? { type: 'stuck', report: data['report'] }
    : undefined;
}

// ---- end of stuck -------------------------------------------------------------------------------

// ---- trace: the timeline's data -----------------------------------------------------------------

/** The most trace events one run sends (the first ones; `total` says how many there were). */
export const TRACE_EVENT_LIMIT = 100_000;
/** The longest a traced value is shown (longer ones end with `…`). */
export const TRACE_VALUE_CHARS = 40;

/**
 * One trace event on the wire: a tuple by kind, so a long trace stays small (about 20 characters an
 * event). `at` is `file:line:column` or absent; a value is its short display text or null.
 */
export type TraceRow =
  | readonly ['s', number, number, number, string] // go.start: t, g, parent, fn
  | readonly ['p', number, number, string, string?] // go.park: t, g, reason, at
  | readonly ['u' | 'x', number, number] // go.unpark, go.exit: t, g
  | readonly ['m', number, number, number, number, string?] // chan.make: t, g, ch, cap, at
  | readonly ['!', number, number, string, 0 | 1, string?] // go.panic: t, g, value, fatal, at
  | readonly ['>', number, number, number, string | null, string?] // chan.send: t, g, ch, value, at
  | readonly ['<', number, number, number, 0 | 1, string | null, string?] // chan.recv: t, g, ch, ok, value, at
  | readonly ['c', number, number, number, string?] // chan.close: t, g, ch, at
  | readonly ['?', number, number, string, string?] // select: t, g, case, at
  | readonly ['T', number, number, number, number] // timer.set: t, g, timer, when
  | readonly ['F', number, number, number] // timer.fire: t, g, timer
  | readonly ['z', number, number, number]; // sleep: t, g, d

/**
 * The run's trace for the timeline: sent once, when a plain run ends by itself (main returned, a
 * panic, a deadlock, an uncaught error; not when stopped or timed out), never in a check. `rows`
 * holds the first events that fit `TRACE_EVENT_LIMIT` and the room left under the output cap;
 * `total` counts every event, so `rows.length < total` means the trace was cut.
 */
export interface TraceMessage {
  readonly type: 'trace';
  readonly rows: readonly TraceRow[];
  readonly total: number;
}

/** A traced value's short display text: Go-like for plain values, JSON for data, cut at TRACE_VALUE_CHARS. */
export function traceValueText(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = 'nil';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else if (typeof value === 'function' || typeof value === 'symbol')
    text = typeof value === 'function' ? 'func' : String(value);
  else {
    try {
      text = JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return cut(text);
}

function cut(text: string): string {
  return text.length > TRACE_VALUE_CHARS ? `${text.slice(0, TRACE_VALUE_CHARS - 1)}…` : text;
}

const atText = (at: SourceLocation | undefined): [string] | [] =>
  at === undefined ? [] : [`${at.file}:${at.line}:${at.column}`];
const valueOf = (e: { value?: unknown }): string | null => ('value' in e ? traceValueText(e.value) : null);

function traceRow(e: TraceEvent): TraceRow {
  switch (e.type) {
    case 'go.start':
      return ['s', e.t, e.g, e.parent, e.fn];
    case 'go.park':
      return ['p', e.t, e.g, e.reason, ...atText(e.at)];
    case 'go.unpark':
      return ['u', e.t, e.g];
    case 'go.exit':
      return ['x', e.t, e.g];
    case 'go.panic':
      return ['!', e.t, e.g, cut(e.value), e.fatal === true ? 1 : 0, ...atText(e.at)];
    case 'chan.make':
      return ['m', e.t, e.g, e.ch, e.cap, ...atText(e.at)];
    case 'chan.send':
      return ['>', e.t, e.g, e.ch, valueOf(e), ...atText(e.at)];
    case 'chan.recv':
      return ['<', e.t, e.g, e.ch, e.ok ? 1 : 0, valueOf(e), ...atText(e.at)];
    case 'chan.close':
      return ['c', e.t, e.g, e.ch, ...atText(e.at)];
    case 'select':
      return ['?', e.t, e.g, e.case, ...atText(e.at)];
    case 'timer.set':
      return ['T', e.t, e.g, e.timer, e.when];
    case 'timer.fire':
      return ['F', e.t, e.g, e.timer];
    case 'sleep':
      return ['z', e.t, e.g, e.d];
  }
}

/**
 * The trace message for `events` (of `total` traced), keeping the first rows whose JSON fits in
 * `maxChars` characters and at most TRACE_EVENT_LIMIT of them.
 */
export function traceMessage(events: readonly TraceEvent[], total: number, maxChars: number): TraceMessage {
  const rows: TraceRow[] = [];
  let size = 64;
  for (const e of events) {
    if (rows.length >= TRACE_EVENT_LIMIT) break;
    const row = traceRow(e);
    size += JSON.stringify(row).length + 1;
    if (size > maxChars) break;
    rows.push(row);
  }
  return { type: 'trace', rows, total };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const AT = /^(.+):(\d+):(\d+)$/;

function parseAt(v: unknown): { at?: SourceLocation } | null {
  if (v === undefined) return {};
  const m = isStr(v) ? AT.exec(v) : null;
  if (m === null) return null;
  return { at: { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } };
}

/** The event a row stands for (a value as its display text), or null when the row is malformed. */
export function traceEventOf(row: unknown): TraceEvent | null {
  if (!Array.isArray(row) || !isNum(row[1]) || !isCount(row[2])) return null;
  const [kind, t, g, a, b, c, d] = row as unknown[] as [
    string,
    number,
    number,
    unknown,
    unknown,
    unknown,
    unknown,
  ];
  const located = (at: unknown, e: TraceEvent): TraceEvent | null => {
    const loc = parseAt(at);
    return loc === null ? null : { ...e, ...loc };
  };
  const value = (v: unknown) => (v === null ? {} : isStr(v) ? { value: v } : null);
  switch (kind) {
    case 's':
      return isCount(a) && isStr(b) ? { type: 'go.start', t, g, parent: a, fn: b } : null;
    case 'p':
      return isStr(a) ? located(b, { type: 'go.park', t, g, reason: a as WaitReason }) : null;
    case 'u':
      return { type: 'go.unpark', t, g };
    case 'x':
      return { type: 'go.exit', t, g };
    case '!':
      return isStr(a) && (b === 0 || b === 1)
        ? located(c, { type: 'go.panic', t, g, value: a, ...(b === 1 ? { fatal: true as const } : {}) })
        : null;
    case 'm':
      return isCount(a) && isCount(b) ? located(c, { type: 'chan.make', t, g, ch: a, cap: b }) : null;
    case '>': {
      const v = value(b);
      return isCount(a) && v !== null ? located(c, { type: 'chan.send', t, g, ch: a, ...v }) : null;
    }
    case '<': {
      const v = value(c);
      return isCount(a) && (b === 0 || b === 1) && v !== null
        ? located(d, { type: 'chan.recv', t, g, ch: a, ok: b === 1, ...v })
        : null;
    }
    case 'c':
      return isCount(a) ? located(b, { type: 'chan.close', t, g, ch: a }) : null;
    case '?':
      return isStr(a) ? located(b, { type: 'select', t, g, case: a }) : null;
    case 'T':
      return isCount(a) && isNum(b) ? { type: 'timer.set', t, g, timer: a, when: b } : null;
    case 'F':
      return isCount(a) ? { type: 'timer.fire', t, g, timer: a } : null;
    case 'z':
      return isNum(a) ? { type: 'sleep', t, g, d: a } : null;
    default:
      return null;
  }
}

/** The events a decoded trace message's rows stand for (validating them made them once already). */
const decodedEvents = new WeakMap<TraceMessage, readonly TraceEvent[]>();

function decodeTrace(data: Record<string, unknown>): TraceMessage | undefined {
  const { rows, total } = data;
  if (!Array.isArray(rows) || !isCount(total) || total < rows.length) return undefined;
  const events: TraceEvent[] = [];
  for (const row of rows) {
    const e = traceEventOf(row);
    if (e === null) return undefined;
    events.push(e);
  }
  const message: TraceMessage = { type: 'trace', rows: rows as TraceRow[], total };
  decodedEvents.set(message, events);
  return message;
}

/** The events of a trace message's well-formed rows, in order (malformed rows are left out). */
export function traceEventsOf(message: TraceMessage): readonly TraceEvent[] {
  const known = decodedEvents.get(message);
  if (known !== undefined) return known;
  const events: TraceEvent[] = [];
  for (const row of message.rows) {
    const e = traceEventOf(row);
    if (e !== null) events.push(e);
  }
  decodedEvents.set(message, events);
  return events;
}

// ---- end of trace -------------------------------------------------------------------------------

// ---- traffic: the Traffic view's data ----------------------------------------------------------

/** The most traffic records one run sends (the first ones; `total` says how many there were). */
export const TRAFFIC_RECORD_LIMIT = 5_000;

/** One of gomesh's traffic records on the wire, a tuple by kind (about 60 characters a request). */
export type TrafficRow =
  // request: from (null outside the mesh), to, instance, start, duration, status, attempt, code
  | readonly ['r', string | null, string, string, number, number, number, number, string?]
  | readonly ['e', string, string, number, number] // eject: service, instance, at, duration
  | readonly ['b', string, number, 0 | 1, number]; // breaker: service, at, open, cooldown

/**
 * A batch of the mesh's traffic records (gomesh's `onTraffic`), sent while a service lab's program
 * runs (in run and check mode) so the Traffic view is live: every few hundred milliseconds and when
 * the program ends. `total` counts every record so far; once TRAFFIC_RECORD_LIMIT were sent (or the
 * output cap leaves no room) later ones are only counted, so a run's last `total` above the rows
 * received says the traffic was cut.
 */
export interface TrafficMessage {
  readonly type: 'traffic';
  readonly rows: readonly TrafficRow[];
  readonly total: number;
}

export function trafficRow(e: TrafficEvent): TrafficRow {
  switch (e.kind) {
    case 'request': {
      const row = ['r', e.from, e.to, e.instance, e.start, e.durationMs, e.status, e.attempt] as const;
      return e.code === undefined ? row : [...row, e.code];
    }
    case 'eject':
      return ['e', e.service, e.instance, e.at, e.durationMs];
    case 'breaker':
      return ['b', e.service, e.at, e.state === 'open' ? 1 : 0, e.cooldownMs];
  }
}

/** The record a row stands for, or null when the row is malformed. */
export function trafficEventOf(row: unknown): TrafficEvent | null {
  if (!Array.isArray(row)) return null;
  const [kind, a, b, c, d, e, f, g, code] = row as unknown[];
  if (kind === 'r') {
    return (a === null || isStr(a)) &&
      isStr(b) &&
      isStr(c) &&
      isNum(d) &&
      isNum(e) &&
      isCount(f) &&
      isCount(g) &&
      (code === undefined || isStr(code))
      ? {
          kind: 'request',
          from: a,
          to: b,
          instance: c,
          start: d,
          durationMs: e,
          status: f,
          attempt: g,
          ...(code === undefined ? {} : { code }),
        }
      : null;
  }
  if (kind === 'e')
    return isStr(a) && isStr(b) && isNum(c) && isNum(d)
      ? { kind: 'eject', service: a, instance: b, at: c, durationMs: d }
      : null;
  if (kind === 'b')
    return isStr(a) && isNum(b) && (c === 0 || c === 1) && isNum(d)
      ? { kind: 'breaker', service: a, at: b, state: c === 1 ? 'open' : 'closed', cooldownMs: d }
      : null;
  return null;
}

function decodeTraffic(data: Record<string, unknown>): TrafficMessage | undefined {
  const { rows, total } = data;
  if (!Array.isArray(rows) || !isCount(total) || total < rows.length) return undefined;
  return rows.every((row) => trafficEventOf(row) !== null)
    ? { type: 'traffic', rows: rows as TrafficRow[], total }
    : undefined;
}

// ---- end of traffic -----------------------------------------------------------------------------

/**
 * What one service, sidecar or client of a service lab was set up with (gomesh's `onMeshConfig`),
 * sent as it is wired: what the export to Kubernetes and a real mesh reads (src/lab/export/).
 */
export interface MeshConfigMessage {
  readonly type: 'mesh-config';
  readonly record: MeshConfigRecord;
}

const RECORD_NAME: Record<MeshConfigRecord['kind'], string> = {
  server: 'name',
  sidecar: 'service',
  client: 'service',
};

/** The shape every record has (the rest is gomesh's plain data, passed on as it came). */
function isMeshConfigRecord(value: unknown): value is MeshConfigRecord {
  if (!isRecord(value)) return false;
  const kind = value['kind'];
  if (kind !== 'server' && kind !== 'sidecar' && kind !== 'client') return false;
  const layers = value['layers'];
  return (
    typeof value[RECORD_NAME[kind]] === 'string' &&
    Array.isArray(layers) &&
    layers.every((layer) => isRecord(layer) && typeof layer['layer'] === 'string')
  );
}

export type LabMessage =
  | ListenMessage
  | CheckMessage
  | ProblemMessage
  | StuckMessage
  | TraceMessage
  | TrafficMessage
  | MeshConfigMessage;

const PROBLEM_KINDS: readonly ProblemMessage['kind'][] = ['panic', 'error', 'import', 'deadlock'];

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** The line the host prints for `message`, newline included. */
export function encodeMessage(message: LabMessage): string {
  // JSON.stringify escapes \n and \x1e inside strings, so the line stays one line.
  return `${LAB_MARKER}${JSON.stringify(message)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A check text: `{ en, 'zh-cn' }`, both strings (labcheck's CheckText). */
function isCheckText(value: unknown): boolean {
  return isRecord(value) && typeof value['en'] === 'string' && typeof value['zh-cn'] === 'string';
}

function isCheckReport(value: unknown): value is CheckReport {
  return (
    isRecord(value) &&
    typeof value['passed'] === 'boolean' &&
    Array.isArray(value['items']) &&
    value['items'].every(
      (item) =>
        isRecord(item) &&
        isCheckText(item['name']) &&
        typeof item['pass'] === 'boolean' &&
        (item['detail'] === undefined || isCheckText(item['detail'])) &&
        // Schedule exploration: the token a failed item was seen under (t.explore).
        (item['schedule'] === undefined || typeof item['schedule'] === 'string'),
    )
  );
}

/** Reads one line (with or without its newline); undefined when it is not a well-formed message. */
export function decodeMessage(line: string): LabMessage | undefined {
  if (!line.startsWith(LAB_MARKER)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line.slice(LAB_MARKER.length));
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  if (
    data['type'] === 'listen' &&
    typeof data['name'] === 'string' &&
    typeof data['port'] === 'number' &&
    typeof data['url'] === 'string'
  ) {
    return { type: 'listen', name: data['name'], port: data['port'], url: data['url'] };
  }
  if (data['type'] === 'check' && isCheckReport(data['report'])) {
    return { type: 'check', report: data['report'] };
  }
  if (data['type'] === 'stuck') return decodeStuck(data);
  if (data['type'] === 'trace') return decodeTrace(data);
  if (data['type'] === 'traffic') return decodeTraffic(data);
  if (data['type'] === 'mesh-config' && isMeshConfigRecord(data['record'])) {
    return { type: 'mesh-config', record: data['record'] };
  }
  const kind = data['kind'];
  if (
    data['type'] === 'problem' &&
    PROBLEM_KINDS.some((k) => k === kind) &&
    typeof data['file'] === 'string' &&
    isPosition(data['line']) &&
    isPosition(data['column'])
  ) {
    return {
      type: 'problem',
      kind: kind as ProblemMessage['kind'],
      file: data['file'],
      line: data['line'],
      column: data['column'],
    };
  }
  return undefined;
}

export interface OutputDemux {
  /** Feeds the next chunk of raw output. */
  push(chunk: string): void;
  /** Delivers whatever is held back (call once the stream has ended). */
  flush(): void;
}

/**
 * Splits raw host output into text (for the terminal) and messages. A marker is recognized wherever
 * it appears (the host prints messages on lines of their own, but a program may have left a line
 * unfinished before one); the message runs to the next newline.
 */
export function createOutputDemux(
  onText: (text: string) => void,
  onMessage: (message: LabMessage) => void,
): OutputDemux {
  /** Output not delivered yet: a partial message line, or a tail that may begin a marker. */
  let pending = '';
  /** While `pending` is a partial message line: how much of it has no newline (a trace is megabytes). */
  let noNewline = 0;

  const emit = (text: string) => {
    if (text !== '') onText(text);
  };

  /** Length of the longest tail of `text` that is a proper prefix of the marker. */
  const markerPrefixTail = (text: string) => {
    for (let k = Math.min(LAB_MARKER.length - 1, text.length); k > 0; k--) {
      if (text.endsWith(LAB_MARKER.slice(0, k))) return k;
    }
    return 0;
  };

  const drain = (final: boolean) => {
    for (;;) {
      const at = pending.indexOf(LAB_MARKER);
      if (at === -1) {
        const keep = final ? 0 : markerPrefixTail(pending);
        emit(pending.slice(0, pending.length - keep));
        pending = pending.slice(pending.length - keep);
        return;
      }
      emit(pending.slice(0, at));
      pending = pending.slice(at);
      const end = pending.indexOf('\n', noNewline);
      if (end === -1) {
        noNewline = pending.length;
        if (!final) return; // wait for the rest of the message line
        const message = decodeMessage(pending);
        if (message === undefined) emit(pending);
        else onMessage(message);
        pending = '';
        noNewline = 0;
        return;
      }
      const message = decodeMessage(pending.slice(0, end));
      if (message === undefined) emit(pending.slice(0, end + 1));
      else onMessage(message);
      pending = pending.slice(end + 1);
      noNewline = 0;
    }
  };

  return {
    push(chunk) {
      pending += chunk;
      drain(false);
    },
    flush() {
      drain(true);
    },
  };
}

/** Reads every message from complete output (tests and one-shot consumers). */
export function demuxOutput(output: string): { text: string; messages: LabMessage[] } {
  let text = '';
  const messages: LabMessage[] = [];
  const demux = createOutputDemux(
    (t) => (text += t),
    (m) => messages.push(m),
  );
  demux.push(output);
  demux.flush();
  return { text, messages };
}

/** The last check report in complete host output, if any. */
export function parseCheckReport(output: string): CheckReport | undefined {
  let report: CheckReport | undefined;
  for (const message of demuxOutput(output).messages) {
    if (message.type === 'check') report = message.report;
  }
  return report;
}
