/**
 * labcheck on its own, against a fake environment: items, the pass rule, throws and timeouts
 * becoming failed items, structural equality, trace helpers, and the terminal report.
 * (Checks of real programs through the lab host are in labcheck-labs.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  CheckTextError,
  checkText,
  defineCheck,
  deepEqual,
  formatReport,
  isCheck,
  runCheck,
  splitLines,
  type CheckEnvironment,
  type CheckReport,
  type ProgramRun,
} from '../../src/lab/check/index.ts';

/** A check text whose Chinese is marked, so a test can tell the languages apart. */
const txt = (en: string) => ({ en, 'zh-cn': `【${en}】` });

/** A report with each text in English only: what most assertions here are about. */
function english(report: CheckReport) {
  return {
    passed: report.passed,
    items: report.items.map(({ name, pass, detail }) =>
      detail === undefined ? { name: name.en, pass } : { name: name.en, pass, detail: detail.en },
    ),
  };
}

function programRun(over: Partial<ProgramRun> = {}): ProgramRun {
  const stdout = over.stdout ?? 'a\nb\n';
  return {
    stdout,
    stderr: '',
    output: stdout,
    exitCode: 0,
    trace: [],
    lines: splitLines(stdout),
    timedOut: false,
    ...over,
  };
}

function env(run: ProgramRun = programRun(), timeoutMs = 1000): CheckEnvironment {
  return {
    timeoutMs,
    runProgram: () => Promise.resolve(run),
    startProgram: () => ({ snapshot: () => run, done: Promise.resolve(run) }),
  };
}

describe('runCheck', () => {
  it('passes when every item passes', async () => {
    const check = defineCheck(async (t) => {
      const run = await t.run();
      t.equal(txt('exit status'), run.exitCode, 0);
      t.equal(txt('lines'), run.lines, ['a', 'b']);
      t.expect(txt('two lines'), run.lines.length === 2);
      t.match(txt('says b'), run.stdout, /^b$/m);
    });
    expect(english(await runCheck(check, env()))).toEqual({
      passed: true,
      items: [
        { name: 'exit status', pass: true },
        { name: 'lines', pass: true },
        { name: 'two lines', pass: true },
        { name: 'says b', pass: true },
      ],
    });
  });

  it('fails when one item fails, saying what was expected and what was seen', async () => {
    const report = english(
      await runCheck(
        defineCheck(async (t) => {
          const run = await t.run();
          t.equal(txt('exit status'), run.exitCode, 0, txt('the program must end normally'));
          t.equal(txt('lines'), run.lines, ['a', 'c']);
        }),
        env(programRun({ exitCode: 2 })),
      ),
    );
    expect(report.passed).toBe(false);
    expect(report.items).toEqual([
      { name: 'exit status', pass: false, detail: 'the program must end normally (expected 0, got 2)' },
      { name: 'lines', pass: false, detail: 'expected ["a","c"], got ["a","b"]' },
    ]);
  });

  it('fails a check that recorded no items: it proved nothing', async () => {
    const report = await runCheck(
      defineCheck(() => {}),
      env(),
    );
    expect(report).toEqual({ passed: false, items: [] });
    expect(formatReport(report)).toContain('✗ the check recorded no items');
  });

  it('turns a throw in the check into a failed item after the items before it', async () => {
    const report = english(
      await runCheck(
        defineCheck((t) => {
          t.expect(txt('first'), true);
          throw new Error('cannot read the body');
        }),
        env(),
      ),
    );
    expect(report).toEqual({
      passed: false,
      items: [
        { name: 'first', pass: true },
        { name: 'the check ran to its end', pass: false, detail: 'cannot read the body' },
      ],
    });
  });

  it('adds a failed item for a program that threw or did not finish', async () => {
    const threw = english(
      await runCheck(
        defineCheck(async (t) => void (await t.run())),
        env(programRun({ exitCode: 1, error: 'TypeError: x is undefined' })),
      ),
    );
    expect(threw.items).toEqual([
      {
        name: 'the program runs without an uncaught error',
        pass: false,
        detail: 'TypeError: x is undefined',
      },
    ]);
    const hung = english(
      await runCheck(
        defineCheck(async (t) => void (await t.run())),
        env(programRun({ exitCode: -1, timedOut: true }), 2000),
      ),
    );
    expect(hung.items[0]).toMatchObject({ name: 'the program finishes within 2s', pass: false });
  });

  it('reports a check that never settles once its time is up', async () => {
    const report = english(
      await runCheck(
        defineCheck(async (t) => {
          t.expect(txt('before'), true);
          await new Promise(() => {});
        }),
        env(programRun(), 50),
      ),
    );
    expect(report.passed).toBe(false);
    expect(report.items.map((item) => item.name)).toEqual(['before', 'the check finished within 0.55s']);
  });

  it('needs a started service before fetching a path', async () => {
    const report = english(
      await runCheck(
        defineCheck(async (t) => {
          await t.fetch('/users');
        }),
        env(),
      ),
    );
    expect(report.items[0]?.detail).toMatch(/call t\.start\(\{ service \}\) first/);
  });

  it('accepts a plain function as well as defineCheck', async () => {
    expect(isCheck(defineCheck(() => {}))).toBe(true);
    expect(isCheck(() => {})).toBe(false);
    expect((await runCheck((t) => void t.expect(txt('ok'), 1), env())).passed).toBe(true);
    expect(() => defineCheck('nope' as never)).toThrow(
      'defineCheck expects a function (t) => ..., got string',
    );
  });
});

describe('trace helpers', () => {
  const trace = [
    { type: 'go.start', t: 0, g: 1, parent: 0, fn: 'main.main' },
    { type: 'chan.make', t: 0, g: 1, ch: 1, cap: 0 },
    { type: 'go.start', t: 0, g: 2, parent: 1, fn: 'main.worker' },
    { type: 'chan.send', t: 5, g: 2, ch: 1 },
    { type: 'go.start', t: 5, g: 3, parent: 1, fn: 'main.worker' },
  ] as const;

  it('list the events of one type and the goroutines main started', async () => {
    await runCheck((t) => {
      const run = programRun({ trace });
      expect(t.events(run, 'chan.send')).toEqual([trace[3]]);
      expect(t.goroutines(run)).toEqual(['main.worker', 'main.worker']);
      expect(t.lines('x\ny\n')).toEqual(['x', 'y']);
      t.expect(txt('done'), true);
    }, env());
  });
});

describe('deepEqual', () => {
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], [2, 1], false],
    [NaN, NaN, true],
    [new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]]), true],
    [new Set([1, 2]), new Set([2, 1]), true],
    [new Date(5), new Date(6), false],
    [1, '1', false],
  ])('deepEqual(%j, %j) is %s', (a, b, expected) => {
    expect(deepEqual(a, b)).toBe(expected);
  });
});

describe('formatReport', () => {
  it('prints one ✓/✗ line per item, details indented, and a summary', () => {
    expect(
      formatReport({
        passed: false,
        items: [
          { name: txt('exit status'), pass: true },
          { name: txt('lines'), pass: false, detail: txt('expected 2\ngot 3') },
        ],
      }),
    ).toBe('✓ exit status\n✗ lines\n    expected 2\n    got 3\ncheck failed (1/2 passed)\n');
  });
});

describe('check texts in both languages (check items used to be English on the Chinese pages)', () => {
  it('carries both languages of every item to the report, labcheck’s own words included', async () => {
    const report = await runCheck(
      defineCheck(async (t) => {
        const run = await t.run();
        t.equal({ en: 'exit status', 'zh-cn': '退出状态' }, run.exitCode, 0);
      }),
      env(programRun({ exitCode: 2 })),
    );
    expect(report.items).toEqual([
      {
        name: { en: 'exit status', 'zh-cn': '退出状态' },
        pass: false,
        detail: { en: 'expected 0, got 2', 'zh-cn': '期望 0，实际为 2' },
      },
    ]);
  });

  it.each([
    ['a plain string', 'exit status', 't.equal’s name must be'],
    ['no Chinese', { en: 'exit status' }, 'lacks its "zh-cn" text'],
    ['empty English', { en: ' ', 'zh-cn': '退出状态' }, 'lacks its "en" text'],
  ])('fails the check on a name with %s, saying which language is missing', async (_case, name, message) => {
    const report = english(
      await runCheck(
        defineCheck((t) => void t.equal(name as never, 1, 1)),
        env(),
      ),
    );
    expect(report.passed).toBe(false);
    expect(report.items).toEqual([
      { name: 'the check ran to its end', pass: false, detail: expect.stringContaining(message) as unknown },
    ]);
  });

  it('checks an author’s detail too, even when the item passes', async () => {
    const report = await runCheck(
      defineCheck((t) => void t.expect(txt('ok'), true, { en: 'only English' } as never)),
      env(),
    );
    expect(english(report).items[0]?.detail).toContain('lacks its "zh-cn" text');
  });

  it('refuses a text without both languages with a CheckTextError', () => {
    expect(() => checkText({ en: 'x' }, 'the name')).toThrow(CheckTextError);
    expect(() => checkText({ en: 'x' }, 'the name')).toThrow('the name lacks its "zh-cn" text');
  });
});

describe('t.source', () => {
  it("gives the learner's file as submitted, types included, and fails the check for a file that does not exist", async () => {
    const sources = { 'main.ts': 'function sq(input: RecvChan<number>) {}\n' };
    let seen = '';
    const report = await runCheck(
      defineCheck((t) => {
        seen = t.source('main.ts');
        t.source('stage.ts');
      }),
      { ...env(), sources },
    );
    expect(seen).toBe(sources['main.ts']);
    expect(report.passed).toBe(false);
    expect(JSON.stringify(report.items)).toContain(
      't.source(\\"stage.ts\\"): the learner has no file stage.ts',
    );
  });
});
