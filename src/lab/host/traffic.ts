/**
 * A service lab's traffic for the lab UI's Traffic view: listens to gomesh's traffic records and
 * sends them to the runner in `traffic` protocol lines, batched, while the program runs.
 *
 * Invariants: at most TRAFFIC_RECORD_LIMIT records are sent per run and memory stays bounded
 * (later records are only counted in `total`); a batch is sent only when its line fits what the
 * runner's cap on protocol lines (`PROTOCOL_OUTPUT_LIMIT`) leaves after the messages so far less the
 * room kept for the trace and the end of the run, so traffic never ends a run with `output-limit`
 * and never crowds out the Timeline; a batch waits while the program's stdout is in the middle of a line (a protocol
 * line there would split the learner's line in the terminal); `flush()` sends what is pending at
 * once and, being the run's end, stops the timer; the timer never keeps the process alive.
 */
import type { TrafficEvent } from 'gomesh';
import { TRAFFIC_RECORD_LIMIT, trafficRow, type TrafficRow } from '../protocol.ts';
import { PROTOCOL_OUTPUT_LIMIT } from '../runner.ts';
import { outputAtLineStart, writeMessage, writtenMessageChars } from './stdio.ts';

/** How often pending records are sent while the program runs (real time). */
export const TRAFFIC_BATCH_MS = 250;
/** Room kept under the protocol cap for the trace (100,000 events take about 3 MiB) and the exit. */
const MARGIN = 4 * 1024 * 1024;

export interface TrafficRelay {
  /** gomesh's `onTraffic` listener. */
  readonly record: (event: TrafficEvent) => void;
  /** Sends what is pending now (the program is ending); later records are still counted. */
  flush(): void;
}

type Timers = Pick<typeof globalThis, 'setInterval' | 'clearInterval'>;

export function createTrafficRelay(
  protocolLimit = PROTOCOL_OUTPUT_LIMIT,
  timers: Timers = globalThis,
): TrafficRelay {
  let pending: TrafficRow[] = [];
  let kept = 0;
  let total = 0;
  let sentTotal = 0;
  let full = false;

  const send = (force: boolean) => {
    // At the end a batch goes out even without rows when records were only counted since the last.
    const due = pending.length > 0 || (force && total > sentTotal);
    if (!due || full || (!force && !outputAtLineStart())) return;
    const message = { type: 'traffic', rows: pending, total } as const;
    const room = protocolLimit - writtenMessageChars() - MARGIN;
    if (JSON.stringify(message).length + 8 > room) {
      full = true;
      pending = [];
      return;
    }
    pending = [];
    sentTotal = total;
    writeMessage(message);
  };
  const timer = timers.setInterval(() => send(false), TRAFFIC_BATCH_MS);
  (timer as { unref?: () => void }).unref?.();

  return {
    record(event) {
      total++;
      if (full || kept >= TRAFFIC_RECORD_LIMIT) return;
      kept++;
      pending.push(trafficRow(event));
    },
    flush() {
      timers.clearInterval(timer);
      send(true);
    },
  };
}
