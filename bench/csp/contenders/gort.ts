/**
 * Contender: gort, this project's runtime, as lessons use it: goroutines started with `go`,
 * channels from `chan`, and `select` over receive cases. Tracing is off (no subscriber). The whole
 * sample runs as the program's main goroutine on the real clock; the runtime's exit hook reports
 * when main has returned instead of ending the process.
 */
import { chan, configure, go, main, recv, select, type Chan } from 'gort';
import type { Contender } from '../workloads.ts';

type IntChan = Chan<number, undefined>;

export const gort: Contender<IntChan> = {
  name: 'gort',
  go: (fn) => go(fn),
  chan: (cap) => chan<number>(cap),
  send: (ch, v) => ch.send(v),
  recv: (ch) => ch.recv(),
  close: (ch) => ch.close(),
  selector(chs) {
    // One case object per set of channels, reused by every call, as a Go select statement is; the
    // cases are named (c0, c1, ...) as lesson code names them, not numbered like array indices.
    const cases = Object.fromEntries(chs.map((ch, i) => [`c${i}`, recv(ch)]));
    // Read the result as a lesson does (`r.case`, `r.ok`, `r.value`). Turning it into the bench's
    // `[index, value]` is the one promise hop the rules allow: select() always returns a promise,
    // so mapping its result costs a reaction (an async function and `.then` cost the same tick;
    // measured, `.then(pair)` and a Map from case name to index were both slightly slower).
    return async () => {
      const r = await select(cases);
      return [Number(r.case.slice(1)), r.ok ? r.value : undefined];
    };
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
  notes: ['tracing off; goroutines via go(), select over receive cases'],
};
