/** Contender: ts-chan in its default (safe) mode, where operations may yield to the macrotask queue. */
import { Chan, Select, recv as recvCase } from 'ts-chan';
import type { Contender } from '../workloads.ts';

const valueOf = (r: IteratorResult<number, number | undefined>): number | undefined =>
  r.done ? undefined : r.value;

export const tsChan: Contender<Chan<number>> = {
  name: 'ts-chan',
  pkg: 'ts-chan',
  go: (fn) => void fn(),
  chan: (cap) => new Chan<number>(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv().then(valueOf),
  close: (ch) => ch.close(),
  selector(chs) {
    const sel = new Select(chs.map((ch) => recvCase(ch)));
    return async () => {
      const i = await sel.wait();
      return [i, valueOf(sel.recv(sel.cases[i]!))];
    };
  },
  notes: ['default (safe) mode: yields to the macrotask queue'],
};
