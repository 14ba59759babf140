/**
 * Check for goroutines/wait-for-workers: every worker ran to its end before main returned, and main
 * got there by synchronizing, not by sleeping.
 *
 * It reads the runtime's trace rather than only the output, because output alone cannot tell a
 * correct WaitGroup from a sleep that happens to be long enough: the workers are the goroutines main
 * started (`go.start` with parent 1), "finished" is their `go.exit`, and "slept" is goroutine 1
 * parking with wait reason `sleep`. A run without a `go.exit` for main (a deadlock, a panic) counts
 * every event as before main's end, so those items still report what did happen.
 */
import { defineCheck, type TraceEvent } from 'labcheck';

const workers = 5;
const MAIN = 1;

export default defineCheck(async (t) => {
  const run = await t.run();
  const trace: readonly TraceEvent[] = run.trace;

  t.equal(
    'the program exits with status 0',
    run.exitCode,
    0,
    run.stderr.trim().split('\n')[0] || undefined,
  );

  const mainExit = trace.findIndex(
    (e) => e.type === 'go.exit' && e.g === MAIN,
  );
  const end = mainExit === -1 ? trace.length : mainExit;

  const started = trace
    .filter(
      (e) => e.type === 'go.start' && e.parent === MAIN,
    )
    .map((e) => e.g);
  t.equal(
    `main starts ${workers} worker goroutines`,
    started.length,
    workers,
  );

  const exitedInTime = new Set(
    trace
      .slice(0, end)
      .filter((e) => e.type === 'go.exit')
      .map((e) => e.g),
  );
  const unfinished = started.filter(
    (g) => !exitedInTime.has(g),
  );
  t.expect(
    'every worker goroutine finishes before main returns',
    started.length > 0 && unfinished.length === 0,
    started.length === 0
      ? 'main started no goroutines'
      : `main returned while ${unfinished.length} of ${started.length} workers were still running: their work was lost`,
  );

  const mainSlept = trace.some(
    (e) =>
      e.g === MAIN &&
      ((e.type === 'go.park' && e.reason === 'sleep') ||
        e.type === 'sleep'),
  );
  t.expect(
    'main waits without sleeping',
    !mainSlept,
    'main called sleep(): a sleep guesses how long the workers take; wait for them with a WaitGroup',
  );

  const missing = Array.from(
    { length: workers },
    (_, i) => i + 1,
  ).filter(
    (id) => !run.lines.includes(`worker ${id} done`),
  );
  t.expect(
    'every worker reports "worker N done"',
    missing.length === 0,
    `no report from worker ${missing.join(', ')}`,
  );

  t.equal(
    'main reports last',
    run.lines.at(-1),
    'main: all workers done',
  );
});
