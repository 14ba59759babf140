/** Contender: ts-chan in its default (safe) mode, where operations may yield to the macrotask queue. */
import { Chan, Select, recv as recvCase } from 'ts-chan';
import { fanIn, type Contender, type FanInTotals } from '../workloads.ts';

const valueOf = (r: IteratorResult<number, number | undefined>): number | undefined =>
  r.done ? undefined : r.value;

/**
 * W5's consumer in ts-chan's idiom: one `Select` over receive cases, `await sel.wait()` then
 * `sel.recv(case)`; a closed channel's case is dropped by building the Select anew without it.
 */
async function consumeIdiomatic(chs: Chan<number>[]): Promise<FanInTotals> {
  let open = chs;
  let sel = new Select(open.map((ch) => recvCase(ch)));
  let sum = 0;
  let count = 0;
  while (open.length > 0) {
    const i = await sel.wait();
    const r = sel.recv(sel.cases[i]!);
    if (r.done) {
      open = open.filter((_, j) => j !== i);
      if (open.length > 0) sel = new Select(open.map((ch) => recvCase(ch)));
      continue;
    }
    sum += r.value;
    count++;
  }
  return { count, sum };
}

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
  native: { 'select-idiomatic': (p) => fanIn(tsChan, p, consumeIdiomatic) },
  notes: ['default (safe) mode: yields to the macrotask queue'],
};
