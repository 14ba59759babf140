/**
 * What the lab host asks of the runtime to point at the learner's lines (issue #11): `mapLocation`
 * (a stack location to the learner's file and line, null for frames that are not the learner's),
 * `callSites` (where each goroutine parks and was started, for the deadlock dump as Go prints it
 * and for `go.park` trace events), `internalFrames`, and `problem` (the first learner location of
 * what ended the program, at most once).
 *
 * The learner's program is compiled the way the sandboxed worker loads it: a script with a `blob:`
 * URL (here through node:vm), wrapped in one extra line, which the test's mapLocation takes off as
 * a source map would. Expected lines are found by markers in the source, so they read like Go's.
 */
import { runInThisContext } from 'node:vm';
import * as gort from 'gort';
import * as sync from 'gort/sync';
import * as time from 'gort/time';
import { runProgram, type RunProgramOptions } from 'gort/testing';
import { describe, expect, it } from 'vitest';

const URL = 'blob:null/6f1c2a7e-lab/main.js';
const LIB_URL = 'blob:null/6f1c2a7e-lab/lib.js';

/** The host's source map: the learner's script maps to main.ts (minus the wrapper line); nothing else is theirs. */
function mapLocation(url: string, line: number, column: number) {
  return url === URL ? { file: 'main.ts', line: line - 1, column } : null;
}

/** Compiles a learner's program body (which returns main's function) as a blob script. */
function compile(body: string, url = URL): (...libs: unknown[]) => () => Promise<void> {
  return runInThisContext(`(function ({ gort, sync, time }, lib) {\n${body}\n})`, { filename: url }) as (
    ...libs: unknown[]
  ) => () => Promise<void>;
}

/** 1-based line of the line that holds `marker` (a trailing comment) in `body`. */
function lineOf(body: string, marker: string): number {
  const i = body.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no ${marker}`);
  return i + 1;
}

function run(body: string, options: RunProgramOptions = {}, lib?: unknown) {
  return runProgram(compile(body)({ gort, sync, time }, lib), { mapLocation, ...options });
}

const DEADLOCK = `const { chan, go, select } = gort;
function worker(id, wg, ch) {
  return ch.send(id); // worker parks
}
return async () => {
  const ch = chan();
  const wg = new sync.WaitGroup();
  wg.add(1);
  go(worker, 1, wg, ch); // go worker
  go(async () => {   // go func1
    await select({}); // func1 parks
  });
  await time.sleep(time.Millisecond);
  await wg.wait(); // main parks
};`;

describe('mapLocation and callSites', () => {
  it('prints the deadlock dump as Go does: each goroutine with the learner line it waits at', async () => {
    const r = await run(DEADLOCK, { callSites: true });
    const at = (m: string) => `main.ts:${lineOf(DEADLOCK, m)}`;
    expect(r.stderr).toBe(
      `fatal error: all goroutines are asleep - deadlock!

goroutine 1 [sync.WaitGroup.Wait]:
main.main()
\t${at('main parks')}

goroutine 2 [chan send]:
main.worker(...)
\t${at('worker parks')}
created by main.main in goroutine 1
\t${at('go worker')}

goroutine 3 [select (no cases)]:
main.main.func1()
\t${at('func1 parks')}
created by main.main in goroutine 1
\t${at('go func1')}
`,
    );
    expect(r.exitCode).toBe(2);
  });

  it('reports the deadlock to the host once, at the line goroutine 1 waits at', async () => {
    const r = await run(DEADLOCK, { callSites: true });
    const line = lineOf(DEADLOCK, 'main parks');
    const column = DEADLOCK.split('\n')[line - 1]!.indexOf('wait(') + 1;
    expect(r.problems).toEqual([{ kind: 'deadlock', file: 'main.ts', line, column }]);
  });

  it('falls back to the first goroutine that has a learner line when main has none', async () => {
    // main's own function is not the learner's (a library's), so it has no learner frame.
    const lib = runInThisContext(
      `(function (gort, start) { return async () => { start(); await gort.chan().recv(); }; })`,
      { filename: LIB_URL },
    ) as (g: typeof gort, start: () => unknown) => () => Promise<void>;
    const learner = `return () => gort.go(async function stuck() {
  await gort.chan().send(1); // stuck parks
});`;
    const start = compile(learner)({ gort, sync, time });
    const r = await runProgram(lib(gort, start), { mapLocation, callSites: true });
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: 'deadlock', file: 'main.ts', line: lineOf(learner, 'stuck parks') }),
    ]);
    expect(r.stderr).toContain('goroutine 1 [chan receive]:\nmain.main()\n\n');
  });

  it('without callSites, keeps the dump to function names and reports no problem location', async () => {
    const r = await run(DEADLOCK);
    expect(r.stderr).toContain(
      'goroutine 1 [sync.WaitGroup.Wait]:\nmain.main()\n\ngoroutine 2 [chan send]:\n',
    );
    expect(r.stderr).not.toContain('main.ts');
    expect(r.problems).toEqual([]);
  });

  it('prints a panic with the learner frames through mapLocation, and reports its first one', async () => {
    const body = `const { chan, go } = gort;
function explode(n) {
  throw new Error('boom ' + n); // explode throws
}
async function worker(n) {
  await null;
  explode(n); // worker calls
}
return async () => {
  go(worker, 7); // go worker
  await chan().recv();
};`;
    const r = await run(body, { callSites: true });
    const at = (m: string) => `main.ts:${lineOf(body, m)}`;
    expect(r.stderr).toBe(
      `panic: boom 7

goroutine 2 [running]:
main.explode(...)
\t${at('explode throws')}
main.worker(...)
\t${at('worker calls')}
created by main.main in goroutine 1
\t${at('go worker')}
`,
    );
    const line = lineOf(body, 'explode throws');
    expect(r.problems).toEqual([
      { kind: 'panic', file: 'main.ts', line, column: body.split('\n')[line - 1]!.indexOf('new Error') + 1 },
    ]);
  });

  it('names the learner line of a fatal error raised inside the runtime (unlock of unlocked mutex)', async () => {
    const body = `return async () => {
  const mu = new sync.Mutex();
  mu.unlock(); // unlock
};`;
    const r = await run(body);
    expect(r.stderr).toBe(
      `fatal error: sync: unlock of unlocked mutex\n\ngoroutine 1 [running]:\nmain.main()\n\tmain.ts:${lineOf(body, 'unlock')}\n`,
    );
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'panic', line: lineOf(body, 'unlock') })]);
  });

  it('reports only the first of two panics', async () => {
    const body = `return async () => {
  gort.go(() => gort.panic('first')); // first
  gort.go(() => gort.panic('second'));
  await gort.chan().recv();
};`;
    const r = await run(body);
    expect(r.stderr.split('\n')[0]).toBe('panic: first');
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'panic', line: lineOf(body, 'first') })]);
  });

  it('reads the stacks of Firefox and Safari too (name@url:line:column), where the sandbox may run', async () => {
    // The stack is the one SpiderMonkey writes for the same program; V8 is the engine here.
    const body = `return async () => {
  const e = new Error('boom');
  e.stack = [
    'explode@${URL}:4:9', // explode
    'worker@${URL}:8:3', // worker
    'async*@${URL}:12:5', // main
    'park@http://localhost/_lab/pkgs/node_modules/gort/index.js:1:200',
  ].join('\\n');
  throw e;
};`;
    const r = await run(body);
    expect(r.stderr).toBe(
      'panic: boom\n\ngoroutine 1 [running]:\nmain.explode(...)\n\tmain.ts:3\nmain.worker(...)\n\tmain.ts:7\nmain.main()\n\tmain.ts:11\n',
    );
    expect(r.problems).toEqual([{ kind: 'panic', file: 'main.ts', line: 3, column: 9 }]);
  });

  it('shows the runtime’s own frames only with internalFrames', async () => {
    const body = `return () => {
  const ch = gort.chan();
  ch.close();
  ch.close(); // close again
};`;
    const plain = await run(body);
    expect(plain.stderr).toBe(
      `panic: close of closed channel\n\ngoroutine 1 [running]:\nmain.main()\n\tmain.ts:${lineOf(body, 'close again')}\n`,
    );
    const debug = await run(body, { internalFrames: true });
    expect(debug.stderr).toMatch(
      /\nChannel\.close\(\.\.\.\)\n\t\S*src\/runtime\/chan\.ts:\d+:\d+\nmain\.main\(\)\n\tmain\.ts:/,
    );
  });

  it('puts the learner line on go.park trace events only when callSites is on', async () => {
    const on = await run(DEADLOCK, { callSites: true, trace: true });
    const parks = on.trace.filter((e) => e.type === 'go.park');
    expect(parks.map((e) => [e.g, e.reason, e.at?.line])).toEqual([
      [1, 'sleep', lineOf(DEADLOCK, 'await time.sleep')],
      [2, 'chan send', lineOf(DEADLOCK, 'worker parks')],
      [3, 'select (no cases)', lineOf(DEADLOCK, 'func1 parks')],
      [1, 'sync.WaitGroup.Wait', lineOf(DEADLOCK, 'main parks')],
    ]);
    const off = await run(DEADLOCK, { trace: true });
    expect(off.trace.filter((e) => e.type === 'go.park').every((e) => !('at' in e))).toBe(true);
  });

  // Issue #13's timeline: channel and select events used to carry no location, so a step could not
  // mark its line; a parked side's event names where it parked, the acting side's its own line.
  it('puts the learner line and the value on channel and select events only when callSites is on', async () => {
    const body = `const { chan, go, select, recv } = gort;
return async () => {
  const ping = chan();
  const done = chan(1);
  go(async () => {
    const v = await ping.recv(); // worker receives
    await done.send(v * 2); // worker sends
  });
  await ping.send(21); // main sends
  const r = await select({ d: recv(done) }); // main selects
  done.close(); // main closes
};`;
    const on = await run(body, { callSites: true, trace: true });
    const chanEvents = on.trace.filter((e) =>
      ['chan.send', 'chan.recv', 'chan.close', 'select'].includes(e.type),
    );
    expect(
      chanEvents.map((e) => [e.type, e.g, 'value' in e ? e.value : null, 'at' in e ? e.at?.line : undefined]),
    ).toEqual([
      ['chan.send', 1, 21, lineOf(body, 'main sends')],
      ['chan.recv', 2, 21, lineOf(body, 'worker receives')],
      ['chan.send', 2, 42, lineOf(body, 'worker sends')],
      ['chan.recv', 1, 42, lineOf(body, 'main selects')],
      ['select', 1, null, lineOf(body, 'main selects')],
      ['chan.close', 1, null, lineOf(body, 'main closes')],
    ]);
    const off = await run(body, { trace: true });
    expect(off.trace.some((e) => 'at' in e)).toBe(false);
  });

  // A lab check's runs (src/lab/host/program.ts): the same events without a stack capture per
  // operation, and the dump still names the lines.
  it('leaves the learner line off every trace event with traceSites false, and keeps it in the dump', async () => {
    const on = await run(DEADLOCK, { callSites: true, trace: true });
    const bare = await run(DEADLOCK, { callSites: true, traceSites: false, trace: true });
    expect(on.trace.some((e) => 'at' in e)).toBe(true);
    expect(bare.trace.some((e) => 'at' in e)).toBe(false);
    const strip = (t: typeof on.trace) =>
      t.map((e) => Object.fromEntries(Object.entries(e).filter(([key]) => key !== 'at')));
    expect(bare.trace).toEqual(strip(on.trace));
    expect(bare.stderr).toBe(on.stderr);
    expect(bare.stderr).toContain(`main.ts:${lineOf(DEADLOCK, 'main parks')}`);
  });

  // The runtime reads its stacks as V8's call sites through Error.prepareStackTrace, set only for
  // that read: a program's own formatter is neither used for them nor lost.
  it("reads call sites the same under a program's own Error.prepareStackTrace, and keeps it", async () => {
    const plain = await run(DEADLOCK, { callSites: true, trace: true });
    const own = (_e: Error, sites: unknown[]) => `own formatter, ${sites.length} frames`;
    const statics = Error as { prepareStackTrace?: unknown };
    const before = statics.prepareStackTrace;
    statics.prepareStackTrace = own;
    try {
      const body = DEADLOCK.replace(
        'await wg.wait(); // main parks',
        "console.log(new Error('x').stack.startsWith('own formatter'));\n  await wg.wait(); // main parks",
      );
      const r = await run(body, { callSites: true, trace: true });
      expect(statics.prepareStackTrace).toBe(own);
      expect(r.stdout).toBe('true\n');
      const lines = (text: string, src: string) =>
        text.replace(
          /main\.ts:(\d+)/g,
          (_m, n: string) => `main.ts:${src.split('\n')[Number(n) - 1]?.trim()}`,
        );
      expect(lines(r.stderr, body)).toBe(lines(plain.stderr, DEADLOCK));
      const parks = (t: typeof r.trace, src: string) =>
        t.flatMap((e) => (e.type === 'go.park' ? [src.split('\n')[(e.at?.line ?? 0) - 1]?.trim()] : []));
      expect(parks(r.trace, body)).toEqual(parks(plain.trace, DEADLOCK));
    } finally {
      statics.prepareStackTrace = before;
    }
  });

  it('rejects malformed host options with exact messages', () => {
    expect(() => gort.configure({ mapLocation: 'main.ts' as never })).toThrow(
      'Expected `mapLocation` to be a function, got string',
    );
    expect(() => gort.configure({ callSites: 1 as never })).toThrow(
      'Expected `callSites` to be a boolean, got number',
    );
    expect(() => gort.configure({ traceSites: 'no' as never })).toThrow(
      'Expected `traceSites` to be a boolean, got string',
    );
    expect(() => gort.configure({ internalFrames: 'yes' as never })).toThrow(
      'Expected `internalFrames` to be a boolean, got string',
    );
    expect(() => gort.configure({ problem: {} as never })).toThrow(
      'Expected `problem` to be a function, got object',
    );
  });
});
