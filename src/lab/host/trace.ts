/**
 * A plain run's trace for the lab UI's Timeline: records the runtime's events and sends them once,
 * as one `trace` protocol line, when the program ends.
 *
 * Invariants: at most TRACE_EVENT_LIMIT events are kept (memory stays bounded however long the
 * program runs; later ones are only counted); the line fits in what the runner's cap on protocol
 * lines (`PROTOCOL_OUTPUT_LIMIT`, apart from the program's own output) leaves after the messages
 * sent before it, less a margin for those that may follow, so sending the trace never ends a run
 * with `output-limit`, however much the program printed; it is sent at most once.
 */
import type { TraceEvent } from 'gort';
import { traceMessage, TRACE_EVENT_LIMIT } from '../protocol.ts';
import { PROTOCOL_OUTPUT_LIMIT } from '../runner.ts';
import { writeMessage, writtenMessageChars } from './stdio.ts';

/** Room kept under the protocol cap for the messages that may follow the trace (a stuck report). */
const MARGIN = 64 * 1024;

export interface TraceRecorder {
  /** The runtime's `trace` option. */
  readonly record: (e: TraceEvent) => void;
  /** Sends the trace line (the first call only). */
  send(): void;
}

export function createTraceRecorder(protocolLimit = PROTOCOL_OUTPUT_LIMIT): TraceRecorder {
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
      const room = protocolLimit - writtenMessageChars() - MARGIN;
      if (room <= 0) return;
      writeMessage(traceMessage(events, total, room));
    },
  };
}
