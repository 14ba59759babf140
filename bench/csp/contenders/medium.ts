/** Contender: medium, CSP channels on async/await (put/take/close; `any` as select). */
import medium, { type MediumChannel } from 'medium';
import type { Contender } from '../workloads.ts';

const { chan, put, take, close, any, CLOSED } = medium;
const valueOf = (v: unknown): number | undefined => (v === CLOSED ? undefined : (v as number));

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
  notes: ['select via any(...channels)', 'close() leaves parked senders pending'],
};
