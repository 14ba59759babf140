/**
 * What the lesson pages tell the learner to try, and what they promise will happen, checked against
 * the real labs: the starter's symptoms in step 1 of each exercise, and each "Try breaking it" tip
 * (the lab's solution changed as the tip says, then checked with the lab's own check).
 *
 * A tip rewrites the solution by replacing an exact piece of it; the test first asserts that the
 * piece is there, so editing a solution cannot silently turn a tip's test into a test of nothing.
 *
 * What the pages say about Go's own output is read from the recorded Go transcripts, which
 * go-programs.test.ts checks against the real toolchain.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labsDir, lessons, locales, pageFile, snippetsDir } from './lessons.ts';
import { buildPackages, removePackages, runSnippet } from './run-snippet.ts';

const lab = (id: string, file: string) => readFileSync(path.join(labsDir, id, file), 'utf8');
const snippet = (file: string) => readFileSync(path.join(snippetsDir, file), 'utf8');

/** The English and Chinese page of a lesson, with line breaks as spaces (prose wraps anywhere). */
function pages(slug: string): { en: string; zh: string } {
  const lesson = lessons.find((l) => l.slug === slug);
  if (lesson === undefined) throw new Error(`no lesson ${slug}`);
  const [en, zh] = locales.map((locale) =>
    readFileSync(pageFile(lesson, locale), 'utf8').replace(/\s*\n\s*/g, ' '),
  );
  return { en: en ?? '', zh: zh ?? '' };
}

function rewrite(source: string, from: string, to: string): string {
  expect(source, 'the solution still contains the piece the tip changes').toContain(from);
  return source.replace(from, to);
}

const failed = (run: Awaited<ReturnType<typeof runSnippet>>) =>
  run.report?.items.filter((i) => !i.pass).map((i) => i.name.en);

beforeAll(buildPackages, 120_000);
afterAll(removePackages);

describe('the goroutines lesson', () => {
  it('says the starter lets workers 1 to 3 report and loses 4 and 5', async () => {
    const run = await runSnippet(lab('goroutines/wait-for-workers', 'starter/main.ts'));
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      'worker 1 done',
      'worker 2 done',
      'worker 3 done',
      'main: all workers done',
    ]);
  });

  it("says Go's race detector reports two races on balance and ends the program with status 66", () => {
    const transcript = snippet('goroutines/race/main.go.out');
    expect(transcript.match(/^WARNING: DATA RACE$/gm)).toHaveLength(2);
    expect(transcript).toContain('\nFound 2 data race(s)\nexit status 66\n');
    expect(transcript).toContain('  sync.(*WaitGroup).Go()\n');
    const { en, zh } = pages('concurrency/goroutines');
    expect(en).toContain('It reports two races on `balance`');
    expect(en).toContain('were started by `wg.Go`');
    expect(en).toContain('ends with status 66');
    expect(zh).toContain('它对 `balance` 报告了两处竞争');
    expect(zh).toContain('由 `wg.Go` 启动的');
    expect(zh).toContain('以状态码 66 结束');
  });

  it('says moving wg.add(1) into the goroutine lets wait return before any worker started', async () => {
    const solution = rewrite(
      lab('goroutines/wait-for-workers', 'solution/main.ts'),
      '    wg.add(1); // before `go`, so wait() cannot run ahead of it\n    go(async () => {\n',
      '    go(async () => {\n      wg.add(1);\n',
    );
    const run = await runSnippet(solution, { check: lab('goroutines/wait-for-workers', 'check.ts') });
    expect(run.stdout).toBe('main: all workers done\n');
    expect(failed(run)).toContain('every worker goroutine finishes before main returns');
  });

  it('fails wg.add(1) inside the goroutine even when main yields first and FIFO order would hide it (the check explores schedules)', async () => {
    const solution = rewrite(
      rewrite(
        lab('goroutines/wait-for-workers', 'solution/main.ts'),
        '    wg.add(1); // before `go`, so wait() cannot run ahead of it\n    go(async () => {\n',
        '    go(async () => {\n      wg.add(1);\n',
      ),
      '  await wg.wait();',
      '  await gosched();\n  await wg.wait();',
    ).replace("import { go, main } from 'gort';", "import { go, gosched, main } from 'gort';");
    // In gort's default order every worker adds before main waits, so a plain run passes...
    const plain = await runSnippet(solution);
    expect(plain.stdout.split('\n').at(-2)).toBe('main: all workers done');
    expect(plain.stdout).toContain('worker 5 done');
    // ...but Go may run main first; the check finds such a schedule and names it.
    const run = await runSnippet(solution, { check: lab('goroutines/wait-for-workers', 'check.ts') });
    expect(failed(run)).toContain('every worker goroutine finishes before main returns');
    expect(run.report?.items.find((i) => !i.pass)?.schedule).toMatch(/^rw-\d+$/);
  });
});

describe('the unbuffered channels lesson', () => {
  it('says the starter deadlocks with main parked in chan send', async () => {
    const run = await runSnippet(lab('channels/ping-pong', 'starter/main.ts'));
    expect(run.stdout).toBe('ping 1\n');
    expect(run.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\n',
    );
    expect(run.exitCode).toBe(2);
  });

  it("says Go's dump shows main stuck at line 17, `ping <- ball`", () => {
    const line17 = snippet('unbuffered-channels/deadlock/main.go').split('\n')[16];
    expect(line17?.trim()).toBe('ping <- ball // stuck');
    expect(snippet('unbuffered-channels/deadlock/main.go.out')).toMatch(
      /^goroutine 1 \[chan send\]:\nmain\.main\(\)\n\t\S+\/main\.go:17 /m,
    );
    const { en, zh } = pages('concurrency/unbuffered-channels');
    expect(en).toContain('it is stuck at line 17, `ping <- ball`');
    expect(zh).toContain('它卡在第 17 行 `ping <- ball`');
  });

  it('says printing after the send lets "ping 3" come before "pong 2", and the check fails', async () => {
    const solution = rewrite(
      lab('channels/ping-pong', 'solution/main.ts'),
      "      console.log('pong', ball);\n      await pong.send(ball);\n",
      "      await pong.send(ball);\n      console.log('pong', ball);\n",
    );
    const run = await runSnippet(solution, { check: lab('channels/ping-pong', 'check.ts') });
    const lines = run.stdout.split('\n');
    expect(lines.indexOf('ping 3')).toBeLessThan(lines.indexOf('pong 2'));
    expect(failed(run)).toEqual(['the players print in turn: ping 1, pong 2, …, pong 6']);
  });
});

describe('the range and close lesson', () => {
  const countdown = (file: string) => lab('close/countdown', file);
  const check = () => countdown('check.ts');
  const lastSend = '    out.close(); // the sender knows there are no more\n';

  it('says the starter deadlocks with main parked in chan receive, in its range loop', async () => {
    const run = await runSnippet(countdown('starter/main.ts'));
    expect(run.stdout).toBe('3\n2\n1\n');
    expect(run.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n',
    );
    expect(run.exitCode).toBe(2);
  });

  it("says Go's panic names the second close at line 10, in the goroutine that was [running]", () => {
    const line10 = snippet('range-and-close/close-twice/main.go').split('\n')[9];
    expect(line10?.trim()).toBe('close(done) // panics');
    expect(snippet('range-and-close/close-twice/main.go.out')).toMatch(
      /^panic: close of closed channel\n\ngoroutine 1 \[running\]:\nmain\.main\(\)\n\t\S+\/main\.go:10 /m,
    );
    const { en, zh } = pages('concurrency/range-and-close');
    expect(en).toContain('ending at line 10, the second `close(done)`');
    expect(zh).toContain('最后停在第 10 行，也就是第二个 `close(done)`');
  });

  it("says closing in the generator while main still closes too panics with Go's close of closed channel, and the check fails it", async () => {
    const solution = rewrite(
      countdown('solution/main.ts'),
      "  }\n  console.log('liftoff!');",
      "  }\n  ch.close(); // main is done with the channel\n  console.log('liftoff!');",
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stderr).toContain('panic: close of closed channel\n');
    expect(failed(run)).toEqual([
      'the program exits with status 0',
      'it prints 3, 2, 1, then liftoff!',
      'the channel is closed exactly once',
      'only the goroutine that sends on the channel closes it',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const { en, zh } = pages('concurrency/range-and-close');
    expect(en).toContain('panic: close of closed channel');
    expect(zh).toContain('panic: close of closed channel');
  });

  it('fails a receiver that counts the values and closes the channel itself, though the output is right', async () => {
    const solution = rewrite(
      rewrite(countdown('solution/main.ts'), lastSend, ''),
      '  for await (const n of ch) {\n    console.log(n);\n  }\n',
      '  for (let i = 0; i < 3; i++) {\n    console.log(await ch.recv());\n  }\n  ch.close();\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('3\n2\n1\nliftoff!\n');
    expect(failed(run)).toEqual([
      'only the goroutine that sends on the channel closes it',
      'main’s loop ends because the channel is closed',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
  });

  it('fails a consumer goroutine whose range never ends, left behind when main returns (a leak, not a deadlock)', async () => {
    const solution = rewrite(
      rewrite(countdown('solution/main.ts'), lastSend, ''),
      '  for await (const n of ch) {\n    console.log(n);\n  }\n',
      '  go(async () => {\n    for await (const n of ch) {\n      console.log(n);\n    }\n  });\n  await sleep(1000);\n',
    ).replace("from 'gort';\n", "from 'gort';\nimport { sleep } from 'gort/time';\n");
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('3\n2\n1\nliftoff!\n');
    const items = run.report?.items ?? [];
    expect(failed(run)).toEqual([
      'the channel is closed exactly once',
      'main’s loop ends because the channel is closed',
      'no goroutine is left behind when main returns',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    expect(items.find((i) => i.name.en.startsWith('no goroutine'))?.detail?.en).toMatch(/chan receive/);
  });
});

describe('the buffered channels lesson', () => {
  const labId = 'buffered/bounded-queue';
  const check = () => lab(labId, 'check.ts');
  const printed = Array.from({ length: 8 }, (_, i) => `printed ${i + 1}`);

  it('says the starter queues all 8 jobs before printing any, and the check finds it 8 ahead', async () => {
    const run = await runSnippet(lab(labId, 'starter/main.ts'), { check: check() });
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('queued') || l.startsWith('printed'));
    expect(lines).toEqual([...Array.from({ length: 8 }, (_, i) => `queued ${i + 1}`), ...printed]);
    expect(run.report?.items.find((i) => !i.pass)?.detail?.en).toContain('the producer got 8 jobs ahead');
    const { en, zh } = pages('concurrency/buffered-channels');
    expect(en).toContain('_the producer got 8 jobs ahead_');
    expect(zh).toContain('_生产者领先了 8 个任务_');
  });

  it('says the starter with a buffer of 3 deadlocks after "queued 3", main parked in chan send', async () => {
    const starter = rewrite(
      lab(labId, 'starter/main.ts'),
      'chan<number>(buffer * 10, 0)',
      'chan<number>(buffer, 0)',
    );
    const run = await runSnippet(starter);
    expect(run.stdout).toBe('queued 1\nqueued 2\nqueued 3\n');
    expect(run.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\n',
    );
    expect(run.exitCode).toBe(2);
  });

  it('says Go\'s dump shows main parked in chan send at line 11, `queue <- "d"`', () => {
    const line11 = snippet('buffered-channels/full/main.go').split('\n')[10];
    expect(line11?.trim()).toBe('queue <- "d" // the buffer is full');
    expect(snippet('buffered-channels/full/main.go.out')).toMatch(
      /^goroutine 1 \[chan send\]:\nmain\.main\(\)\n\t\S+\/main\.go:11 /m,
    );
    const { en, zh } = pages('concurrency/buffered-channels');
    expect(en).toContain('`main` parks in `chan send` at line 11, `queue <- "d"`');
    expect(zh).toContain('`main` 停在第 11 行 `queue <- "d"` 的 `chan send` 上');
  });

  it('says the solution queues 1 to 4 before the first print', async () => {
    const run = await runSnippet(lab(labId, 'solution/main.ts'));
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'queued 1',
      'queued 2',
      'queued 3',
      'queued 4',
      'printed 1',
    ]);
  });

  it('says a queue of `jobs` prints everything in order yet fails the check, 7 jobs ahead', async () => {
    const solution = rewrite(
      lab(labId, 'solution/main.ts'),
      'chan<number>(buffer, 0)',
      'chan<number>(jobs, 0)',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('printed'))).toEqual(printed);
    expect(failed(run)).toContain('the producer is never more than 3 jobs ahead of the printer');
    expect(run.report?.items.find((i) => !i.pass)?.detail?.en).toContain('the producer got 7 jobs ahead');
    const { en, zh } = pages('concurrency/buffered-channels');
    expect(en).toContain('_the producer got 7 jobs ahead_');
    expect(zh).toContain('_生产者领先了 7 个任务_');
  });

  it('fails two printers that print in order in the default schedule (the check explores schedules)', async () => {
    const solution = rewrite(
      lab(labId, 'solution/main.ts'),
      `  for (let i = 0; i < jobs; i++) {
    const job = await queue.recv();
    await time.sleep(10 * time.Millisecond);
    console.log('printed', job);
  }`,
      `  const wg = new WaitGroup();
  for (let p = 0; p < 2; p++) {
    wg.add(1);
    go(async () => {
      for (let i = 0; i < jobs / 2; i++) {
        const job = await queue.recv();
        await time.sleep(10 * time.Millisecond);
        console.log('printed', job);
      }
      wg.done();
    });
  }
  await wg.wait();`,
    ).replace(
      "import * as time from 'gort/time';",
      "import { WaitGroup } from 'gort/sync';\nimport * as time from 'gort/time';",
    );
    const plain = await runSnippet(solution);
    expect(plain.stdout.split('\n').filter((l) => l.startsWith('printed'))).toEqual(printed);
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([
      'every job is printed once, in order: printed 1 … printed 8',
      expect.any(String),
    ]);
    // The detail reads `expected [...], got [...]`: what the failing schedule printed comes last.
    const detail = run.report?.items.find((i) => !i.pass)?.detail?.en ?? '';
    const got = detail.slice(detail.indexOf('got '));
    expect(got.indexOf('"printed 4"')).toBeLessThan(got.indexOf('"printed 3"'));
  });
});

describe('the channel directions lesson', () => {
  const stage = (file: string) => lab('directions/square-stage', file);
  const check = () => stage('check.ts');
  const typeItems = [
    'gen returns a receive-only channel (RecvChan), so its callers cannot send on it or close it',
    'sq takes a receive-only channel: it only receives from input, and gen closes it',
    'sq returns a receive-only channel, so main cannot close what sq owns',
  ];

  it("shows tsc's errors for the misuse program's TypeScript twin, the lines Go rejects too", async () => {
    const ts = (await import('typescript')).default;
    const repo = path.resolve(snippetsDir, '..', '..');
    const file = path.join(snippetsDir, 'channel-directions/misuse/main.ts');
    const source = snippet('channel-directions/misuse/main.ts.txt');
    const configFile = path.join(repo, 'tsconfig.json');
    const config: unknown = ts.readConfigFile(configFile, (f) => ts.sys.readFile(f)).config;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo, { noEmit: true }, configFile);
    const host = ts.createCompilerHost(parsed.options);
    const { readFile, fileExists } = {
      readFile: host.readFile.bind(host),
      fileExists: host.fileExists.bind(host),
    };
    host.readFile = (f) => (path.normalize(f) === file ? source : readFile(f));
    host.fileExists = (f) => path.normalize(f) === file || fileExists(f);
    const program = ts.createProgram({ rootNames: [file], options: parsed.options, host });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && path.normalize(d.file.fileName) === file);
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => path.dirname(file),
      getNewLine: () => '\n',
    });
    expect(text).toBe(snippet('channel-directions/misuse/main.tsc.out'));
    // Go rejects the same two lines: the receive (line 8) and the close (line 18).
    const go = snippet('channel-directions/misuse/main.go.out');
    expect(go).toContain('main.go:8:16: invalid operation: cannot receive from send-only channel');
    expect(go).toContain('main.go:18:8: invalid operation: cannot close receive-only channel in');
    const { en, zh } = pages('concurrency/channel-directions');
    for (const page of [en, zh]) {
      expect(page).toContain("Property 'close' does not exist on type 'RecvChan<number, number>'");
      expect(page).toContain('invalid operation: cannot close receive-only channel');
    }
  }, 60_000);

  it("says the starter prints 1, 4, 9, 16, then panics in main's close at line 37", async () => {
    const starter = stage('starter/main.ts');
    expect(starter.split('\n')[36]?.trim()).toBe('squares.close(); // main is done with squares');
    // The Chinese page says line 37 too: its starter's comments must not move the line.
    expect(stage('starter.zh-cn/main.ts').split('\n')[36]?.trim()).toBe(
      'squares.close(); // main 用完 squares 了',
    );
    const run = await runSnippet(starter);
    expect(run.stdout).toBe('1\n4\n9\n16\n');
    expect(run.stderr).toBe(
      'panic: close of closed channel\n\ngoroutine 1 [running]:\nmain.main()\n\tmain.ts:37\n',
    );
    expect(run.exitCode).toBe(2);
  });

  it('fails a program that runs right but keeps the bidirectional Chan types (the type-level items, nothing else)', async () => {
    const untyped = rewrite(
      rewrite(
        rewrite(
          stage('solution/main.ts'),
          'function gen(...nums: number[]): RecvChan<number, number> {',
          'function gen(...nums: number[]): Chan<number, number> {',
        ),
        'function sq(\n  input: RecvChan<number, number>,\n): RecvChan<number, number> {',
        'function sq(\n  input: Chan<number, number>,\n): Chan<number, number> {',
      ),
      'type RecvChan',
      'type Chan',
    );
    const run = await runSnippet(untyped, { check: check() });
    expect(run.stdout).toBe('1\n4\n9\n16\n');
    expect(failed(run)).toEqual(typeItems);
    const detail = run.report?.items.find((i) => i.name.en === typeItems[1])?.detail;
    expect(detail?.en).toContain("sq's parameter is `Chan<number, number>`");
    expect(detail?.['zh-cn']).toContain('sq 的参数是 `Chan<number, number>`');
  });

  it('fails only the item of the one signature left bidirectional, even when a comment mentions the right type', async () => {
    const half = rewrite(
      stage('solution/main.ts'),
      'function sq(\n  input: RecvChan<number, number>,\n): RecvChan<number, number> {',
      '// function sq(input: RecvChan<number, number>): RecvChan<number, number> {\nfunction sq(\n  input: RecvChan<number, number>,\n): Chan<number, number> {',
    ).replace('type RecvChan', 'type Chan, type RecvChan');
    const run = await runSnippet(half, { check: check() });
    expect(failed(run)).toEqual([typeItems[2]]);
  });

  it('says which function it could not find when gen is no longer a function declaration', async () => {
    const expression = rewrite(stage('solution/main.ts'), 'function gen(', 'const gen = function (');
    const run = await runSnippet(expression, { check: check() });
    expect(failed(run)).toEqual([typeItems[0]]);
    const detail = run.report?.items.find((i) => i.name.en === typeItems[0])?.detail;
    expect(detail?.en).toBe(
      'main.ts has no `function gen(…)`: keep gen a function declaration with its types written out',
    );
  });

  it("says putting main's close back (types silenced) panics, and the check fails the close by a goroutine that never sent", async () => {
    const closing = rewrite(
      stage('solution/main.ts'),
      '    console.log(v);\n  }\n',
      '    console.log(v);\n  }\n  // @ts-expect-error -- a receive-only channel has no close\n  squares.close();\n',
    );
    const run = await runSnippet(closing, { check: check() });
    expect(run.stderr).toContain('panic: close of closed channel\n');
    expect(failed(run)).toEqual([
      'the program exits with status 0',
      'each channel is closed exactly once',
      'only the goroutine that sends on a channel (its owner) closes it',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
  });

  it("fails a stage that closes its input (gen's channel) instead of its own: the second close's panic counts against a goroutine that never sent on that channel", async () => {
    const wrongClose = rewrite(
      stage('solution/main.ts'),
      '      await out.send(n * n);\n    }\n    out.close();',
      '      await out.send(n * n);\n    }\n    // @ts-expect-error -- a receive-only channel has no close\n    input.close();',
    );
    const run = await runSnippet(wrongClose, { check: check() });
    expect(failed(run)).toContain('only the goroutine that sends on a channel (its owner) closes it');
    const detail = run.report?.items.find((i) => i.name.en.startsWith('only the goroutine'))?.detail;
    expect(detail?.en).toMatch(/^goroutine \d+ closed gen’s channel without sending on it/);
    expect(failed(run)).toContain(
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    );
  });
});
