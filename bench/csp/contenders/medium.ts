/** Contender: medium, CSP channels on async/await (put/take/close; `any` as select). */
import medium, { type MediumChannel } from 'medium';
import { fanIn, type Contender, type FanInTotals } from '../workloads.ts';

const { chan, put, take, close, any, CLOSED } = medium;
const valueOf = (v: unknown): number | undefined => (v === CLOSED ? undefined : (v as number));

/** W5's consumer in medium's idiom: `any(...open)` gives `[value, channel]`; CLOSED is closed. */
async function consumeIdiomatic(chs: MediumChannel[]): Promise<FanInTotals> {
  let open = chs;
  let sum = 0;
  let count = 0;
  while (open.length > 0) {
    const [v, ch] = await any(...open);
    if (v === CLOSED) {
      open = open.filter((c) => c !== ch);
      continue;
    }
    sum += v as number;
    count++;
  }
  return { count, sum };
}

export const mediumContender: Contender<MediumChannel> = {
  name: 'medium',
  pkg: 'medium',
  go: (fn) => void fn(),
  // chan(0) would be a fixed buffer of size 0, which deadlocks when the sender comes first
  chan: (cap) => (cap > 0 ? chan(cap) : chan()),
  send: (ch, v) => put(ch, v),
  recv: (ch) => take(ch).then(valueOf),
  close: (ch) => close(ch),
  selector: (chs) => async () => {
    const [v, ch] = await any(...chs);
    return [chs.indexOf(ch), valueOf(v)];
  },
  native: { 'select-idiomatic': (p) => fanIn(mediumContender, p, consumeIdiomatic) },
  notes: ['select via any(...channels)', 'close() leaves parked senders pending'],
};
