/** Contender: the bench's own Promise-resolver channel (../promise-channel.ts), the reference. */
import { PromiseChannel, selectRecv } from '../promise-channel.ts';
import type { Contender } from '../workloads.ts';

export const promiseChannel: Contender<PromiseChannel> = {
  name: 'promise-channel',
  go: (fn) => void fn(),
  chan: (cap) => new PromiseChannel(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  close: (ch) => ch.close(),
  selector: (chs) => () => selectRecv(chs),
  notes: ['written for this bench: completes synchronously whenever Go would not block'],
};
