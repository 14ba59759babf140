/**
 * Checks of real programs: fixture labs mounted and run through the lab host by the Node runner
 * (the path of `npm run lab -- <id> --check`), passing and failing — including a service answering
 * over real HTTP, and programs that panic, throw, never end, or return early.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/lab/load.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import type { CheckText } from '../../src/lab/check/text.ts';
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
const passedReport = (...names: CheckText[]) => ({
  passed: true,
  items: names.map((name) => ({ name, pass: true })),
});

/** Item names of the checks below, in both languages as labcheck requires. */
const EXIT_STATUS = { en: 'exit status', 'zh-cn': '退出状态' };
const OUTPUT = { en: 'output', 'zh-cn': '输出' };
const SAYS_PANIC = { en: 'says panic', 'zh-cn': '提示 panic' };
const MESH_ANSWERS = { en: 'the mesh answers', 'zh-cn': '网格作出应答' };
const NO_SOCKET = { en: 'no real socket', 'zh-cn': '没有真实的 socket' };
const BOTH_RUNS = { en: 'both runs print once', 'zh-cn': '两次运行各打印一次' };
/** A CheckText written into a check module's source. */
const src = (text: CheckText) => JSON.stringify(text);

const checkExit0 = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  t.equal(${src(EXIT_STATUS)}, run.exitCode, 0);
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
        { en: 'the program exits with status 0', 'zh-cn': '程序以退出状态 0 结束' },
        { en: 'it prints 1, 2, 3, then done', 'zh-cn': '依次打印 1、2、3 和 done' },
        { en: 'one producer goroutine runs', 'zh-cn': '运行一个生产者 goroutine' },
        { en: 'the channel is closed once', 'zh-cn': 'channel 只关闭一次' },
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
      name: { en: 'the program exits with status 0', 'zh-cn': '程序以退出状态 0 结束' },
      pass: false,
      // The author's verbatim stderr line joined to labcheck's own words in each language.
      detail: {
        en: 'fatal error: all goroutines are asleep - deadlock! (expected 0, got 2)',
        'zh-cn': 'fatal error: all goroutines are asleep - deadlock! (期望 0，实际为 2)',
      },
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
      name: { en: 'GET /echo/hello answers 200', 'zh-cn': 'GET /echo/hello 返回 200' },
      pass: false,
      detail: { en: 'expected 200, got 501', 'zh-cn': '期望 200，实际为 501' },
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
  t.equal(${src(MESH_ANSWERS)}, await res.json(), { echo: 'hi' });
  // No socket is listening: a real HTTP request to the same URL cannot connect.
  const real = await fetch(svc.url + '/echo/hi').then(() => 'connected', () => 'refused');
  t.equal(${src(NO_SOCKET)}, real, 'refused');
});`,
    };
    const memory = await runLab(lab, { mode: 'check', packages: pkgs.current, net: 'memory' });
    expect(memory.report).toEqual(passedReport(MESH_ANSWERS, NO_SOCKET));
    // The same check over the default (node:http) transport does reach a socket.
    const http = await runLab(lab, { mode: 'check', packages: pkgs.current });
    expect(http.report?.items[1]).toMatchObject({ name: NO_SOCKET, pass: false });
  });

  it('does not let a program returning from main end the host before the report', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => { console.log('bye'); });",
      checkExit0,
    );
    expect(outcome.report).toEqual(passedReport(EXIT_STATUS));
  });

  it('takes a program calling process.exit itself as the end of its run', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => { console.log('leaving'); process.exit(3); });",
      `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  t.equal(${src(EXIT_STATUS)}, run.exitCode, 3);
  t.equal(${src(OUTPUT)}, run.lines, ['leaving']);
});`,
    );
    expect(outcome.report).toEqual(passedReport(EXIT_STATUS, OUTPUT));
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
        name: { en: 'the program runs without an uncaught error', 'zh-cn': '程序运行时没有未捕获的错误' },
        pass: false,
        detail: {
          en: expect.stringMatching(/^TypeError: /) as unknown,
          'zh-cn': expect.stringMatching(/^TypeError: /) as unknown,
        },
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
  t.equal(${src(EXIT_STATUS)}, run.exitCode, 2);
  t.match(${src(SAYS_PANIC)}, run.stderr, 'panic: out of cheese');
});`,
    );
    expect(outcome.report).toEqual(passedReport(EXIT_STATUS, SAYS_PANIC));
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
      expect.objectContaining({
        name: { en: 'the program finishes within 2.4s', 'zh-cn': '程序在 2.4 秒内结束' },
        pass: false,
      }),
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
  t.equal(${src(BOTH_RUNS)}, [first.lines, second.lines], [['run'], ['run']]);
});`,
    );
    expect(outcome.report).toEqual(passedReport(BOTH_RUNS));
  });

  it('fails a check module without a default export', async () => {
    const outcome = await runVariant(
      'check',
      "import { main } from 'gort';\nmain(() => {});",
      'export const nothing = 1;',
    );
    expect(outcome.report?.items).toEqual([
      expect.objectContaining({
        name: { en: 'the check loads', 'zh-cn': '检查代码能够加载' },
        pass: false,
        detail: {
          en: expect.stringContaining('export default defineCheck') as unknown,
          'zh-cn': expect.stringContaining('export default defineCheck') as unknown,
        },
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
