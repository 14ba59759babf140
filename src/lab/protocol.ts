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
import type { StuckReport } from 'gort';
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

export type LabMessage = ListenMessage | CheckMessage | ProblemMessage | StuckMessage;

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
      const end = pending.indexOf('\n');
      if (end === -1) {
        if (!final) return; // wait for the rest of the message line
        const message = decodeMessage(pending);
        if (message === undefined) emit(pending);
        else onMessage(message);
        pending = '';
        return;
      }
      const message = decodeMessage(pending.slice(0, end));
      if (message === undefined) emit(pending.slice(0, end + 1));
      else onMessage(message);
      pending = pending.slice(end + 1);
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
