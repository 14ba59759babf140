/** Contender: @thi.ng/csp (v3). No unbuffered channels, so capacity 0 becomes 1; W3 exceeds its read limit. */
import { channel, select, type Channel } from '@thi.ng/csp';
import type { Contender } from '../workloads.ts';

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
  unsupported: { spawn: 'at most 1024 pending reads per channel; further reads resolve at once as closed' },
  notes: ['capacity 0 is mapped to 1 (no unbuffered channels)', 'select is receive-only'],
};
