/**
 * `t.explore` through the lab host (the Node runner, as `npm run lab -- <id> --check` runs it): the
 * classic races of the lessons pass in gort's FIFO order and fail under exploration within the
 * default number of schedules, with the schedule's token on the failed items; the token replays
 * that run exactly (`--schedule`, the same output and trace); correct programs, the labs' solutions
 * among them, never fail; and the author's mistakes get exact messages.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULES } from '../../src/lab/check/explore.ts';
import { loadLab } from '../../src/lab/load.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import type { Lab } from '../../src/lab/schema.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();

/** A lab whose starter is `main` and whose check is `check` (built on the greeting fixture). */
async function lab(main: string, check: string): Promise<Lab> {
  const base = await loadLab(path.join('tests/fixtures/labs/good', 'basics/greeting'));
  return { ...base, starter: { 'main.ts': main }, check };
}

/** A check that explores with the default count and expects `expected` as the program's stdout. */
const prints = (expected: string, options = '') => `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.equal({ en: 'exit status', 'zh-cn': '退出状态' }, run.exitCode, 0);
    t.equal({ en: 'output', 'zh-cn': '输出' }, run.stdout, ${JSON.stringify(expected)});
  }${options});
});`;

/** A lost update: each deposit reads the balance, awaits a (buffered, never blocking) audit send, writes. */
const lostUpdate = `import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';
let balance = 0;
const audit = chan<number>(100);
async function deposit(n: number) {
  const b = balance;
  await audit.send(b);
  balance = b + n;
}
main(async () => {
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(() => deposit(10));
  await wg.wait();
  console.log('balance:', balance);
});
`;

/** Check-then-act: both buyers may see the last seat free before either takes it. */
const checkThenAct = `import { chan, main } from 'gort';
import { WaitGroup } from 'gort/sync';
let seats = 1;
const payments = chan<string>(10);
async function buy(who: string) {
  if (seats > 0) {
    await payments.send(who);
    seats--;
    console.log('sold to', who);
  }
}
main(async () => {
  const wg = new WaitGroup();
  wg.go(() => buy('ada'));
  wg.go(() => buy('ken'));
  await wg.wait();
  console.log('seats left:', seats);
});
`;

/** WaitGroup.add inside the goroutine: main yields once, so in FIFO order every add runs first. */
const addInside = `import { go, gosched, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
main(async () => {
  const wg = new WaitGroup();
  let done = 0;
  for (let id = 1; id <= 3; id++) {
    go(async () => {
      wg.add(1);
      try {
        await time.sleep(id * 10);
        done++;
      } finally {
        wg.done();
      }
    });
  }
  await gosched();
  await wg.wait();
  console.log('done:', done);
});
`;

const CLASSIC = [
  ['a lost update across an await without a mutex', lostUpdate, 'balance: 30\n'],
  ['a check-then-act race', checkThenAct, 'sold to ada\nseats left: 0\n'],
  ['WaitGroup.add inside the goroutine', addInside, 'done: 3\n'],
] as const;

describe('t.explore', () => {
  it.each(CLASSIC)(
    'passes %s in FIFO order (why a plain t.run cannot catch it)',
    async (_name, main, expected) => {
      const run = await runLab(await lab(main, ''), { mode: 'run', packages: pkgs.current });
      expect(run.text).toBe(expected);
    },
  );

  it.each(CLASSIC)(
    `finds %s within the default ${DEFAULT_SCHEDULES} schedules, and its token replays the failing run`,
    async (_name, main, expected) => {
      const l = await lab(main, prints(expected));
      const checked = await runLab(l, { mode: 'check', packages: pkgs.current });
      const report = checked.report!;
      expect(report.passed).toBe(false);
      const last = report.items.at(-1)!;
      expect(last).toMatchObject({
        name: {
          en: `it holds in every order the Go scheduler may run the goroutines (${DEFAULT_SCHEDULES} schedules tried)`,
        },
        pass: false,
      });
      const schedule = last.schedule!;
      expect(schedule).toMatch(/^rw-\d+$/);
      expect(last.detail?.en).toContain(
        `schedule ${schedule} (number ${schedule.slice(3)} of the ${DEFAULT_SCHEDULES} tried) breaks it`,
      );
      const output = report.items.find((i) => i.name.en === 'output')!;
      expect(output).toMatchObject({ pass: false, schedule });

      const replays = await Promise.all(
        [0, 1].map(async () => runLab(l, { mode: 'run', schedule, packages: pkgs.current })),
      );
      const seen = /got "(.*)"\)?$/s.exec(output.detail!.en)![1]!.replace(/\\n/g, '\n');
      expect(replays[0]!.text).toBe(seen);
      expect(replays[1]!.text).toBe(replays[0]!.text);
      expect(replays[0]!.text).not.toBe(expected);
    },
  );

  it('never fails a correct program: the deposit under a mutex passes every schedule', async () => {
    const fixed = lostUpdate
      .replace(
        "import { WaitGroup } from 'gort/sync';",
        "import { Mutex, WaitGroup } from 'gort/sync';\nconst mu = new Mutex();",
      )
      .replace('  const b = balance;', '  await mu.lock();\n  const b = balance;')
      .replace('  balance = b + n;', '  balance = b + n;\n  mu.unlock();');
    const checked = await runLab(await lab(fixed, prints('balance: 30\n')), {
      mode: 'check',
      packages: pkgs.current,
    });
    expect(checked.report).toEqual({
      passed: true,
      items: [
        { name: { en: 'exit status', 'zh-cn': '退出状态' }, pass: true },
        { name: { en: 'output', 'zh-cn': '输出' }, pass: true },
        {
          name: {
            en: `it holds in every order the Go scheduler may run the goroutines (${DEFAULT_SCHEDULES} schedules tried)`,
            'zh-cn': `在 Go 调度器可能采用的每种 goroutine 执行顺序下都成立（尝试了 ${DEFAULT_SCHEDULES} 种调度）`,
          },
          pass: true,
        },
      ],
    });
  });

  it.each(['channels/ping-pong', 'goroutines/wait-for-workers'])(
    'never fails the %s solution: it prints the same under every schedule',
    async (id) => {
      const real = await loadLab(path.join('labs', id));
      const fifo = await runLab(real, { mode: 'run', files: 'solution', packages: pkgs.current });
      const checked = await runLab(
        { ...real, check: prints(fifo.text, ', { schedules: 100 }') },
        { mode: 'check', files: 'solution', packages: pkgs.current },
      );
      expect(checked.report?.passed, checked.output.slice(-3000) + JSON.stringify(checked.result)).toBe(true);
    },
  );

  it('explores a part of the program given as main', async () => {
    const check = `import { defineCheck } from 'labcheck';
import { go, gosched } from 'gort';
export default defineCheck(async (t) => {
  const result = await t.explore((run) => {
    t.equal({ en: 'order', 'zh-cn': '顺序' }, run.stdout, 'a\\nb\\n');
  }, {
    schedules: 20,
    main: async () => {
      go(() => console.log('b'));
      console.log('a');
      await gosched();
    },
  });
  t.expect({ en: 'found', 'zh-cn': '找到' }, !result.passed && result.schedule === 'rw-' + result.tried);
});`;
    const checked = await runLab(await lab("import { main } from 'gort';\nmain(() => {});\n", check), {
      mode: 'check',
      packages: pkgs.current,
    });
    // After gosched, main may run on before b's goroutine ever ran, and return: Go allows that.
    expect(checked.report?.items.map((i) => [i.name.en, i.pass])).toEqual([
      ['order', false],
      ['it holds in every order the Go scheduler may run the goroutines (20 schedules tried)', false],
      ['found', true],
    ]);
  });

  it.each([
    ['{ schedules: 0 }', 'Expected `schedules` to be a whole number from 1 to 1000, got 0'],
    ["{ schedules: 'many' }", 'Expected `schedules` to be a whole number from 1 to 1000, got many'],
    ['{ main: 1 }', 'Expected `main` to be a function, got number'],
    ["{ traceLines: 'yes' }", 'Expected `traceLines` to be a boolean, got string'],
  ])('refuses %s with an exact message', async (options, message) => {
    const check = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => { await t.explore(() => {}, ${options}); });`;
    const checked = await runLab(await lab("import { main } from 'gort';\nmain(() => {});\n", check), {
      mode: 'check',
      packages: pkgs.current,
    });
    expect(checked.report?.items).toEqual([
      {
        name: { en: 'the check ran to its end', 'zh-cn': '检查完整运行结束' },
        pass: false,
        detail: { en: message, 'zh-cn': message },
      },
    ]);
  });

  // A check's runs skip the stack capture per channel operation unless the check asks for the
  // lines (src/lab/host/program.ts): the pipelines lab tells its stages apart by chan.make's line.
  it('gives trace events their learner line only when the check asks (traceLines), in t.run and t.explore', async () => {
    const main =
      "import { chan, main } from 'gort';\nmain(async () => {\n  const ch = chan<number>(1);\n  await ch.send(1);\n});\n";
    const check = `import { defineCheck } from 'labcheck';
const lines = (run) => run.trace.filter((e) => e.type === 'chan.make').map((e) => e.at?.line ?? null);
export default defineCheck(async (t) => {
  t.equal({ en: 'run', 'zh-cn': 'run' }, lines(await t.run()), [null]);
  t.equal({ en: 'run with lines', 'zh-cn': 'run with lines' }, lines(await t.run({ traceLines: true })), [3]);
  await t.explore((run) => t.equal({ en: 'explored', 'zh-cn': 'explored' }, lines(run), [null]), { schedules: 2 });
  await t.explore((run) => t.equal({ en: 'explored with lines', 'zh-cn': 'explored with lines' }, lines(run), [3]), {
    schedules: 2,
    traceLines: true,
  });
});`;
    const checked = await runLab(await lab(main, check), { mode: 'check', packages: pkgs.current });
    expect(checked.report?.items.filter((i) => !i.pass)).toEqual([]);
    expect(checked.report?.passed).toBe(true);
  });

  it('keeps the end of a long output and the report line: the host flushes before it exits (explored runs used to lose them)', async () => {
    const loud =
      "import { main } from 'gort';\nmain(() => { for (let i = 0; i < 20000; i++) console.log('line', i); });\n";
    const checked = await runLab(await lab(loud, prints('', ', { schedules: 3 }')), {
      mode: 'check',
      packages: pkgs.current,
    });
    expect(checked.report?.passed).toBe(false);
    const run = await runLab(await lab(loud, ''), { mode: 'run', packages: pkgs.current });
    expect(run.text.endsWith('line 19999\n')).toBe(true);
  });

  it('replays through the host only in run mode, with exact messages for a bad token', async () => {
    const l = await lab(lostUpdate, prints('balance: 30\n'));
    const bad = await runLab(l, { mode: 'run', schedule: 'rw-x', packages: pkgs.current });
    expect(bad.text).toContain('--schedule: expected a schedule token such as "rw-17", got "rw-x"');
    const inCheck = await runLab(l, { mode: 'check', schedule: 'rw-1', packages: pkgs.current });
    expect(inCheck.text).toContain('--schedule: only with --mode=run (a check explores schedules itself)');
  });
});
