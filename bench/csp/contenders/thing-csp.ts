/** Contender: @thi.ng/csp (v3). No unbuffered channels, so capacity 0 becomes 1; W3 exceeds its read limit. */
import { channel, select, type Channel } from '@thi.ng/csp';
import { fanIn, type Contender, type FanInTotals } from '../workloads.ts';

/** W5's consumer in @thi.ng/csp's idiom: `select(...open)` gives `[value, channel]`; undefined is closed. */
async function consumeIdiomatic(chs: Channel<number>[]): Promise<FanInTotals> {
  let open = chs;
  let sum = 0;
  let count = 0;
  for (let [first, ...rest] = open; first !== undefined; [first, ...rest] = open) {
    const [v, ch] = await select(first, ...rest);
    if (v === undefined) {
      open = open.filter((c) => c !== ch);
      continue;
    }
    sum += v;
    count++;
  }
  return { count, sum };
}

export const thingCsp: Contender<Channel<number>> = {
  name: '@thi.ng/csp',
  pkg: '@thi.ng/csp',
  go: (fn) => void fn(),
  chan: (cap) => channel<number>(Math.max(cap, 1)),
  send: (ch, v) => ch.write(v),
  recv: (ch) => ch.read(),
  close: (ch) => ch.close(),
  selector: (chs) => {
    const [first, ...rest] = chs;
    if (first === undefined) throw new Error('select needs at least one channel');
    return async () => {
      const [v, ch] = await select(first, ...rest);
      return [chs.indexOf(ch), v];
    };
  },
  native: { 'select-idiomatic': (p) => fanIn(thingCsp, p, consumeIdiomatic) },
  unsupported: { spawn: 'at most 1024 pending reads per channel; further reads resolve at once as closed' },
  notes: ['capacity 0 is mapped to 1 (no unbuffered channels)', 'select is receive-only'],
};
