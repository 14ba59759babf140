/**
 * Contender: the bench's own Promise-resolver channel (../promise-channel.ts), the reference.
 * `select-idiomatic` uses its select directly: `selectRecv` returns `[index, value]` (a plain array
 * when a channel is ready), awaited the way every workload awaits this channel's operations.
 */
import { PromiseChannel, selectRecv } from '../promise-channel.ts';
import { fanIn, type Contender, type FanInTotals } from '../workloads.ts';

async function consumeIdiomatic(chs: PromiseChannel[]): Promise<FanInTotals> {
  let open = chs;
  let sum = 0;
  let count = 0;
  while (open.length > 0) {
    const [i, v] = await selectRecv(open);
    if (v === undefined) {
      open = open.filter((_, j) => j !== i); // a closed channel leaves the select
      continue;
    }
    sum += v;
    count++;
  }
  return { count, sum };
}

export const promiseChannel: Contender<PromiseChannel> = {
  name: 'promise-channel',
  go: (fn) => void fn(),
  chan: (cap) => new PromiseChannel(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  close: (ch) => ch.close(),
  selector: (chs) => () => selectRecv(chs),
  native: { 'select-idiomatic': (p) => fanIn(promiseChannel, p, consumeIdiomatic) },
  notes: ['written for this bench: completes synchronously whenever Go would not block'],
};
