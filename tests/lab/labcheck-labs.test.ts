/**
 * Checks of real programs: fixture labs mounted and run through the lab host by the Node runner
 * (the path of `npm run lab -- <id> --check`), passing and failing — including a service answering
 * over real HTTP, and programs that panic, throw, never end, or return early.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import type { Lab } from '../../src/lab/schema.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();
const fixture = (id: string) => loadLab(path.join('tests/fixtures/labs/good', id));

/** A lab whose check is `check` and whose starter is `main` (built on the greeting fixture). */
async function variant(main: string, check: string, meta: Partial<Lab['meta']> = {}): Promise<Lab> {
  const base = await fixture('basics/greeting');
  return { ...base, meta: { ...base.meta, ...meta }, starter: { 'main.ts': main }, check };
}

/** Runs the `variant` lab's starter through the host in `mode`. */
async function runVariant(
  mode: 'run' | 'check',
  main: string,
  check: string,
  meta: Partial<Lab['meta']> = {},
): ReturnType<typeof runLab> {
  return runLab(await variant(main, check, meta), { mode, packages: pkgs.current });
}

/** The report of a check whose items, named in order, all passed. */
const passedReport = (...names: string[]) => ({
  passed: true,
  items: names.map((name) => ({ name, pass: true })),
});

const checkExit0 = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  t.equal('exit status', run.exitCode, 0);
});`;

describe('a check run through the lab host', () => {
  it('passes for a solution and reports each item', async () => {
    const outcome = await runLab(await fixture('basics/numbers'), {
      mode: 'check',
      files: 'solution',
      packages: pkgs.current,
    });
    expect(outcome.report).toEqual(
      passedReport(
        'the program exits with status 0',
        'it prints 1, 2, 3, then done',
        'one producer goroutine runs',
        'the channel is closed once',
      ),
    );
    expect(outcome.result.exitCode).toBe(0);
    // The program's output still reaches the terminal during a check, without the report line.
    expect(outcome.text).toBe('1\n2\n3\ndone\n');
  });

  it('fails for a starter that deadlocks, with what went wrong', async () => {
    const outcome = await runLab(await fixture('basics/numbers'), { mode: 'check', packages: pkgs.current });
    expect(outcome.result.exitCode).toBe(1);
    expect(outcome.report?.passed).toBe(false);
    expect(outcome.report?.items[0]).toEqual({
      name: 'the program exits with status 0',
      pass: false,
      detail: 'fatal error: all goroutines are asleep - deadlock! (expected 0, got 2)',
    });
    expect(outcome.text).toContain('fatal error: all goroutines are asleep - deadlock!');
  });

  it('calls a service over real HTTP: the solution passes, the starter fails', async () => {
    const lab = await fixture('services/echo');
    const solved = await runLab(lab, { mode: 'check', files: 'solution', packages: pkgs.current });
    expect(solved.report).toMatchObject({ passed: true });
    expect(solved.listening).toHaveLength(1);
    expect(solved.listening[0]).toMatchObject({
      type: 'listen',
      name: 'echo',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown,
    });

    const starter = await runLab(lab, { mode: 'check', packages: pkgs.current });
    expect(starter.report?.passed).toBe(false);
    expect(starter.report?.items).toContainEqual({
      name: 'GET /echo/hello answers 200',
      pass: false,
      detail: 'expected 200, got 501',
    });
  });

  it("calls a service over the in-memory network when the host is told to (the worker's way)", async () => {
    const echo = await fixture('services/echo');
    const lab: Lab = {
      ...echo,
      starter: echo.solution,
      check: `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const svc = await t.start({ service: 'echo' });
  const res = await t.fetch('/echo/hi');
  t.equal('the mesh answers', await res.json(), { echo: 'hi' });
  // No socket is listening: a real HTTP request to the same URL cannot connect.
  const real = await fetch(svc.url + '/echo/hi').then(() => 'connected', () => 'refused');
  t.equal('no real socket', real, 'refused');
});`,
    };
    const memory = await runLab(lab, { mode: 'check', packages: pkgs.current, net: 'memory' });
    expect(memory.report).toEqual(passedReport('the mesh answers', 'no real socket'));
    // The same check over the default (node:http) transport does reach a socket.
    const http = await runLab(lab, { mode: 'check', packages: pkgs.current });
    expect(http.report?.items[1]).toMatchObject({ name: 'no real socket', pass: false });
  });

  it('does not let a program returning from main end the host before the report', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => { console.log('bye'); });",
      checkExit0,
    );
    expect(outcome.report).toEqual(passedReport('exit status'));
  });

  it('takes a program calling process.exit itself as the end of its run', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => { console.log('leaving'); process.exit(3); });",
      `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  t.equal('exit status', run.exitCode, 3);
  t.equal('output', run.lines, ['leaving']);
});`,
    );
    expect(outcome.report).toEqual(passedReport('exit status', 'output'));
  });

  it('turns an uncaught error in the program into a failed item', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nconst x: { y?: { z: number } } = {};\nconsole.log(x.y!.z);\nmain(() => {});",
      checkExit0,
    );
    expect(outcome.report?.passed).toBe(false);
    expect(outcome.report?.items).toContainEqual(
      expect.objectContaining({
        name: 'the program runs without an uncaught error',
        pass: false,
        detail: expect.stringMatching(/^TypeError: /) as unknown,
      }),
    );
  });

  it("reports a panic as exit status 2 with Go's text", async () => {
    const outcome = await runVariant(
      'check',
      "import { main, panic } from 'gort';\nmain(() => { panic('out of cheese'); });",
      `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  t.equal('exit status', run.exitCode, 2);
  t.match('says panic', run.stderr, 'panic: out of cheese');
});`,
    );
    expect(outcome.report).toEqual(passedReport('exit status', 'says panic'));
  });

  it('reports a program that never ends before the runner has to kill the host', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(async () => { await new Promise(() => setInterval(() => {}, 1000)); });",
      checkExit0,
      {
        timeoutMs: 3000,
        clock: 'real',
      },
    );
    expect(outcome.result.stopped).toBe(false);
    expect(outcome.report?.passed).toBe(false);
    // The host keeps back part of the lab's 3 s so the report is printed before the runner's kill.
    expect(outcome.report?.items).toContainEqual(
      expect.objectContaining({ name: 'the program finishes within 2.4s', pass: false }),
    );
  });

  it('runs the program again for a second t.run()', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => { console.log('run'); });",
      `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const first = await t.run();
  const second = await t.run();
  t.equal('both runs print once', [first.lines, second.lines], [['run'], ['run']]);
});`,
    );
    expect(outcome.report?.passed).toBe(true);
  });

  it('fails a check module without a default export', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => {});",
      'export const nothing = 1;',
    );
    expect(outcome.report?.items).toEqual([
      expect.objectContaining({
        name: 'the check loads',
        pass: false,
        detail: expect.stringContaining('export default defineCheck') as unknown,
      }),
    ]);
  });
});

describe('a run through the lab host', () => {
  it.each([
    [0, "main(() => { console.log('ok'); });"],
    [2, "main(() => { panic('boom'); });"],
    [1, "throw new Error('top-level');"],
  ])('exits with the program status %i', async (code, body) => {
    const outcome = await runVariant(
      'run',
      `import { main, panic } from 'gort';\nvoid panic;\n${body}`,
      checkExit0,
    );
    expect(outcome.result.exitCode).toBe(code);
    expect(outcome.report).toBeUndefined();
  });

  it("runs on the lab's virtual clock: an hour of sleeping is over at once", async () => {
    const outcome = await runVariant(
      'run',
      "import { main } from 'gort';\nimport { Hour, now, since, sleep } from 'gort/time';\nmain(async () => {\n  const start = now();\n  await sleep(Hour);\n  console.log(`slept ${since(start) / Hour}h`);\n});",
      checkExit0,
      { timeoutMs: 5000 },
    );
    expect(outcome.result).toEqual({ exitCode: 0, stopped: false });
    expect(outcome.text).toBe('slept 1h\n');
  });
});
