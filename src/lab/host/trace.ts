/**
 * A plain run's trace for the lab UI's Timeline: records the runtime's events and sends them once,
 * as one `trace` protocol line, when the program ends.
 *
 * Invariants: at most TRACE_EVENT_LIMIT events are kept (memory stays bounded however long the
 * program runs; later ones are only counted); the line fits in what the runner's output cap
 * (`DEFAULT_OUTPUT_LIMIT`, which counts protocol lines too) leaves after the program's own output,
 * less a margin, so sending the trace never ends a run with `output-limit`; it is sent at most once.
 */
import type { TraceEvent } from 'gort';
import { traceMessage, TRACE_EVENT_LIMIT } from '../protocol.ts';
import { DEFAULT_OUTPUT_LIMIT } from '../runner.ts';
import { writeMessage, writtenChars } from './stdio.ts';

/** Room kept under the output cap for what may still be written after the trace (a newline, stderr). */
const MARGIN = 16 * 1024;

export interface TraceRecorder {
  /** The runtime's `trace` option. */
  readonly record: (e: TraceEvent) => void;
  /** Sends the trace line (the first call only). */
  send(): void;
}

export function createTraceRecorder(outputLimit = DEFAULT_OUTPUT_LIMIT): TraceRecorder {
  const events: TraceEvent[] = [];
  let total = 0;
  let sent = false;
  return {
    record(e) {
      total++;
      if (events.length < TRACE_EVENT_LIMIT) events.push(e);
    },
    send() {
      if (sent) return;
      sent = true;
      const room = outputLimit - writtenChars() - MARGIN;
      if (room <= 0) return;
      writeMessage(traceMessage(events, total, room));
    },
  };
}
