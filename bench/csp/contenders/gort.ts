/**
 * Contender: gort, this project's runtime, as lessons use it: goroutines started with `go`,
 * channels from `chan`, and `select` over receive cases. Tracing is off (no subscriber). The whole
 * sample runs as the program's main goroutine on the real clock; the runtime's exit hook reports
 * when main has returned instead of ending the process. `select` goes through the bench's
 * `[index, value]` adapter, which is gort/reflect's `select` (Go's reflect.Select);
 * `select-idiomatic` is the same W5 with the consumer written as a lesson writes it, a select
 * statement with named cases (consumeIdiomatic).
 */
import { chan, configure, go, main, recv, select, type Chan, type RecvCase } from 'gort';
import * as reflect from 'gort/reflect';
import { fanIn, type Contender, type FanInTotals, type Metrics, type Params } from '../workloads.ts';

type IntChan = Chan<number, undefined>;

/**
 * W5's consumer as a lesson writes it: a 4-way select with named cases in a `for` loop, reading
 * `r.case`/`r.ok`/`r.value`; a closed channel's case becomes `recv(null)`, never ready, as a Go
 * programmer sets the channel to nil. The cases object is made once and reused, like one select
 * statement in a loop (a fresh literal per iteration is the other lesson style; it allocates more).
 */
async function consumeIdiomatic(chs: IntChan[]): Promise<FanInTotals> {
  const [c1, c2, c3, c4] = chs;
  if (chs.length !== 4 || c1 === undefined || c2 === undefined || c3 === undefined || c4 === undefined)
    throw new Error(`the idiomatic W5 is a 4-way select, got ${chs.length} producers`);
  const cases: Record<'a' | 'b' | 'c' | 'd', RecvCase<number, undefined>> = {
    a: recv(c1),
    b: recv(c2),
    c: recv(c3),
    d: recv(c4),
  };
  let sum = 0;
  let count = 0;
  for (let open = 4; open > 0;) {
    const r = await select(cases);
    if (!r.ok) {
      cases[r.case] = recv<number, undefined>(null);
      open--;
      continue;
    }
    sum += r.value;
    count++;
  }
  return { count, sum };
}

export const gort: Contender<IntChan> = {
  name: 'gort',
  go: (fn) => go(fn),
  chan: (cap) => chan<number>(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  close: (ch) => ch.close(),
  // The shared W5 selects over an array of channels whose length changes as they close: Go's
  // reflect.Select. Its `[chosen, recv, recvOK]` is the bench's `[index, value]` already (a closed
  // channel yields its zero value, undefined here), so the library's own promise is returned.
  selector(chs) {
    const cases = chs.map((ch) => recv(ch));
    return () => reflect.select(cases);
  },
  native: {
    'select-idiomatic': (p: Params): Promise<Metrics> => fanIn(gort, p, consumeIdiomatic),
  },
  run: (body) =>
    new Promise((resolve, reject) => {
      let result: Awaited<ReturnType<typeof body>>;
      configure({
        clock: 'real',
        write: (_fd, text) => void process.stderr.write(text),
        exit: (code) =>
          code === 0 ? resolve(result) : reject(new Error(`gort program exited with ${code}`)),
      });
      main(async () => {
        result = await body();
      });
    }),
  notes: [
    'tracing off; goroutines via go(), select over receive cases',
    'select-idiomatic: for-loop over await select({a: recv(c1), ...}), closed cases set to recv(null)',
  ],
};
