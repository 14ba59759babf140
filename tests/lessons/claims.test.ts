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
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labsDir, lessons, locales, pageFile, snippetsDir } from './lessons.ts';
import { HEAVY_RUN_MS, buildPackages, removePackages, runSnippet } from './run-snippet.ts';
import { goToolchain, moduleDir, runGo } from '../go/toolchain.ts';

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

describe('the select lesson', () => {
  const merge = (file: string) => lab('select/merge', file);
  const check = () => merge('check.ts');
  const loop = `  while (a !== null || b !== null) {
    const r = await select({ a: recv(a), b: recv(b) });
    if (r.case === 'a') {
      if (r.ok) fromA.push(r.value);
      else a = null; // closed: turn its case off
    } else {
      if (r.ok) fromB.push(r.value);
      else b = null;
    }
  }`;
  const all = ['a: a1 a2 a3', 'b: b1 b2 b3 b4 b5', 'both closed: 8 values'];
  const detailOf = (run: Awaited<ReturnType<typeof runSnippet>>, item: string) =>
    run.report?.items.find((i) => i.name.en === item)?.detail;

  it("says the starter prints 7 values without b5, and leaves b's goroutine behind", async () => {
    const run = await runSnippet(merge('starter/main.ts'));
    expect(run.stdout).toBe('a: a1 a2 a3\nb: b1 b2 b3 b4\nboth closed: 7 values\n');
    expect(run.exitCode).toBe(0);
    const checked = await runSnippet(merge('starter/main.ts'), { check: check() });
    expect(failed(checked)).toContain('main’s loop ends only after both sources are closed');
    // Under the check's first schedule b's goroutine has just handed a value over and not run again:
    // [runnable], as Go's dump would say (it said [chan send], the wait it had left).
    expect(detailOf(checked, 'no goroutine is left behind when main returns')?.en).toMatch(
      /goroutine 3 \(main\.main\.func1\) \[runnable\] was still alive/,
    );
    const { en, zh } = pages('concurrency/select');
    expect(en).toContain('`b: b1 b2 b3 b4` and `both closed: 7 values`');
    expect(zh).toContain('`b: b1 b2 b3 b4` 和 `both closed: 7 values`');
  });

  it("says Go's dump shows main in [select (no cases)] at line 9, `select {}`", () => {
    const line9 = snippet('select/forever/main.go').split('\n')[8];
    expect(line9?.trim()).toBe('select {} // wait forever');
    expect(snippet('select/forever/main.go.out')).toMatch(
      /^goroutine 1 \[select \(no cases\)\]:\nmain\.main\(\)\n\t\S+\/main\.go:9 /m,
    );
    const { en, zh } = pages('concurrency/select');
    expect(en).toContain('`main` is left in `[select (no cases)]` at line 9');
    expect(zh).toContain('`main` 停在第 9 行，状态是 `[select (no cases)]`');
  });

  it('fails a busy loop through default, though its output is right, naming how often main spun', async () => {
    const busy = rewrite(
      merge('solution/main.ts'),
      '    const r = await select({ a: recv(a), b: recv(b) });\n',
      "    const r = await select({ a: recv(a), b: recv(b), default: true });\n    if (r.case === 'default') continue;\n",
    );
    const plain = await runSnippet(busy);
    expect(plain.stdout.split('\n').filter(Boolean)).toEqual(all);
    const run = await runSnippet(busy, { check: check() });
    expect(failed(run)).toEqual([
      'main waits in select while no source is ready, instead of spinning',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const detail = detailOf(run, 'main waits in select while no source is ready, instead of spinning');
    expect(detail?.en).toContain('main’s select took default 29 times');
    expect(detail?.['zh-cn']).toContain('main 的 select 走了 29 次 default');
    const { en, zh } = pages('concurrency/select');
    expect(en).toContain('_main’s select took default 29 times_');
    expect(zh).toContain('_main 的 select 走了 29 次 default_');
  });

  it('fails two done flags instead of nil: the closed case is taken again and again', async () => {
    const flags = rewrite(
      merge('solution/main.ts'),
      loop,
      `  let aDone = false;
  let bDone = false;
  while (!aDone || !bDone) {
    const r = await select({ a: recv(a), b: recv(b) });
    if (r.case === 'a') {
      if (r.ok) fromA.push(r.value);
      else aDone = true;
    } else {
      if (r.ok) fromB.push(r.value);
      else bDone = true;
    }
  }`,
    );
    const run = await runSnippet(flags, { check: check() });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(all);
    expect(failed(run)).toEqual([
      'once a source is closed, main stops selecting on it',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const detail = detailOf(run, 'once a source is closed, main stops selecting on it');
    expect(detail?.en).toContain('main received “a is closed” (ok false) 45 times');
    const { en, zh } = pages('concurrency/select');
    expect(en).toContain('_main received “a is closed” (ok false) 45 times_');
    expect(zh).toContain('_main 收到了 45 次“a 已关闭”（ok 为 false）_');
  });

  it('fails draining a and then b in a schedule it explores, though the first schedule passes', async () => {
    const drain = rewrite(
      merge('solution/main.ts'),
      loop,
      '  for await (const v of a) fromA.push(v);\n  for await (const v of b) fromB.push(v);',
    );
    const run = await runSnippet(drain, { check: check() });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(all);
    expect(failed(run)).toEqual([
      'main takes each value from whichever source has one ready',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const item = run.report?.items.find((i) => !i.pass);
    expect(item?.schedule).toMatch(/^rw-\d+$/);
    expect(item?.schedule).not.toBe('rw-1');
  });
});

describe('the timeouts, timers and tickers lesson', () => {
  const heartbeat = (file: string) => lab('timers/heartbeat', file);
  const check = () => heartbeat('check.ts');
  const timer = `  const silence = time.newTimer(deadline);
  for (;;) {
    const r = await select({
      beat: recv(beats),
      silent: recv(silence.c),
    });
    if (r.case === 'silent') return received;
    received++;
    silence.reset(deadline); // the deadline counts from this beat
  }
`;

  it('says the starter raises the alarm at 5m0s after one heartbeat, and the worker beats at 2m30s and again at 7m18s', async () => {
    const run = await runSnippet(heartbeat('starter/main.ts'), { check: check() });
    expect(run.stdout).toBe('heartbeats received: 1\nalarm at 5m0s\n');
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    for (const text of ['`2m30s`', '`7m18s`', '`alarm at 5m0s`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('says the solution prints 50 heartbeats and the alarm at 2h13m0s', async () => {
    const run = await runSnippet(heartbeat('solution/main.ts'));
    expect(run.stdout).toBe('heartbeats received: 50\nalarm at 2h13m0s\n');
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    expect(en).toContain('`heartbeats received: 50` and `alarm at 2h13m0s`');
    expect(zh).toContain('`heartbeats received: 50` 和 `alarm at 2h13m0s`');
  });

  it('accepts a new time.after in each round, the other shape the page offers', async () => {
    const solution = rewrite(
      heartbeat('solution/main.ts'),
      timer,
      `  for (;;) {
    const r = await select({
      beat: recv(beats),
      silent: recv(time.after(deadline)),
    });
    if (r.case === 'silent') return received;
    received++;
  }
`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.report?.passed).toBe(true);
  });

  it('fails polling with a ticker: the alarm comes at 2h15m0s, 7m0s after the last heartbeat', async () => {
    const solution = rewrite(
      heartbeat('solution/main.ts'),
      timer,
      `  const poll = time.newTicker(deadline);
  let seen = 0;
  for (;;) {
    const r = await select({
      beat: recv(beats),
      tick: recv(poll.c),
    });
    if (r.case === 'beat') {
      received++;
    } else if (received === seen) {
      return received;
    } else {
      seen = received;
    }
  }
`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toContain('alarm at 2h15m0s\n');
    expect(failed(run)).toEqual([
      'the alarm comes no later than 5 minutes after the last heartbeat',
      'it prints heartbeats received: 50, then alarm at 2h13m0s',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const items = run.report?.items ?? [];
    expect(items.find((i) => i.name.en.startsWith('the alarm comes no later'))?.detail?.en).toContain(
      '7m0s after the last heartbeat',
    );
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    expect(en).toContain('it came 7m0s after');
    expect(zh).toContain('晚了 7m0s 才报');
  });

  it("fails the starter's single time.after on a false alarm and on the worker left in its sleep at line 20", async () => {
    const line20 = heartbeat('starter/main.ts').split('\n')[19];
    expect(line20?.trim()).toBe('await time.sleep(pauses[n % pauses.length] ?? 0);');
    const run = await runSnippet(heartbeat('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([
      'the monitor receives all 50 heartbeats',
      'no false alarm: the alarm comes only after 5 minutes without a heartbeat',
      'it prints heartbeats received: 50, then alarm at 2h13m0s',
      'no goroutine is left behind when main returns',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const items = run.report?.items ?? [];
    expect(items.find((i) => i.name.en.startsWith('no goroutine'))?.detail?.en).toMatch(
      /\[sleep\].*main\.ts:20/,
    );
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    expect(en).toContain('still alive in its `sleep` at line 20');
    expect(zh).toContain('停在第 20 行的 `sleep` 里');
  });

  it('fails a monitor with no timeout on the deadlock it causes once the worker falls silent', async () => {
    const solution = rewrite(
      heartbeat('solution/main.ts'),
      timer,
      '  for (;;) {\n    await beats.recv();\n    received++;\n  }\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n',
    );
    expect(failed(run)?.[0]).toBe('the program exits with status 0');
  });

  it('fails a goroutine left looping on a stopped ticker: Stop does not close the channel, so it waits in chan receive', async () => {
    const solution = rewrite(
      heartbeat('solution/main.ts'),
      '  go(() => worker(beats));\n  const received = await monitor(beats, deadline);\n',
      `  go(() => worker(beats));
  const hourly = time.newTicker(time.Hour);
  let hours = 0;
  go(async () => {
    for await (const _ of hourly.c) hours++;
  });
  const received = await monitor(beats, deadline);
  hourly.stop();
`,
    );
    const loop = solution.split('\n').indexOf('    for await (const _ of hourly.c) hours++;') + 1;
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('heartbeats received: 50\nalarm at 2h13m0s\n');
    expect(failed(run)).toEqual([
      'no goroutine is left behind when main returns',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const items = run.report?.items ?? [];
    expect(items.find((i) => i.name.en.startsWith('no goroutine'))?.detail?.en).toContain(
      `[chan receive] was still alive when main returned, at main.ts:${loop}`,
    );
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    expect(en).toContain('left behind in `chan receive` at its `for await` line');
    expect(zh).toContain('遗留在 `for await` 那一行的 `chan receive` 上');
  });
});

describe.skipIf(!goToolchain().available)('the timeouts lesson, about Go before 1.23', () => {
  it('says the timer program, with GODEBUG=asynctimerchan=1 (the old buffered channel), prints len 0 cap 1, Stop: false and a stale value', async () => {
    // synctest refuses asynctimerchan, so this runs on the real clock (150 ms): only the lines that
    // do not depend on the clock's precision are compared.
    const run = await runGo(['run', '.'], {
      cwd: path.join(moduleDir, 'timeouts-and-timers/timer-reset'),
      env: { GODEBUG: 'asynctimerchan=1', GOMAXPROCS: '1' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual(['len 0 cap 1', 'Stop: false', 'a stale value']);
    const { en, zh } = pages('concurrency/timeouts-and-timers');
    expect(en).toContain('this program prints `len 0 cap 1`, `Stop: false` and `a stale value`');
    expect(zh).toContain('会打印 `len 0 cap 1`、`Stop: false` 和 `a stale value`');
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

describe('the races and mutexes lesson', () => {
  const bank = (file: string) => lab('mutex/bank-account', file);
  const check = () => bank('check.ts');
  const slug = 'coordination/races-and-mutexes';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  /** The page with its line breaks kept (the report block is quoted line by line). */
  const rawPage = (locale: (typeof locales)[number]) =>
    readFileSync(
      pageFile(
        lessons.find((l) => l.slug === slug)!,
        locale,
      ),
      'utf8',
    );

  /**
   * A check that explores like the lab's and records the output and the last audit entry: what the
   * page says a schedule prints, and what its Timeline shows last.
   */
  const exploreOutput = (expected: string) => `import { defineCheck, verbatim } from 'labcheck';
export default defineCheck(async (t) => {
  await t.explore((run) => {
    const sends = t.events(run, 'chan.send').map((e) => String(e.value));
    t.equal(verbatim('output'), run.stdout, ${JSON.stringify(expected)});
    t.expect(verbatim('last audit entry: ' + (sends.at(-1) ?? '')), false);
  });
});`;

  it('says the starter prints the right numbers in the default order, so only an explored schedule shows the bug', async () => {
    const run = await runSnippet(bank('starter/main.ts'));
    expect(run.stdout).toBe(
      'after 10 deposits of 100: 1000\nwithdrawals of 300 paid: 3 of 4\nbalance: 100\n',
    );
    const { en, zh } = pages(slug);
    for (const text of [
      '`after 10 deposits of 100: 1000`',
      '`withdrawals of 300 paid: 3 of 4`',
      '`balance: 100`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it("quotes the check's report on the starter word for word in both languages, every failed item under schedule rw-1", async () => {
    const run = await runSnippet(bank('starter/main.ts'), { check: check() });
    const items = run.report?.items ?? [];
    expect(items.filter((i) => !i.pass).map((i) => i.schedule)).toEqual(['rw-1', 'rw-1', 'rw-1']);
    for (const [locale, key] of [
      [locales[0], 'en'],
      [locales[1], 'zh-cn'],
    ] as const) {
      const shown = items
        .map(
          (i) =>
            `   ${i.pass ? '✓' : '✗'} ${i.name[key]}\n${i.pass || i.detail === undefined ? '' : `       ${i.detail[key]}\n`}`,
        )
        .join('');
      expect(rawPage(locale)).toContain(
        `\`\`\`txt title="${key === 'en' ? "Check's report on the starter" : '检查对起始代码的报告'}" wrap\n${shown}   \`\`\`\n`,
      );
    }
    const { en, zh } = pages(slug);
    expect(en).toContain('two entries that both start from `100`');
    expect(zh).toContain('两条记录都从 `100` 开始');
  });

  it("says Go's race detector reports one race on balance, a read at line 15 after a finished goroutine's write at line 17, while the program prints the right balance and exits 66", () => {
    const transcript = snippet('races-and-mutexes/lucky/main.go.out');
    const lines = snippet('races-and-mutexes/lucky/main.go').split('\n');
    expect(lines[14]?.trim()).toBe('b := balance // read');
    expect(lines[16]?.trim()).toBe('balance = b + n // write');
    expect(transcript.match(/^WARNING: DATA RACE$/gm)).toHaveLength(1);
    expect(transcript).toMatch(
      /^Read at 0x[0-9a-f]+ by goroutine \d+:\n {2}main\.deposit\(\)\n\s+\S+\/main\.go:15 /m,
    );
    expect(transcript).toMatch(
      /^Previous write at 0x[0-9a-f]+ by goroutine \d+:\n {2}main\.deposit\(\)\n\s+\S+\/main\.go:17 /m,
    );
    expect(transcript).toMatch(/^Goroutine \d+ \(finished\) created at:$/m);
    expect(transcript).toContain('\nbalance: 1000\nFound 1 data race(s)\nexit status 66\n');
    const { en, zh } = pages(slug);
    expect(en).toContain("a goroutine's **read** at line 15, `b := balance`");
    expect(en).toContain('**previous write** at line 17, `balance = b + n`');
    expect(en).toContain('`Found 1 data race(s)` and ends with status 66');
    expect(zh).toContain('第 15 行 `b := balance` 的**读**');
    expect(zh).toContain('第 17 行 `balance = b + n` 的**先前的写**');
    expect(zh).toContain('`Found 1 data race(s)`，并以竞争检测器默认的退出状态 66 结束');
  });

  it('says -race reports nothing for the mutex program and for the split lock, though the split lock still loses money', () => {
    for (const dir of ['mutex', 'split-lock']) {
      expect(snippet(`races-and-mutexes/${dir}/main.go.out`)).toBe('$ go run -race .\nbalance: 1000\n');
    }
  });

  it.each([
    ['lucky', 'balance: 300\n'],
    ['split-lock', 'balance: 300\n'],
  ])(
    'says schedule rw-1, the first one t.explore tries, makes %s print what the page shows, its last audit entry deposit 100: 200 -> 300',
    async (dir, shown) => {
      expect(snippet(`races-and-mutexes/${dir}/rw-1.out`)).toBe(shown);
      const run = await runSnippet(snippet(`races-and-mutexes/${dir}/main.ts`), {
        check: exploreOutput('balance: 1000\n'),
      });
      expect(run.stdout).toBe(shown); // the first schedule's output reaches the terminal
      const output = run.report?.items.find((i) => i.name.en === 'output');
      expect(output).toMatchObject({ pass: false, schedule: 'rw-1' });
      expect(output?.detail?.en).toContain(`got ${JSON.stringify(shown)}`);
      expect(run.report?.items.find((i) => i.name.en.startsWith('last audit entry'))?.name.en).toBe(
        'last audit entry: deposit 100: 200 -> 300',
      );
    },
  );

  it('finds no schedule that loses money once the mutex is held across the whole update', async () => {
    const run = await runSnippet(snippet('races-and-mutexes/mutex/main.ts'), {
      check: `import { defineCheck, verbatim } from 'labcheck';
export default defineCheck(async (t) => {
  await t.explore((run) => { t.equal(verbatim('output'), run.stdout, 'balance: 1000\\n'); });
});`,
    });
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items.at(-1)?.name.en).toBe(EXPLORED);
  });

  const lockedDeposit = `    await this.mu.lock();
    try {
      const b = this.#balance;
      await audit.send(
        \`deposit \${amount}: \${b} -> \${b + amount}\`,
      );
      this.#balance = b + amount;
    } finally {
      this.mu.unlock(); // Go's defer a.mu.Unlock()
    }`;
  const lockedWithdraw = `    await this.mu.lock();
    try {
      const b = this.#balance;
      if (b < amount) return false;
      await audit.send(
        \`withdraw \${amount}: \${b} -> \${b - amount}\`,
      );
      this.#balance = b - amount;
      return true;
    } finally {
      this.mu.unlock(); // on every return, as defer would
    }`;

  it('fails a deposit that locks the read and the write separately (no data race left for -race), though the default order prints 1000', async () => {
    const split = rewrite(
      bank('solution/main.ts'),
      lockedDeposit,
      `    await this.mu.lock();
    const b = this.#balance;
    this.mu.unlock();
    await audit.send(\`deposit \${amount}: \${b} -> \${b + amount}\`);
    await this.mu.lock();
    this.#balance = b + amount;
    this.mu.unlock();`,
    );
    const plain = await runSnippet(split);
    expect(plain.stdout).toContain('after 10 deposits of 100: 1000\n');
    const run = await runSnippet(split, { check: check() });
    expect(failed(run)).toContain('no deposit is lost: 10 deposits of 100 leave 1000');
    expect(failed(run)).toContain(EXPLORED);
    const audit = run.report?.items.find((i) => i.name.en.startsWith('the audit log is one history'));
    expect(audit?.detail?.en).toMatch(/both read the balance \d+ before either wrote its result/);
    expect(audit?.schedule).toMatch(/^rw-\d+$/);
  });

  it('fails a withdraw that checks the balance under the lock and subtracts under another (Try breaking it): two withdrawals start from 1000 in rw-1, and rw-3 pays all four', async () => {
    const split = rewrite(
      bank('solution/main.ts'),
      lockedWithdraw,
      `    await this.mu.lock();
    const b = this.#balance;
    this.mu.unlock();
    if (b < amount) return false;
    await audit.send(
      \`withdraw \${amount}: \${b} -> \${b - amount}\`,
    );
    await this.mu.lock();
    this.#balance -= amount;
    this.mu.unlock();
    return true;`,
    );
    const plain = await runSnippet(split);
    expect(plain.stdout).toBe(
      'after 10 deposits of 100: 1000\nwithdrawals of 300 paid: 3 of 4\nbalance: 100\n',
    );
    const run = await runSnippet(split, { check: check() });
    expect(failed(run)).toEqual([
      'the audit log is one history: each entry starts from the balance the entry before it left',
      EXPLORED,
    ]);
    const audit = run.report?.items.find((i) => !i.pass);
    expect(audit?.schedule).toBe('rw-1');
    expect(audit?.detail?.en).toMatch(
      /^the audit log has “withdraw 300: 1000 -> 700” and then “withdraw 300: 1000 -> 700”/,
    );
    // The third schedule, which the page names, overdraws.
    const third = await runSnippet(split, {
      check: `import { defineCheck, verbatim } from 'labcheck';
export default defineCheck(async (t) => {
  await t.explore((run) => { t.expect(verbatim('output'), !run.stdout.includes('paid: 4'), verbatim(run.stdout)); }, { schedules: 3 });
});`,
    });
    const overdrawn = third.report?.items.find((i) => !i.pass);
    expect(overdrawn?.schedule).toBe('rw-3');
    expect(overdrawn?.detail?.en).toBe(
      'after 10 deposits of 100: 1000\nwithdrawals of 300 paid: 4 of 4\nbalance: -200\n',
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('both recorded `withdraw 300: 1000 -> 700`');
    expect(en).toContain('schedule `rw-3` pays all four and leaves `balance: -200`');
    expect(zh).toContain('都记下了 `withdraw 300: 1000 -> 700`');
    expect(zh).toContain('调度 `rw-3` 会把四笔都付出去，留下 `balance: -200`');
  });

  it('fails a solution that locks deposit but leaves withdraw unguarded', async () => {
    const half = rewrite(
      bank('solution/main.ts'),
      lockedWithdraw,
      `    const b = this.#balance;
    if (b < amount) return false;
    await audit.send(\`withdraw \${amount}: \${b} -> \${b - amount}\`);
    this.#balance = b - amount;
    return true;`,
    );
    expect((await runSnippet(half)).stdout).toContain('withdrawals of 300 paid: 3 of 4\n');
    const run = await runSnippet(half, { check: check() });
    expect(failed(run)).toContain(EXPLORED);
    expect(failed(run)).toContain(
      'the audit log is one history: each entry starts from the balance the entry before it left',
    );
  });

  it('says a withdraw that unlocks by hand only before `return true` deadlocks main in sync.Mutex.Lock, and the check names the path that did not unlock', async () => {
    const byHand = rewrite(
      bank('solution/main.ts'),
      lockedWithdraw,
      `    await this.mu.lock();
    const b = this.#balance;
    if (b < amount) return false;
    await audit.send(\`withdraw \${amount}: \${b} -> \${b - amount}\`);
    this.#balance = b - amount;
    this.mu.unlock();
    return true;`,
    );
    const plain = await runSnippet(byHand);
    expect(plain.stderr).toMatch(
      /^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[sync\.Mutex\.Lock\]:\n/,
    );
    const run = await runSnippet(byHand, { check: check() });
    const exit = run.report?.items[0];
    expect(exit).toMatchObject({ pass: false, name: { en: 'the program exits with status 0' } });
    expect(exit?.detail?.en).toMatch(
      /^it deadlocked: a goroutine waits for account\.mu forever, because some path returned without unlocking it/,
    );
    expect(exit?.detail?.['zh-cn']).toMatch(/^程序死锁了：有个 goroutine 永远在等 account\.mu/);
    const { en, zh } = pages(slug);
    expect(en).toContain('main parked in `sync.Mutex.Lock`');
    expect(zh).toContain('main 停在 `sync.Mutex.Lock` 上');
  });

  it("says the lab's Go twin is quiet under go run -race", () => {
    const transcript = readFileSync(
      path.join(snippetsDir, 'labs/mutex/bank-account/solution.go.out'),
      'utf8',
    );
    expect(transcript).toBe(
      '$ go run -race .\nafter 10 deposits of 100: 1000\nwithdrawals of 300 paid: 3 of 4\nbalance: 100\n',
    );
  });
});
describe('the atomic counters lesson', () => {
  const inFlight = (file: string) => lab('atomic/in-flight', file);
  const check = () => inFlight('check.ts');
  const starterCount = '  await log.send(`request ${served.load() + 1} done`);\n  served.add(1);\n';
  const fixedCount = '  const n = served.add(1);\n  await log.send(`request ${n} done`);\n';
  const casLoop = `  for (;;) {
    const max = maxInFlight.load();
    if (now <= max) break;
    if (maxInFlight.compareAndSwap(max, now)) {
      await log.send(\`new high: \${now} in flight\`);
      break;
    }
  }
`;
  /** The starter with its counter fixed: only the gauge's load, await, store is left. */
  const gaugeOnly = () => rewrite(inFlight('starter/main.ts'), starterCount, fixedCount);
  const summary = 'served: 12\nin flight: 0\nmax in flight: 6\n';

  it('says the starter logs request 7 twice and request 8 never, and still prints max in flight: 6', async () => {
    const run = await runSnippet(inFlight('starter/main.ts'));
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => l === 'request 7 done')).toHaveLength(2);
    expect(lines).not.toContain('request 8 done');
    expect(run.stdout.endsWith(summary)).toBe(true);
    const { en, zh } = pages('coordination/atomic-counters');
    for (const text of ['`request 7 done` twice', '`max in flight: 6`']) expect(en).toContain(text);
    for (const text of ['`request 7 done` 出现了两次', '`max in flight: 6`']) expect(zh).toContain(text);
  });

  it('fails the starter on the log numbers, naming the duplicate and the missing number', async () => {
    const run = await runSnippet(inFlight('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([
      'the log numbers the requests 1 to 12, each once',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const item = run.report?.items.find((i) => i.name.en.startsWith('the log numbers'));
    expect(item?.detail?.en).toContain('request 7 is logged more than once and 8 never');
  });

  it("says the gauge alone is right in gort's default order and fails the check under a schedule, where it says 5", async () => {
    expect((await runSnippet(gaugeOnly())).stdout.endsWith(summary)).toBe(true);
    const run = await runSnippet(gaugeOnly(), { check: check() });
    expect(failed(run)).toEqual([
      'the gauge holds the most requests ever in flight at once: max in flight: 6',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const item = run.report?.items.find((i) => i.name.en.startsWith('the gauge holds'));
    expect(item?.detail?.en).toContain('the gauge says 5, but 6 requests were in flight at 31ms');
    expect(item?.schedule).toBe('rw-7');
    const { en, zh } = pages('coordination/atomic-counters');
    expect(en).toContain('the gauge says 5');
    expect(zh).toContain('指标是 5');
    for (const page of [en, zh]) expect(page).toContain('`rw-7`');
  });

  it('fails the lucky fix: a buffered log hides the await from the default order, not from the check', async () => {
    // What used to pass: a check that only ran the program once, in gort's FIFO order.
    const lucky = rewrite(gaugeOnly(), 'const log = chan<string>();', 'const log = chan<string>(16);');
    expect((await runSnippet(lucky)).stdout.endsWith(summary)).toBe(true);
    const run = await runSnippet(lucky, { check: check() });
    expect(failed(run)).toEqual([
      'the gauge holds the most requests ever in flight at once: max in flight: 6',
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const { en, zh } = pages('coordination/atomic-counters');
    expect(en).toContain('`const log = chan<string>(16)`');
    expect(zh).toContain('`const log = chan<string>(16)`');
  });

  it('passes the solution, whose gauge is a compareAndSwap loop', async () => {
    expect(inFlight('solution/main.ts')).toContain(casLoop);
    const run = await runSnippet(inFlight('solution/main.ts'), { check: check() });
    expect(run.stdout.endsWith(summary)).toBe(true);
    expect(run.report?.passed).toBe(true);
  });

  it('passes a load then store with no await between them, which gort cannot interleave and the page says Go can', async () => {
    const solution = rewrite(
      inFlight('solution/main.ts'),
      casLoop,
      `  if (now > maxInFlight.load()) {
    maxInFlight.store(now);
    await log.send(\`new high: \${now} in flight\`);
  }
`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.report?.passed).toBe(true);
    const { en, zh } = pages('coordination/atomic-counters');
    expect(en).toContain('the check cannot see it');
    expect(zh).toContain('检查看不出来');
  });
});

describe.skipIf(!goToolchain().available)(
  'the atomic counters lesson, about what Go compiles and reports',
  () => {
    /** The assembly the compiler writes for the closure at line 14 of `dir`'s main.go. */
    async function loopAssembly(dir: string, goarch: string): Promise<string> {
      const run = await runGo(['build', '-gcflags=-S', '-o', '/dev/null', '.'], {
        cwd: path.join(moduleDir, dir),
        env: { GOARCH: goarch },
      });
      expect(run.exitCode).toBe(0);
      const listing = run.stdout + run.stderr;
      const head = 'main.main.func1 STEXT';
      const start = listing.indexOf(head);
      expect(start, 'the listing has the goroutine closure').toBeGreaterThan(-1);
      const end = listing.indexOf(' STEXT', start + head.length);
      return listing.slice(start, end === -1 ? undefined : end);
    }

    it('says ops++ is one INCQ (AX) without LOCK on amd64, and ops.Add(1) is LOCK XADDQ (LDADDALD on arm64)', async () => {
      const plain = await loopAssembly('atomic-counters/racy-counter', 'amd64');
      expect(plain).toMatch(/main\.go:14\)\s+INCQ\s+\(AX\)/);
      expect(plain).not.toMatch(/\bLOCK\b/);
      const atomic = await loopAssembly('atomic-counters/counter', 'amd64');
      expect(atomic).toMatch(/\bLOCK\n.*XADDQ/);
      expect(await loopAssembly('atomic-counters/counter', 'arm64')).toMatch(/\bLDADDALD\b/);
      const { en, zh } = pages('coordination/atomic-counters');
      for (const page of [en, zh]) {
        for (const text of ['`INCQ (AX)`', '`LOCK XADDQ`', '`LDADDALD`']) expect(page).toContain(text);
      }
    });

    it('says the race detector reports a read of ops at line 14 racing with an earlier write at line 14, and status 66', () => {
      const transcript = snippet('atomic-counters/racy-counter/main.go.out');
      expect(transcript).toMatch(
        /^Read at 0x[0-9a-f]+ by goroutine \d+:\n {2}main\.main\.func1\(\)\n\s+\S+main\.go:14 /m,
      );
      expect(transcript).toMatch(
        /^Previous write at 0x[0-9a-f]+ by goroutine \d+:\n {2}main\.main\.func1\(\)\n\s+\S+main\.go:14 /m,
      );
      expect(transcript).toContain('\nFound 1 data race(s)\nexit status 66\n');
      const { en, zh } = pages('coordination/atomic-counters');
      expect(en).toContain(
        'It reports a read of `ops` at line 14 racing with an earlier write at the same line',
      );
      expect(zh).toContain('第 14 行对 `ops` 的一次读，与另一个 goroutine 先前在同一行的写发生了竞争');
    });
  },
);

describe('the context lesson', () => {
  const search = (file: string) => lab('context/deadline-search', file);
  const check = () => search('check.ts');
  const waitInSelect = `  const r = await select({
    answered: recv(time.after(backend.latency)),
    done: recv(ctx.done()),
  });
  if (r.case === 'done') return;
`;
  const expected = [
    'found: web, images',
    'error: context deadline exceeded',
    'deadline exceeded: true',
    'search returned at 100ms',
  ];
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en.startsWith(name))?.detail;

  it('says the solution finds web and images and returns context deadline exceeded at 100ms', async () => {
    const run = await runSnippet(search('solution/main.ts'), { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(run.report?.passed).toBe(true);
    const { en, zh } = pages('coordination/context');
    for (const text of ['`error: context deadline exceeded`', '`deadline exceeded: true`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('fails the starter on time but on its made-up error and the video worker left in chan send at the out.send line (what used to pass: any search that returned at 100ms)', async () => {
    const starter = search('starter/main.ts');
    const sendLine = starter.split('\n').indexOf('  await out.send(backend.name);') + 1;
    const run = await runSnippet(starter, { check: check() });
    expect(lines(run)).toEqual([
      'found: web, images',
      'error: search timed out',
      'deadline exceeded: false',
      'search returned at 100ms',
    ]);
    expect(failed(run)).toEqual([
      "search's error is ctx.err(): context deadline exceeded",
      'every worker has stopped by the deadline (100ms): no goroutine outlives it',
      `it prints ${expected.join(', then ')}`,
      'no goroutine is left behind when main returns',
      explored,
    ]);
    expect(detail(run, 'every worker')?.en).toContain('the video worker (goroutine 4) never stopped');
    expect(detail(run, 'no goroutine')?.en).toContain(
      `[chan send] was still alive when main returned, at main.ts:${sendLine}`,
    );
    const { en, zh } = pages('coordination/context');
    for (const text of [
      '`error: search timed out`',
      '`search returned at 100ms`',
      '`chan send`',
      '`out.send`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('fails a worker that sleeps and looks at ctx.err() afterwards: nothing leaks, but the video worker stops at 250ms', async () => {
    const solution = rewrite(
      search('solution/main.ts'),
      waitInSelect,
      '  await time.sleep(backend.latency);\n  if (ctx.err() !== null) return;\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([
      'every worker has stopped by the deadline (100ms): no goroutine outlives it',
      explored,
    ]);
    expect(detail(run, 'every worker')?.en).toContain('the video worker (goroutine 4) stopped at 250ms');
    expect(detail(run, 'every worker')?.['zh-cn']).toContain('video 的 worker（goroutine 4）到 250ms 才停止');
    const { en, zh } = pages('coordination/context');
    expect(en).toContain('`await time.sleep(backend.latency); if (ctx.err() !== null) return;`');
    expect(en).toContain('`the video worker (goroutine 4) stopped at 250ms`');
    expect(zh).toContain('`video 的 worker（goroutine 4）到 250ms 才停止`');
  });

  it('fails an error with the same words that is not context.DeadlineExceeded itself', async () => {
    const solution = rewrite(
      search('solution/main.ts'),
      'return [found, ctx.err()];',
      "return [found, new Error('context deadline exceeded')];",
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toContain('error: context deadline exceeded');
    expect(lines(run)).toContain('deadline exceeded: false');
    expect(failed(run)).toEqual([
      "search's error is ctx.err(): context deadline exceeded",
      `it prints ${expected.join(', then ')}`,
      explored,
    ]);
    expect(detail(run, "search's error")?.en).toContain('not context.DeadlineExceeded itself');
    const { en, zh } = pages('coordination/context');
    expect(en).toContain("return `new Error('context deadline exceeded')`");
    expect(zh).toContain("返回 `new Error('context deadline exceeded')`");
  });

  it('fails a search that ignores ctx and waits for every backend (the starter without its select): it returns at 250ms with no error', async () => {
    const solution = rewrite(
      search('starter/main.ts'),
      `    const r = await select({
      hit: recv(out),
      done: recv(ctx.done()),
    });
    if (r.case === 'done') {
      return [found, new Error('search timed out')];
    }
    found.push(r.value);`,
      '    found.push(await out.recv());',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual([
      'found: web, images, video',
      'error: undefined',
      'deadline exceeded: false',
      'search returned at 250ms',
    ]);
    expect(failed(run)?.slice(0, 2)).toEqual([
      "search returns when the caller's deadline passes, at 100ms",
      "search's error is ctx.err(): context deadline exceeded",
    ]);
    expect(detail(run, 'search returns')?.en).toContain('"search returned at 250ms"');
  });
});

describe('the WaitGroup, Once and errgroup lesson', () => {
  const fetchAll = (file: string) => lab('errgroup/fetch-all', file);
  const check = () => fetchAll('check.ts');
  const slug = 'coordination/waitgroup-once-errgroup';
  const ERROR = 'first error: GET /items/7: 500 Internal Server Error';
  const BOUND = 'at most 3 requests are in flight at any moment';
  const CANCELED = 'the requests in flight when item 7 fails are canceled at that same instant';
  const NOTHING_NEW = 'nothing new starts after item 7 fails';
  const LEAKS = 'no goroutine is left behind when main returns';
  /** The English detail of the failed item named `name`. */
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;

  it('says the starter prints 11 items fetched and the right error, after every fetch ran to its end', async () => {
    const run = await runSnippet(fetchAll('starter/main.ts'));
    expect(run.stdout).toBe(`items fetched: 11\n${ERROR}\n`);
    const { en, zh } = pages(slug);
    expect(en).toContain('It prints `items fetched: 11`');
    expect(zh).toContain('它打印 `items fetched: 11`');
  });

  it("quotes the check's report on the starter: twelve requests in flight, item 1 answering 200 after item 7 failed", async () => {
    const run = await runSnippet(fetchAll('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual(expect.arrayContaining([BOUND, CANCELED]));
    expect(detail(run, BOUND)).toContain('12 requests were in flight at once');
    expect(detail(run, CANCELED)).toContain('/items/1 went on to answer 200 after /items/7 had failed');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`12 requests were in flight at once`');
      expect(page).toContain('`went on to answer 200 after /items/7 had failed`');
    }
  });

  it('passes the solution in every explored schedule, which prints 4 items fetched and the first error', async () => {
    const run = await runSnippet(fetchAll('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe(`items fetched: 4\n${ERROR}\n`);
    expect(run.report?.passed).toBe(true);
  });

  it('fails the solution without g.setLimit(3): twelve requests in flight when GET /items/12 was sent', async () => {
    const solution = rewrite(
      fetchAll('solution/main.ts'),
      '  g.setLimit(3); // at most 3 requests in flight\n',
      '',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([
      BOUND,
      'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)',
    ]);
    const quote = '12 requests were in flight at once when GET /items/12 was sent';
    expect(detail(run, BOUND)).toContain(quote);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${quote}\``);
  });

  it('fails fetch(background(), id): a request sent after the 500 and one in flight answering 200, as the tip says', async () => {
    const solution = rewrite(fetchAll('solution/main.ts'), 'fetch(ctx, id)', 'fetch(background(), id)');
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual(expect.arrayContaining([NOTHING_NEW, CANCELED]));
    expect(detail(run, NOTHING_NEW)).toContain('GET /items/8 was sent after /items/7 failed');
    expect(detail(run, CANCELED)).toContain('/items/5 went on to answer 200');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`GET /items/8 was sent after /items/7 failed`');
      expect(page).toContain('`/items/5 went on to answer 200`');
    }
  });

  it('fails g.go without await: g.wait() returns before anything started, 0 fetched, goroutines left behind', async () => {
    const solution = rewrite(
      fetchAll('solution/main.ts'),
      '    await g.go(async () => {',
      '    void g.go(async () => {',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('items fetched: 0\nfirst error: none\n');
    expect(failed(run)).toEqual(expect.arrayContaining([BOUND, LEAKS]));
    expect(detail(run, BOUND)).toContain('no request reached the server before main returned');
    const { en, zh } = pages(slug);
    expect(en).toContain('`items fetched: 0` and `first error: none`');
    expect(zh).toContain('`items fetched: 0` 和 `first error: none`');
  });

  it('fails a hand-made bound with wg.add(1) inside the goroutine: wait returns before the last started goroutine counted itself', async () => {
    const solution = rewrite(
      fetchAll('solution/main.ts'),
      fetchAll('solution/main.ts').slice(fetchAll('solution/main.ts').indexOf('main(async () => {')),
      `main(async () => {
  const fetched: boolean[] = [];
  let firstErr: Error | null = null;
  const [ctx, cancel] = withCancel(background());
  const wg = new WaitGroup();
  const slots = chan<void>(3); // at most 3 requests in flight
  for (let id = 1; id <= 12; id++) {
    if (ctx.err() !== null) break;
    await slots.send(undefined);
    go(async () => {
      wg.add(1);
      try {
        const err = await fetch(ctx, id);
        if (err === null) fetched[id] = true;
        else if (firstErr === null) {
          firstErr = err;
          cancel();
        }
      } finally {
        await slots.recv();
        wg.done();
      }
    });
  }
  await wg.wait();
  cancel();
  console.log('items fetched:', fetched.filter(Boolean).length);
  console.log('first error:', firstErr?.message ?? 'none');
});
`,
    )
      .replace(
        "import { chan, main, recv, select } from 'gort';",
        "import { chan, go, main, recv, select } from 'gort';",
      )
      .replace(
        "import { background, type Context } from 'gort/context';\nimport { withContext } from 'gort/errgroup';",
        "import { background, withCancel, type Context } from 'gort/context';\nimport { WaitGroup } from 'gort/sync';",
      );
    expect(solution).toContain('wg.add(1);');
    expect(solution).not.toContain('withContext');
    const run = await runSnippet(solution, { check: check() });
    // The bound and the cancellation hold; the goroutine main started last never counted itself.
    expect(run.stdout).toBe(`items fetched: 4\n${ERROR}\n`);
    expect(failed(run)).toContain(LEAKS);
    expect(run.report?.passed).toBe(false);
  });

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['等待组', '上下文', '并发上限', '互斥锁', '通道']) expect(zh).toContain(term);
  });
});

describe('the worker pools and rate limiting lesson', () => {
  const limitedPool = (file: string) => lab('pool/limited-pool', file);
  const check = () => limitedPool('check.ts');
  const slug = 'coordination/worker-pools-and-rate-limits';
  const SUMMARY = '10 jobs done, sum of squares 385';
  const EXITS = 'the program exits with status 0';
  const ONCE = 'each of the jobs 1 to 10 starts exactly once';
  const BOUND = 'at most 3 jobs start at once, and one more per 100 ms after that, in any window of time';
  const FASTEST =
    'the jobs start as soon as the limiter allows: 3 at 0 ms, then one every 100 ms (the last at 700 ms)';
  const PRINTS = `it prints ${JSON.stringify(SUMMARY)}`;
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  /** The English detail of the failed item named `name`. */
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;

  it("says the starter prints the right sum and fails only on the limiter's goroutine, still alive when main returned", async () => {
    const run = await runSnippet(limitedPool('starter/main.ts'), { check: check() });
    expect(run.stdout).toBe(`${SUMMARY}\n`);
    expect(failed(run)).toEqual([LEAKS, EXPLORED]);
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(5);
    const quote = 'goroutine 2 (main.fill) [chan receive] was still alive when main returned';
    expect(detail(run, LEAKS)).toContain(quote);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain(`\`${SUMMARY}\``);
      expect(page).toContain(`\`${quote}\``);
    }
  });

  it('passes the solution in every explored schedule (7 of 7 items)', async () => {
    const run = await runSnippet(limitedPool('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe(`${SUMMARY}\n`);
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items).toHaveLength(7);
  });

  it('fails a limiter per worker: three bursts and three rates, so all 10 jobs start within 340 ms', async () => {
    const solution = rewrite(
      limitedPool('solution/main.ts'),
      '    wg.go(() => worker(jobs, bucket, results));\n',
      `    const own = chan<void>(burst); // each worker its own limiter
    for (let i = 0; i < burst; i++) {
      await own.send(undefined);
    }
    limiter.go(() => fill(ctx, own));
    wg.go(() => worker(jobs, own, results));
`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe(`${SUMMARY}\n`);
    expect(failed(run)).toEqual([BOUND, EXPLORED]);
    const quote =
      '10 jobs (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) started between 0 ms and 340 ms, where the limit allows 6';
    expect(detail(run, BOUND)).toContain(quote);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${quote}\``);
  });

  it('fails main sending the jobs itself before it reads results (Go by Example #125 without its buffers): the pool hangs, and the running ticker keeps it from being reported as a deadlock', async () => {
    const solution = rewrite(
      limitedPool('solution/main.ts'),
      `  go(async () => {
    for (let id = 1; id <= jobCount; id++) {
      await jobs.send(id);
    }
    close(jobs);
  });
`,
      `  for (let id = 1; id <= jobCount; id++) {
    await jobs.send(id);
  }
  close(jobs);
`,
    );
    // It hangs until the limit: 8 s rather than the default 20 s, still room for a busy machine.
    const run = await runSnippet(solution, { check: check(), timeoutMs: 8_000 });
    expect(run.stdout).toBe('');
    expect(failed(run)?.[0]).toMatch(/^the program finishes within /);
    expect(failed(run)).toEqual(expect.arrayContaining([EXITS, ONCE, FASTEST, PRINTS]));
    expect(detail(run, ONCE)).toContain('job(s) 4, 5, 6, 7, 8, 9, 10 never started (3 of 10 did)');
    const { en, zh } = pages(slug);
    expect(en).toContain('was still running at the time limit and that jobs 4 to 10 never started');
    expect(zh).toContain('检查报告程序到时间上限时仍在运行，任务 4 到 10 从未开始');
  }, 30_000);

  it('fails closing results without waiting for the workers: main reads nothing, prints 0 jobs done and leaves the workers behind', async () => {
    const solution = rewrite(
      limitedPool('solution/main.ts'),
      '    await wg.wait();\n    close(results);\n',
      '    close(results);\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('0 jobs done, sum of squares 0\n');
    expect(failed(run)).toEqual([ONCE, FASTEST, PRINTS, LEAKS, EXPLORED]);
    expect(detail(run, LEAKS)).toContain(
      'goroutine 4 (main.main.func2) [sleep] was still alive when main returned',
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('it prints `0 jobs done, sum of squares 0`');
    expect(zh).toContain('`0 jobs done, sum of squares 0`');
  });

  it("says Go by Example's bursty limiter lets five requests through at 1 s after a quiet second, with a burst of 3", () => {
    const out = snippet('worker-pools-and-rate-limits/tick/main.out').split('\n').filter(Boolean);
    expect(out.filter((l) => l.startsWith('1s '))).toHaveLength(5);
    expect(out.at(-1)).toBe('1.2s request 6');
    const { en, zh } = pages(slug);
    expect(en).toContain('**Five** requests went through at 1 s, not three.');
    expect(zh).toContain('1 秒时通过了**五个**请求，而不是三个。');
  });

  it('says the stoppable limiter lets 3 through at once, then one per 100 ms, and has stopped at 300 ms', () => {
    expect(snippet('worker-pools-and-rate-limits/bursty/main.out')).toBe(
      '0s request 1\n0s request 2\n0s request 3\n100ms request 4\n200ms request 5\n300ms request 6\n300ms limiter stopped\n',
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('`limiter stopped` at 300 ms');
    expect(zh).toContain('300 毫秒时打印 `limiter stopped`');
  });

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['工作池', '限流', '令牌桶', '通道', '上下文', '等待组', '死锁', 'goroutine 泄漏']) {
      expect(zh).toContain(term);
    }
  });
});

describe('the stateful goroutines lesson', () => {
  const store = (file: string) => lab('stateful/kv-store', file);
  const check = () => store('check.ts');
  const slug = 'coordination/stateful-goroutines';
  const EXIT = 'the program exits with status 0';
  const LOST = 'no increment is lost: 3 workers × 10 increments leave hits: 30';
  const OWNER = 'the owner goroutine returns when the store is shut down';
  const LATE = 'an increment after the shutdown returns context canceled instead of waiting for ever';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail;
  /** The starter with its owner stopping and its shutdown waiting: only get-then-set is left wrong. */
  const getThenSet = () =>
    [
      ['async function owner(s: Store) {', 'async function owner(ctx: context.Context, s: Store) {'],
      [
        '      set: recv(s.sets),\n    });\n',
        "      set: recv(s.sets),\n      done: recv(ctx.done()),\n    });\n    if (r.case === 'done') {\n      close(s.stopped);\n      return;\n    }\n",
      ],
      [
        'function shutdown(cancel: () => void) {\n  cancel();\n',
        'async function shutdown(s: Store, cancel: () => void) {\n  cancel();\n  await s.stopped.recv();\n',
      ],
      ['  go(owner, s);', '  go(owner, ctx, s);'],
      ['  shutdown(cancel);', '  await shutdown(s, cancel);'],
      ['  chan,\n', '  chan,\n  close,\n'],
    ].reduce((source, [from = '', to = '']) => rewrite(source, from, to), store('starter/main.ts'));

  it('passes the solution in every explored schedule: hits: 30, and the late increment gets context canceled', async () => {
    const run = await runSnippet(store('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe('hits: 30\nincrement after shutdown: context canceled\n');
    expect(run.report?.passed).toBe(true);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`hits: 30`');
      expect(page).toContain('`increment after shutdown: context canceled`');
    }
  });

  it('says the starter prints hits: 10 and leaves the owner waiting in its select on s.gets and s.sets', async () => {
    const run = await runSnippet(store('starter/main.ts'));
    expect(run.stdout).toBe('hits: 10\nincrement after shutdown: context canceled\n');
    const { en, zh } = pages(slug);
    expect(en).toContain('Press **Run**: `hits: 10`, not 30');
    expect(zh).toContain('点 **Run**：`hits: 10`，不是 30');
    for (const page of [en, zh]) expect(page).toContain('`owner (goroutine 2)`');
  });

  it('fails the starter on the lost increments, the owner that never returns, the late increment it still serves and the leak', async () => {
    const run = await runSnippet(store('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([LOST, OWNER, LATE, LEAKS, EXPLORED]);
    expect(detail(run, LATE)?.en).toContain('the increment after the shutdown succeeded');
    const starter = store('starter/main.ts');
    const selectLine = starter.split('\n').indexOf('    const r = await select({') + 1;
    expect(detail(run, LEAKS)?.en).toContain(
      `goroutine 2 (main.owner) [select] was still alive when main returned, at main.ts:${selectLine}`,
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('waiting in a `select` on `s.gets` and `s.sets`');
    expect(zh).toContain('它在 `s.gets` 和 `s.sets` 上的 `select` 里等着');
  });

  it('fails get-then-set even with the owner stopping: only the lost increment, named from the trace', async () => {
    const run = await runSnippet(getThenSet(), { check: check() });
    expect(failed(run)).toEqual([LOST, EXPLORED]);
    const quote = 'Two increments both set hits to 2: each got 1 before either set its result.';
    expect(detail(run, LOST)?.en).toContain(quote);
    expect(detail(run, LOST)?.['zh-cn']).toContain(
      '有两次加一都把 hits 设成了 2：两者都在对方写回之前读到了 1',
    );
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain('`有两次加一都把 hits 设成了 2：两者都在对方写回之前读到了 1`');
  });

  it('fails an owner without a done case: shutdown waits for it for ever, a deadlock', async () => {
    const solution = rewrite(
      store('solution/main.ts'),
      "        done: recv(ctx.done()),\n      });\n      if (r.case === 'done') return;\n",
      '      });\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stderr).toContain('all goroutines are asleep - deadlock!');
    expect(run.stderr).toMatch(/goroutine 1 \[chan receive\]:\nmain\.shutdown/);
    expect(run.stderr).toMatch(/goroutine 2 \[select\]:\nmain\.owner/);
    expect(failed(run)).toEqual([EXIT, OWNER, LATE, EXPLORED]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`main.shutdown`');
      expect(page).toContain('`main.owner`');
    }
  });

  it('fails a call that sends without a select: the late increment waits for ever for an owner that has gone', async () => {
    const solution = rewrite(
      store('solution/main.ts'),
      "  const sent = await select({\n    sent: send(requests, op),\n    done: recv(ctx.done()),\n  });\n  if (sent.case === 'done') return [0, ctx.err()];\n",
      '  await requests.send(op);\n',
    ).replace('  send,\n', '');
    const run = await runSnippet(solution, { check: check() });
    expect(run.stderr).toMatch(/goroutine 1 \[chan send\]:\nmain\.call/);
    expect(failed(run)).toEqual([EXIT, LATE, EXPLORED]);
    expect(detail(run, LATE)?.en).toContain(
      'waited for ever to send its request to an owner that had returned',
    );
    const { en } = pages(slug);
    expect(en).toContain('(`await requests.send(op)`)');
  });

  it('fails a shutdown that cancels without waiting: the output is right, the owner is left behind', async () => {
    const solution = rewrite(
      store('solution/main.ts'),
      '  cancel();\n  await s.stopped.recv();\n',
      '  cancel();\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout).toBe('hits: 30\nincrement after shutdown: context canceled\n');
    expect(failed(run)).toEqual([OWNER, LEAKS, EXPLORED]);
    const quote = 'goroutine 2 (main.owner) [runnable] was still alive when main returned';
    expect(detail(run, LEAKS)?.en).toContain(quote);
    expect(detail(run, LEAKS)?.['zh-cn']).toContain('goroutine 2（main.owner）[runnable] 仍未结束');
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain('`goroutine 2（main.owner）[runnable] 仍未结束`');
  });

  it("quotes the lost-update snippet's output: two get-then-set increments leave 6, two adds 8", () => {
    expect(snippet('stateful-goroutines/lost-update/main.out')).toBe(
      'hits starts at 5\nafter two get-then-set increments: 6\nafter two add increments: 8\n',
    );
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`after two get-then-set increments: 6`');
      expect(page).toContain('`after two add increments: 8`');
    }
  });

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['互斥锁', '通道', '上下文', '所有者', '数据竞争']) expect(zh).toContain(term);
  });
});

describe('the generators and fan-in lesson', () => {
  const mergeAll = (file: string) => lab('fanin/merge-all', file);
  const check = () => mergeAll('check.ts');
  const slug = 'patterns/generators-and-fan-in';
  const EXIT = 'the program exits with status 0';
  const ONCE = 'every value comes out exactly once (10 values)';
  const CLOSED = 'the output is closed once, after the last input is closed';
  const ARRIVES = 'every value is passed on as it arrives: no source waits while merge reads another';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail;
  /** The solution with merge's body (from the WaitGroup to `return out`) replaced by `body`. */
  const withBody = (body: string) => {
    const solution = mergeAll('solution/main.ts');
    const from = solution.indexOf('  const wg = new WaitGroup();');
    const to = solution.indexOf('  return out;\n}');
    expect(from, 'the solution still has the WaitGroup the variants replace').toBeGreaterThan(0);
    return solution.slice(0, from) + body + solution.slice(to);
  };

  it("says lockstep holds Joe 2 (ready at 60 ms) until 70 ms, and fan-in lets Joe speak at 60 and 80 ms around Ann's 70", () => {
    expect(snippet('generators-and-fan-in/generator/main.out')).toContain('Ann 1 at 70ms\nJoe 2 at 70ms\n');
    expect(snippet('generators-and-fan-in/fan-in/main.out')).toContain(
      'Joe 2 at 60ms\nAnn 1 at 70ms\nJoe 3 at 80ms\n',
    );
    expect(snippet('generators-and-fan-in/sequence/main.out')).toBe(
      "Joe 0 at 20ms\nAnn 0 at 35ms\nJoe 1 at 55ms\nAnn 1 at 70ms\nJoe 2 at 90ms\nAnn 2 at 105ms\nYou're both boring; I'm leaving.\n",
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('`Joe 2` at 60 ms, `Joe 3` at 80 ms, `Ann 1` in between at 70 ms');
    expect(zh).toContain('`Joe 2` 在 60 毫秒，`Joe 3` 在 80 毫秒，`Ann 1` 夹在中间的 70 毫秒');
    expect(en).toContain('`Joe 1` comes at 55 ms');
    expect(zh).toContain('`Joe 1` 出现在 55 毫秒');
  });

  it('replays fan-in as two hand-offs per message: generator 2 to forwarder 4, then forwarder 4 to main, in one instant', async () => {
    const { recordRun } = await import('../../src/lab/record-run.ts');
    const { timelineModel } = await import('../../src/lab/ui/timeline-model.ts');
    const { buildPackagesInMemory } = await import('../lab/helpers.ts');
    const recording = await recordRun(snippet('generators-and-fan-in/fan-in/main.ts'), {
      name: 'fan-in',
      packages: await buildPackagesInMemory(),
    });
    expect(recording.end).toEqual({ code: 0, deadlock: false });
    const handoffs = timelineModel(recording.trace, recording.files, recording.end)
      .steps.filter((s) => s.kind === 'handoff')
      .map((s) => s.text.values);
    const who = (w: unknown) => JSON.stringify(w);
    expect(handoffs).toHaveLength(16);
    expect(handoffs.slice(0, 2).map((v) => [who(v?.['from']), v?.['value'], who(v?.['to'])])).toEqual([
      [
        who({ key: 'timeline.goroutine', values: { id: 2 } }),
        '"Joe 0"',
        who({ key: 'timeline.goroutine', values: { id: 4 } }),
      ],
      [who({ key: 'timeline.goroutine', values: { id: 4 } }), '"Joe 0"', who({ key: 'timeline.main' })],
    ]);
    const { en, zh } = pages(slug);
    expect(en).toContain("Goroutines 2 and 3 are Joe's and Ann's generators, 4 and 5 the two forwarders");
    expect(zh).toContain('goroutine 2 和 3 是 Joe 和 Ann 的生成器，4 和 5 是两个转发 goroutine');
  });

  it("says Go's dump for the never-closed fan-in shows main in [chan receive] at line 37, the for range loop", () => {
    const line37 = snippet('generators-and-fan-in/never-closed/main.go').split('\n')[36];
    expect(line37?.trim()).toBe('for range fanIn(count("Joe", 3), count("Ann", 3)) {');
    expect(snippet('generators-and-fan-in/never-closed/main.go.out')).toMatch(
      /^goroutine 1 \[chan receive\]:\nmain\.main\(\)\n\t\S+\/main\.go:37 /m,
    );
    const { en, zh } = pages(slug);
    expect(en).toContain('`goroutine 1 [chan receive]`, at line 37, the `for range` loop');
    expect(zh).toContain('`goroutine 1 [chan receive]`，在第 37 行');
  });

  it('says the starter prints all ten values, then deadlocks; the check fails the exit and the close, with its hint', async () => {
    const plain = await runSnippet(mergeAll('starter/main.ts'));
    expect(plain.stdout.split('\n').filter(Boolean)).toHaveLength(10);
    expect(plain.stderr).toContain(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n',
    );
    expect(plain.exitCode).toBe(2);
    const run = await runSnippet(mergeAll('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([EXIT, CLOSED, EXPLORED]);
    expect(detail(run, CLOSED)?.en).toContain('merge never closed its output');
    expect(detail(run, CLOSED)?.['zh-cn']).toContain('merge 从没关闭它的输出');
    const { en, zh } = pages(slug);
    expect(en).toContain('`merge never closed its output`');
    expect(zh).toContain('`merge 从没关闭它的输出`');
  });

  it('passes the solution in every explored schedule; it prints the ten values and merged 10 values', async () => {
    const run = await runSnippet(mergeAll('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe('b1\na1\nb2\nc1\nb3\na2\nb4\na3\nb5\nc2\nmerged 10 values\n');
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(7);
  });

  it('fails closing after the first input ends: merged 0 values, closed while a, b, c were open, six goroutines left', async () => {
    const first = withBody(`  const done = chan<boolean>(0, false);
  for (const input of inputs) {
    go(async () => {
      for await (const v of input) {
        await out.send(v);
      }
      await done.send(true);
    });
  }
  go(async () => {
    await done.recv();
    out.close();
  });
`);
    const run = await runSnippet(first, { check: check() });
    expect(run.stdout).toBe('merged 0 values\n');
    expect(failed(run)).toEqual([ONCE, CLOSED, LEAKS, EXPLORED]);
    expect(detail(run, CLOSED)?.en).toContain('the output was closed while a, b, c were still open');
    expect(detail(run, LEAKS)?.en.match(/goroutine \d+/g)).toHaveLength(6);
    const { en, zh } = pages(slug);
    expect(en).toContain('`the output was closed while a, b, c were still open`');
    expect(zh).toContain('`the output was closed while a, b, c were still open`');
    expect(en).toContain('six goroutines left behind');
  });

  it('fails closing in each forwarder the same way: d, empty, closes the output at time 0', async () => {
    const each = withBody(`  for (const input of inputs) {
    go(async () => {
      for await (const v of input) {
        await out.send(v);
      }
      out.close(); // this input is done
    });
  }
`);
    const run = await runSnippet(each, { check: check() });
    expect(run.stdout).toBe('merged 0 values\n');
    expect(failed(run)).toEqual(expect.arrayContaining([CLOSED]));
    expect(detail(run, CLOSED)?.en).toContain('the output was closed while a, b, c were still open');
  });

  it('fails reading the inputs in sequence on the arrival item only: source b waited 47 ms', async () => {
    const sequence = withBody(`  go(async () => {
    for (const input of inputs) {
      for await (const v of input) {
        await out.send(v);
      }
    }
    out.close();
  });
`);
    const run = await runSnippet(sequence, { check: check() });
    expect(run.stdout).toBe('a1\na2\na3\nb1\nb2\nb3\nb4\nb5\nc1\nc2\nmerged 10 values\n');
    expect(failed(run)).toEqual([ARRIVES, EXPLORED]);
    expect(detail(run, ARRIVES)?.en).toContain('source b waited 47 ms in chan send with a value ready');
    const { en, zh } = pages(slug);
    for (const page of [en, zh])
      expect(page).toContain('`source b waited 47 ms in chan send with a value ready`');
  });

  it('fails waiting in merge itself: a deadlock before any value, main received no value at all', async () => {
    const inline = withBody(`  const wg = new WaitGroup();
  for (const input of inputs) {
    wg.go(async () => {
      for await (const v of input) {
        await out.send(v);
      }
    });
  }
  await wg.wait();
  out.close();
`)
      .replace('function merge(', 'async function merge(')
      .replace(
        '): RecvChan<string, string> {\n  const out',
        '): Promise<RecvChan<string, string>> {\n  const out',
      )
      .replace('const out = merge(', 'const out = await merge(');
    expect(inline).toContain('const out = await merge(');
    const plain = await runSnippet(inline);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(plain.exitCode).toBe(2);
    const run = await runSnippet(inline, { check: check() });
    expect(failed(run)).toEqual(expect.arrayContaining([EXIT, ONCE]));
    expect(detail(run, ONCE)?.en).toContain('main received no value at all');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain('`main received no value at all`');
  });

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['扇入', '生成器', '通道', '等待组', 'goroutine 泄漏', '服务注册与发现'])
      expect(zh).toContain(term);
  });
});

describe('the pipelines and cancellation lesson', () => {
  const slug = 'patterns/pipelines-and-cancellation';
  const early = (file: string) => lab('pipeline/early-exit', file);
  const check = () => early('check.ts');
  const expected = ['1', '4', '9', 'consumer quit at 30ms'];
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const stops = 'every stage stops at the instant the consumer quits (30ms): none works on or waits to send';
  const closes = 'each stage closes its own output channel on its way out, and the consumer closes none';
  const noLeaks = 'no goroutine is left behind when main returns';
  const genSend = `        const r = await select({
          sent: send(out, n),
          done: recv(ctx.done()),
        });
        if (r.case === 'done') return;
`;
  const sqWork = `        const worked = await select({
          ready: recv(time.after(10 * time.Millisecond)),
          done: recv(ctx.done()),
        });
        if (worked.case === 'done') return;
`;
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en.startsWith(name))?.detail;

  it('says the snippets print what the page shows: fan-in, done, and the bounded sums with the first error', async () => {
    for (const name of ['fan-in', 'done', 'bounded']) {
      const run = await runSnippet(snippet(`pipelines-and-cancellation/${name}/main.ts`));
      expect(run.stdout).toBe(snippet(`pipelines-and-cancellation/${name}/main.out`));
      expect(run.stderr).toBe('');
    }
    const { en, zh } = pages(slug);
    for (const text of [
      '`[1 4 9 16 25]`',
      '`first: 4`',
      '`all stages stopped`',
      '`error: read secret.key: permission denied`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('says the solution gets 1, 4, 9, quits at 30ms and passes every item', async () => {
    const run = await runSnippet(early('solution/main.ts'), { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items).toHaveLength(6);
  });

  it('fails the starter on time and with the right squares, but with gen and sq never stopping, left in chan send', async () => {
    const starter = early('starter/main.ts');
    const at = (code: string) => starter.split('\n').indexOf(code) + 1;
    const run = await runSnippet(starter, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stops, noLeaks, explored]);
    expect(detail(run, 'every stage')?.en).toContain(
      "gen's goroutine (goroutine 2) never stopped; sq's goroutine (goroutine 3) never stopped",
    );
    expect(detail(run, 'every stage')?.['zh-cn']).toContain('gen 的 goroutine（goroutine 2）一直没有停止');
    expect(detail(run, 'no goroutine')?.en).toContain(
      `goroutine 2 (main.main.func1) [chan send] was still alive when main returned, at main.ts:${at('      await out.send(n);')}`,
    );
    expect(detail(run, 'no goroutine')?.en).toContain(
      `goroutine 3 (main.main.func2) [chan send] was still alive when main returned, at main.ts:${at('      await out.send(n * n);')}`,
    );
    const { en, zh } = pages(slug);
    for (const text of [
      '`consumer quit at 30ms`',
      '`chan send`',
      "`gen's goroutine (goroutine 2) never stopped`",
    ]) {
      expect(en).toContain(text);
    }
    for (const line of [at('      await out.send(n);'), at('      await out.send(n * n);')]) {
      expect(en).toContain(`\`main.ts:${line}\``);
      expect(zh).toContain(`\`main.ts:${line}\``);
    }
    const zhStarter = early('starter.zh-cn/main.ts').split('\n');
    expect(zhStarter.indexOf('      await out.send(n);') + 1).toBe(at('      await out.send(n);'));
    expect(zhStarter.indexOf('      await out.send(n * n);') + 1).toBe(at('      await out.send(n * n);'));
    expect(zh).toContain('`consumer quit at 30ms`');
    expect(zh).toContain('`chan send`');
    expect(zh).toContain('`gen 的 goroutine（goroutine 2）一直没有停止`');
  });

  it('fails a gen that sends without a select (done heard by sq, not by gen): gen is left in chan send', async () => {
    const solution = rewrite(early('solution/main.ts'), genSend, '        await out.send(n);\n');
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stops, noLeaks, explored]);
    expect(detail(run, 'every stage')?.en).toContain("gen's goroutine (goroutine 2) never stopped");
    expect(detail(run, 'every stage')?.en).not.toContain('sq');
    expect(detail(run, 'no goroutine')?.en).toContain('goroutine 2 (main.main.func1) [chan send]');
  });

  it('fails a consumer that never calls cancel: both stages are left behind', async () => {
    const solution = rewrite(
      early('solution/main.ts'),
      '    cancel(); // the consumer quits: every stage hears it\n',
      '    // cancel() forgotten\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stops, noLeaks, explored]);
    expect(detail(run, 'every stage')?.en).toContain(
      "gen's goroutine (goroutine 2) never stopped; sq's goroutine (goroutine 3) never stopped",
    );
  });

  it("fails a consumer that closes sq's output instead of cancelling: sq panics at 40ms", async () => {
    let solution = rewrite(
      early('solution/main.ts'),
      '      console.log(await squares.recv());\n    }\n',
      '      console.log(await squares.recv());\n    }\n    (squares as unknown as Chan<number, number>).close();\n',
    );
    solution = rewrite(solution, '    cancel(); // the consumer quits: every stage hears it\n', '');
    solution = rewrite(solution, '  type RecvChan,\n', '  type RecvChan,\n  type Chan,\n');
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    // sq's send panics, and so does its finally's close of the channel main closed.
    expect(run.stderr).toMatch(/^panic: close of closed channel\n\ngoroutine 3 \[running\]/);
    expect(failed(run)).toEqual(['the program exits with status 0', stops, closes, explored]);
    expect(detail(run, 'the program exits')?.en).toContain(
      'only the stage that sends on a channel closes it',
    );
    expect(detail(run, 'each stage')?.en).toContain("the consumer (main) closed sq's output");
    expect(detail(run, 'each stage')?.['zh-cn']).toContain('消费者（main）关闭了 sq 的输出通道');
    const { en, zh } = pages(slug);
    expect(en).toContain('`panic: close of closed channel`');
    expect(zh).toContain('`panic: close of closed channel`');
    expect(en).toContain("`the consumer (main) closed sq's output`");
    expect(zh).toContain('`消费者（main）关闭了 sq 的输出通道`');
  });

  it('fails an sq that sleeps through its work and looks at ctx.err() afterwards: nothing leaks, but sq stops at 40ms', async () => {
    const solution = rewrite(
      early('solution/main.ts'),
      sqWork,
      '        await time.sleep(10 * time.Millisecond);\n        if (ctx.err() !== null) return;\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stops, explored]);
    expect(detail(run, 'every stage')?.en).toContain("sq's goroutine (goroutine 3) stopped at 40ms");
    const { en, zh } = pages(slug);
    expect(en).toContain("`sq's goroutine (goroutine 3) stopped at 40ms`");
    expect(zh).toContain('`sq 的 goroutine（goroutine 3）到 40ms 才停止`');
  });

  it('fails an sq that returns on done without closing its output', async () => {
    const solution = rewrite(
      early('solution/main.ts'),
      `        if (r.case === 'done') return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

main(`,
      `        if (r.case === 'done') return;
      }
      out.close();
    } finally {
      // out is closed only when input is
    }
  });
  return out;
}

main(`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([closes, explored]);
    expect(detail(run, 'each stage')?.en).toContain('sq returned without closing its output');
  });
});

describe('the replicated requests lesson', () => {
  const google = (file: string) => lab('replicas/google-search', file);
  const check = () => google('check.ts');
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const deadline = 'every search returns by the 80ms deadline, in every seed';
  const once = 'each kind (web, image, video) comes back at most once per search';
  const fastest = "the fastest replica's answer is used whenever it comes before the deadline";
  const noLeaks = 'no goroutine is left behind when main returns';
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name)?.detail;
  const solutionLines = [
    'seed 1: [web2 image2] in 80ms',
    'seed 2: [video1 web2 image2] in 35ms',
    'seed 3: [video1 web1 image2] in 29ms',
    'seed 4: [web2 image2 video2] in 32ms',
    'seed 5: [video2 image2 web1] in 55ms',
    'seed 6: [image2 web1 video2] in 51ms',
    'seed 7: [image2 video1 web2] in 77ms',
    'seed 8: [video1 image1 web2] in 67ms',
    'seed 9: [video2 web1 image1] in 46ms',
    'seed 10: [web1 image1 video1] in 78ms',
    'seed 11: [video2 image1] in 80ms',
    'seed 12: [video2 web1 image2] in 75ms',
  ];

  it('says 1.0 takes the sum, 2.0 the slowest, 2.1 the 80ms budget without video, 3.0 55ms with every kind', () => {
    const took = (dir: string) => snippet(`replicated-requests/${dir}/main.out`).trimEnd().split('\n').at(-1);
    expect(took('sequential')).toBe('took 214ms');
    expect(took('concurrent')).toBe('took 89ms');
    expect(took('timeout')).toBe('took 80ms');
    expect(snippet('replicated-requests/timeout/main.out')).not.toContain('video');
    expect(took('replicas')).toBe('took 55ms');
    expect(snippet('replicated-requests/replicas/main.out')).toContain('web1 result');
    expect(snippet('replicated-requests/replicas/main.out')).toContain('image2 result');
    expect(snippet('replicated-requests/replicas/main.out')).toContain('video2 result');
    const { en, zh } = pages('patterns/replicated-requests');
    for (const text of [
      '`took 214ms`',
      '`took 89ms`',
      '`took 80ms`',
      '`took 55ms`',
      'web2 97ms',
      'image2 17ms',
      'video2 15ms',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('says the losing replicas of 3.0 (the Timeline) end at their seed-5 latencies, 70ms, 89ms and 97ms, and the snippet runs to its end', async () => {
    const run = await runSnippet(snippet('replicated-requests/replicas/main.ts'));
    expect(run.exitCode).toBe(0);
    // The latencies the page names for the losers, drawn as the snippet draws them (seed 5).
    let state = 5;
    const ms = () => (state = (state * 48271) % 2147483647) % 100;
    const [web1, image1, video1, web2, image2, video2] = [ms(), ms(), ms(), ms(), ms(), ms()];
    expect([web1, image1, video1, web2, image2, video2]).toEqual([55, 70, 89, 97, 17, 15]);
    const { en, zh } = pages('patterns/replicated-requests');
    expect(en).toContain('image1 goes on to 70ms, video1 to 89ms and web2 to 97ms');
    expect(zh).toContain('image1 一直到 70ms，video1 到 89ms，web2 到 97ms');
  });

  it('passes the solution: twelve seeds, each on time with the fastest replicas', async () => {
    const run = await runSnippet(google('solution/main.ts'), { check: check() });
    expect(lines(run)).toEqual(solutionLines);
    expect(run.report?.passed).toBe(true);
  });

  it("fails the starter (Pike's 2.1): on time, but replica 1 only, and the late searches left in chan send at Google's c.send lines", async () => {
    const starter = google('starter/main.ts');
    const run = await runSnippet(starter, { check: check() });
    expect(lines(run)).toContain('seed 1: [web1] in 80ms');
    expect(lines(run)).toContain('seed 9: [web1 video1 image1] in 46ms');
    expect(failed(run)).toEqual([fastest, noLeaks, explored]);
    expect(detail(run, fastest)?.en).toContain(
      'seed 1 used web1, but web2 answers first, in 37ms (web1 71ms, web2 37ms)',
    );
    expect(detail(run, fastest)?.['zh-cn']).toContain(
      '种子 1 用的是 web1，可最先回答的是 web2，只用 37ms（web1 71ms, web2 37ms）',
    );
    const sends = starter
      .split('\n')
      .flatMap((l, i) => (l.includes('c.send(await s.') ? [`main.ts:${i + 1}`] : []));
    expect(sends).toHaveLength(3);
    const leaks = detail(run, noLeaks)?.en ?? '';
    expect(leaks).toContain('[chan send]');
    for (const at of leaks.match(/main\.ts:\d+/g) ?? []) expect(sends).toContain(at);
    const { en, zh } = pages('patterns/replicated-requests');
    for (const text of [
      '`seed 1: [web1] in 80ms`',
      '`seed 9: [web1 video1 image1] in 46ms`',
      '`chan send`',
      '`c.send`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
    expect(en).toContain('`seed 1 used web1, but web2 answers first, in 37ms (web1 71ms, web2 37ms)`');
    expect(zh).toContain('`种子 1 用的是 web1，可最先回答的是 web2，只用 37ms（web1 71ms, web2 37ms）`');
  });

  it("fails Pike's First with an unbuffered channel only on the leak: one main.searchReplica in chan send per loser, 36 over twelve searches", async () => {
    const run = await runSnippet(
      rewrite(google('solution/main.ts'), "chan<Result>(replicas.length, '')", "chan<Result>(0, '')"),
      { check: check() },
    );
    expect(lines(run)).toEqual(solutionLines);
    expect(failed(run)).toEqual([noLeaks, explored]);
    const leaks = detail(run, noLeaks)?.en ?? '';
    expect(leaks.match(/\(main\.searchReplica\) \[chan send\]/g)).toHaveLength(36);
    const { en, zh } = pages('patterns/replicated-requests');
    expect(en).toContain("`chan<Result>(0, '')`");
    expect(zh).toContain("`chan<Result>(0, '')`");
    expect(en).toContain('36 of them over twelve searches');
    expect(zh).toContain('十二次搜索一共 36 个');
  });

  it("fails Google's channel left unbuffered (First buffered) on the leak: the kinds that missed 80ms in seeds 1 and 11", async () => {
    const run = await runSnippet(
      rewrite(google('solution/main.ts'), "chan<Result>(3, '')", "chan<Result>(0, '')"),
      { check: check() },
    );
    expect(failed(run)).toEqual([noLeaks, explored]);
    expect(detail(run, noLeaks)?.en.match(/\[chan send\]/g)).toHaveLength(2);
  });

  it('fails a Google without the timeout on the deadline: seeds 1 and 11 take 83ms and 81ms', async () => {
    const run = await runSnippet(
      rewrite(
        google('solution/main.ts'),
        `    const r = await select({
      result: recv(c),
      timeout: recv(timeout),
    });
    if (r.case === 'timeout') return results;
    results.push(r.value);`,
        '    results.push(await c.recv());',
      ),
      { check: check() },
    );
    expect(failed(run)).toEqual([deadline, explored]);
    expect(detail(run, deadline)?.en).toContain('seed 1 returned in 83ms; seed 11 returned in 81ms');
    const { en, zh } = pages('patterns/replicated-requests');
    expect(en).toContain('Seeds 1 and 11 now take 83ms and 81ms');
    expect(zh).toContain('种子 1 和 11 现在要 83ms 和 81ms');
    expect(en).toContain('"every search returns by the 80ms deadline"');
  });

  it('fails a First that waits for every replica before it returns on the fastest replica', async () => {
    const run = await runSnippet(
      rewrite(
        google('solution/main.ts'),
        '  return c.recv();\n',
        '  const first = await c.recv();\n  for (let i = 1; i < replicas.length; i++) await c.recv();\n  return first;\n',
      ),
      { check: check() },
    );
    expect(failed(run)).toEqual([fastest, explored]);
    expect(detail(run, fastest)?.en).toContain('seed 1 has no image result, but image2 answers in 41ms');
  });

  it('fails all six replicas sent on one channel, without First, on a kind that comes back twice', async () => {
    const solution = google('solution/main.ts');
    const sends = solution.slice(
      solution.indexOf('  go(async () => c.send(await First(query, ...s.web)));'),
      solution.indexOf('  const timeout'),
    );
    expect(sends).toContain('...s.video');
    const run = await runSnippet(
      rewrite(
        rewrite(
          solution,
          sends,
          '  for (const replica of [...s.web, ...s.image, ...s.video]) {\n    go(async () => c.send(await replica(query)));\n  }\n\n',
        ),
        "chan<Result>(3, '')",
        "chan<Result>(6, '')",
      ),
      { check: check() },
    );
    expect(failed(run)?.[0]).toBe(once);
    expect(detail(run, once)?.en).toContain('seed 1 returned web2 and web1');
  });
});

describe('the equivalent binary trees lesson', () => {
  const trees = (file: string) => lab('trees/same', file);
  const check = () => trees('check.ts');
  const expected = [
    'same values, different shapes: true',
    'differ at the first value: false',
    'differ at the last value: false',
    'the second is a prefix of the first: false',
    'the first is a prefix of the second: false',
    'both empty: true',
    'one empty: false',
  ];
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const answers = 'same gives the right answer for every pair';
  const closes = 'a walk closes its channel after the last value';
  const stop = 'when same returns, both walks stop: none is left running';
  const early = 'when the trees differ, the walks stop early: at most one value past the first difference';
  const noLeaks = 'no goroutine is left behind when main returns';
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name)?.detail;
  const page = () => pages('patterns/equivalent-binary-trees');

  it('says the two trees of the walk program have different shapes and walk to the same values', () => {
    const out = snippet('equivalent-binary-trees/walk/main.out').trimEnd().split('\n');
    expect(out[0]).not.toBe(out[2]);
    expect(out[1]).toBe('walk: [1 2 3 4 5 6 7 8 9 10]');
    expect(out[3]).toBe(out[1]);
  });

  it('says the published Same leaves two walks unfinished after comparing 1s against 2s, blocked in chan send', async () => {
    const run = await runSnippet(snippet('equivalent-binary-trees/leak/main.ts'));
    expect(lines(run)).toEqual(['same values: true', '1s against 2s: false', 'walks not finished: 2']);
    const { en, zh } = page();
    for (const text of ['`walks not finished: 2`', '`chan send`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('passes the solution, which prints every answer', async () => {
    const run = await runSnippet(trees('solution/main.ts'), { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(run.report?.passed).toBe(true);
  });

  it('fails the starter: right answers, but the walks of the first differing pair (goroutines 4 and 5) are left in chan send', async () => {
    const starter = trees('starter/main.ts');
    const sendLine = starter.split('\n').indexOf('  await ch.send(t.value);') + 1;
    const run = await runSnippet(starter, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stop, noLeaks, explored]);
    expect(detail(run, stop)?.en).toContain('differ at the first value: goroutines 4 and 5 had not returned');
    expect(detail(run, noLeaks)?.en).toContain(
      `goroutine 4 (main.main.func1) [chan send] was still alive when main returned, at main.ts:${sendLine}`,
    );
    const { en, zh } = page();
    for (const text of ['`goroutines 4 and 5`', '`main.ts:' + String(sendLine) + '`']) {
      expect(en).toContain(text);
    }
    expect(zh).toContain('`goroutine 4 和 5`');
  });

  it('fails a same that ranges over ch1 and receives from ch2 inside (the prefix bug): the first is a prefix of the second, and one empty, come out true', async () => {
    const solution = rewrite(
      trees('solution/main.ts'),
      `    for (;;) {
      const [v1, ok1] = await ch1.recv2();
      const [v2, ok2] = await ch2.recv2();
      if (ok1 !== ok2 || v1 !== v2) return false;
      if (!ok1) return true;
    }`,
      `    for await (const v1 of ch1) {
      if (v1 !== (await ch2.recv())) return false;
    }
    return true;`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toContain('the first is a prefix of the second: true');
    expect(lines(run)).toContain('one empty: true');
    expect(lines(run)).toContain('the second is a prefix of the first: false');
    expect(failed(run)).toEqual([answers, explored]);
    const { en } = page();
    expect(en).toContain('`the first is a prefix of the second: true`');
  });

  it('fails a walk that never closes its channel: same waits for ever on the first pair, a deadlock', async () => {
    const solution = rewrite(
      trees('solution/main.ts'),
      '  await walkTree(t, ch, quit);\n  ch.close();',
      '  await walkTree(t, ch, quit);',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(failed(run)).toContain(closes);
    expect(failed(run)?.[0]).toBe('the program exits with status 0');
    expect(detail(run, closes)?.en).toContain(
      'same values, different shapes: neither walk closed its channel',
    );
  });

  it('fails walks on buffered channels: nothing leaks, but a walk sends all 10 values where 1 was enough', async () => {
    const solution = rewrite(
      trees('solution/main.ts'),
      '  const ch1 = chan<number>(0, 0);\n  const ch2 = chan<number>(0, 0);',
      '  const ch1 = chan<number>(10, 0);\n  const ch2 = chan<number>(10, 0);',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([early, explored]);
    expect(detail(run, early)?.en).toContain(
      'differ at the first value: a walk sent 10 values where 1 was enough',
    );
    const { en, zh } = page();
    expect(en).toContain('`a walk sent 10 values where 1 was enough`');
    expect(zh).toContain('`一个 walk 发送了 10 个值，其实 1 个就够了`');
  });

  it('fails a walk that selects on quit when same never closes it: the walks wait in select instead of chan send', async () => {
    const solution = rewrite(trees('solution/main.ts'), '    quit.close();\n', '');
    const run = await runSnippet(solution, { check: check() });
    expect(lines(run)).toEqual(expected);
    expect(failed(run)).toEqual([stop, noLeaks, explored]);
    expect(detail(run, noLeaks)?.en).toContain('goroutine 4 (main.main.func1) [select]');
  });
});

describe('the web crawler lesson', () => {
  const crawler = (file: string) => lab('crawler/bounded-crawl', file);
  const check = () => crawler('check.ts');
  const slug = 'patterns/web-crawler';
  const FINISHES = 'the crawl finishes: the program exits with status 0';
  const ONCE = 'every page fewer than 4 links from home is fetched exactly once, and nothing deeper';
  const BOUND = 'at most 3 fetches are in flight at any moment';
  const SLOTS = 'the 3 slots are used: 3 fetches run at once while there is work';
  const RETURNS = 'crawl returns only after its last fetch has ended';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const counts = [
    'https://web1.test/: 11 pages, 2 not found',
    'https://web2.test/: 11 pages, 0 not found',
    'https://web3.test/: 11 pages, 2 not found',
  ];
  const RESULTS = `the results are complete: it prints ${counts.map((l) => JSON.stringify(l)).join(', ')}`;
  /** The English detail of the failed item named `name`. */
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;
  const claim = `    await mu.lock();
    const claimed = !seen.has(url);
    seen.add(url);
    mu.unlock();
    if (!claimed) return;
`;
  const spawn = '      wg.go(() => visit(u, depth - 1));\n';

  it('says the starter prints the right counts, because the results map hides the duplicates', async () => {
    const run = await runSnippet(crawler('starter/main.ts'));
    expect(run.stdout).toBe(counts.join('\n') + '\n');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain(`\`${counts[0]}\``);
  });

  it("quotes the check's report on the starter: the home page fetched 29 times, 57 in flight — 338 fetches where 37 do", async () => {
    const run = await runSnippet(crawler('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([ONCE, BOUND, EXPLORED]);
    expect(detail(run, ONCE)).toContain('https://web1.test/ was fetched 29 times');
    expect(detail(run, BOUND)).toContain('57 fetches were in flight at once');
    // Count the fetches on the wire, as the page does.
    const counter = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  const gets = t.events(run, 'chan.send').filter((e) => String(e.value).startsWith('GET '));
  t.expect({ en: 'fetches: ' + gets.length, 'zh-cn': '抓取：' + gets.length }, false);
});`;
    for (const [file, n] of [
      ['starter/main.ts', 338],
      ['solution/main.ts', 37],
    ] as const) {
      const counted = await runSnippet(crawler(file), { check: counter });
      expect(failed(counted)).toEqual([`fetches: ${n}`]);
    }
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`https://web1.test/ was fetched 29 times`');
      expect(page).toContain('`57 fetches were in flight at once`');
    }
    expect(en).toContain('makes 338 fetches where 37 would do');
    expect(zh).toContain('一共抓了 338 次，其实 37 次就够');
  });

  it('passes the solution in every explored schedule', async () => {
    const run = await runSnippet(crawler('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe(counts.join('\n') + '\n');
    expect(run.report?.passed).toBe(true);
  });

  it('fails check, fetch, then mark on the exactly-once item: https://web1.test/1a fetched twice', async () => {
    const solution = rewrite(
      rewrite(
        crawler('solution/main.ts'),
        claim,
        '    await mu.lock();\n    const known = seen.has(url);\n    mu.unlock();\n    if (known) return;\n',
      ),
      '    results.set(url, err === null ? body : err.message);\n',
      '    seen.add(url);\n    results.set(url, err === null ? body : err.message);\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([ONCE, EXPLORED]);
    const quote = 'https://web1.test/1a was fetched 2 times';
    expect(detail(run, ONCE)).toContain(quote);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain(`\`${quote}\``);
  });

  it('fails a check outside the lock with the mark inside it: the await on the lock splits them', async () => {
    const solution = rewrite(
      crawler('solution/main.ts'),
      claim,
      '    if (seen.has(url)) return;\n    await mu.lock();\n    seen.add(url);\n    mu.unlock();\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([ONCE, EXPLORED]);
  });

  it('fails the solution without its semaphore on the bound alone: 7 fetches in flight', async () => {
    const solution = rewrite(
      rewrite(crawler('solution/main.ts'), '    await sem.send(); // take a slot (wait for one)\n', ''),
      '    await sem.recv(); // give it back, before the children\n',
      '',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([BOUND, EXPLORED]);
    expect(detail(run, BOUND)).toContain('7 fetches were in flight at once');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain('`7 fetches were in flight at once');
  });

  it('fails the solution without wg.wait(): crawl returns empty before its first fetch, goroutines left behind', async () => {
    const solution = rewrite(
      crawler('solution/main.ts'),
      '  await wg.wait(); // all visits and the ones they started\n',
      '',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout.split('\n')[0]).toBe('https://web1.test/: 0 pages, 0 not found');
    expect(failed(run)).toEqual(expect.arrayContaining([RETURNS, RESULTS, LEAKS]));
    expect(failed(run)).not.toContain(BOUND);
    const quote = 'GET https://web1.test/ started after crawl(https://web1.test/) had returned';
    expect(detail(run, RETURNS)).toContain(quote);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`https://web1.test/: 0 pages, 0 not found`');
      expect(page).toContain(`\`${quote}`);
    }
  });

  it('fails wg.add(1) inside the goroutine: wait returns after the home page, and the overlapping crawls break the bound', async () => {
    const solution = rewrite(
      rewrite(
        crawler('solution/main.ts'),
        spawn,
        '      go(async () => {\n        wg.add(1);\n        await visit(u, depth - 1);\n        wg.done();\n      });\n',
      ),
      "import { chan, main } from 'gort';",
      "import { chan, go, main } from 'gort';",
    );
    const run = await runSnippet(solution, { check: check() });
    expect(run.stdout.split('\n')[0]).toBe('https://web1.test/: 1 pages, 0 not found');
    expect(failed(run)).toEqual(expect.arrayContaining([RETURNS, RESULTS, LEAKS, BOUND]));
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain('`1 pages, 0 not found`');
  });

  it('fails a visit that keeps its slot while it waits for its children: a deadlock, every time', async () => {
    const solution = rewrite(
      rewrite(
        crawler('solution/main.ts'),
        '    await sem.recv(); // give it back, before the children\n',
        '',
      ),
      `    for (const u of urls) {\n${spawn}    }\n`,
      `    const children = new WaitGroup();
    for (const u of urls) {
      children.go(() => visit(u, depth - 1));
    }
    await children.wait();
    await sem.recv();
`,
    );
    const plain = await runSnippet(solution);
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    // "Every time": it deadlocks under each of the 50 schedules the check explores.
    const everySchedule = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  await t.explore((run) => {
    t.expect({ en: 'deadlocks', 'zh-cn': '死锁' }, run.exitCode === 2 && run.stderr.includes('deadlock!'));
  });
});`;
    expect((await runSnippet(solution, { check: everySchedule })).report?.passed).toBe(true);
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)?.[0]).toBe(FINISHES);
    expect(detail(run, FINISHES)).toContain('Give the slot back as soon as fetch returns');
    const { en, zh } = pages(slug);
    for (const page of [en, zh])
      expect(page).toContain('`fatal error: all goroutines are asleep - deadlock!`');
  });

  it('fails a serial crawl (each visit awaited in turn) on the slots alone', async () => {
    const solution = rewrite(crawler('solution/main.ts'), spawn, '      await visit(u, depth - 1);\n');
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([SLOTS, EXPLORED]);
    expect(detail(run, SLOTS)).toContain('the crawl is serial');
  });

  it('says main waits on the semaphore in chan send until 10ms, and again until 30ms', async () => {
    const parks = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  const parks = t.events(run, 'go.park').filter((e) => e.g === 1).map((e) => e.t + ' ' + e.reason);
  const wakes = t.events(run, 'go.unpark').filter((e) => e.g === 1).map((e) => e.t);
  t.expect({ en: parks.join(', ') + ' / ' + wakes.join(', '), 'zh-cn': '停' }, false);
});`;
    const run = await runSnippet(snippet('web-crawler/semaphore/main.ts'), { check: parks });
    expect(failed(run)).toEqual(['0 chan send, 10 chan send, 30 sync.WaitGroup.Wait / 10, 30, 40']);
    const { en, zh } = pages(slug);
    expect(en).toContain('`main` is blocked on `chan send`');
    expect(zh).toContain('`main` 阻塞在 `chan send` 上');
  });

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['爬虫', '互斥锁', '信号量', '等待组', '缓冲通道', '并发']) expect(zh).toContain(term);
  });
});

describe('the for-select and nil channels lesson', () => {
  const feed = (file: string) => lab('subscription/feed-loop', file);
  const check = () => feed('check.ts');
  const slug = 'patterns/for-select-and-nil-channels';
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const item = {
    exits: 'the program exits with status 0',
    prompt: 'close() returns in the instant it is called, even with a fetch in flight',
    error: "close() returns the fetcher's last error: GET /feed: 503 Service Unavailable",
    once: "the reader gets each item once, in the feed's order: loopvar, rangefunc, iter, unique, synctest, swiss, weak, toolchain",
    bounded: 'no fetch starts while 4 items (maxPending) are waiting for the reader',
    ended:
      'every goroutine the subscription started has ended within 10ms of close() returning (a fetch in flight may finish)',
    leaks: 'no goroutine is left behind when main returns',
  };
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name)?.detail;

  it('passes the solution, which closes at 210ms with the 503 while fetch 6 (205ms) is in flight', async () => {
    const run = await runSnippet(feed('solution/main.ts'), { check: check() });
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items).toHaveLength(9);
    expect(lines(run)).toContain('closed at 210ms: GET /feed: 503 Service Unavailable');
    expect(lines(run).at(-1)).toBe('fetch 6 at 205ms');
  });

  it('fails the naive starter on the error, the repeated item and the loop left in chan send at the out.send line', async () => {
    const starter = feed('starter/main.ts');
    const sendLine = starter.split('\n').indexOf('    for (const item of items) await out.send(item);') + 1;
    const run = await runSnippet(starter, { check: check() });
    expect(lines(run)).toContain('got iter at 60ms');
    expect(lines(run)).toContain('got iter at 85ms');
    expect(lines(run)).toContain('closed at 210ms: nil');
    expect(failed(run)).toEqual([item.error, item.once, item.ended, item.leaks, explored]);
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(4);
    expect(detail(run, item.once)?.en).toContain('it got iter twice');
    expect(detail(run, item.leaks)?.en).toContain(
      `goroutine 2 (main.loop) [chan send] was still alive when main returned, at main.ts:${sendLine}`,
    );
    const { en, zh } = pages(slug);
    for (const text of [
      '`got iter at 85ms`',
      '`got iter at 60ms`',
      '`closed at 210ms: nil`',
      '`chan send`',
      '`weak`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('fails an unbounded pending queue on the maxPending item only: fetch 4 starts at 75ms with 4 waiting', async () => {
    const run = await runSnippet(
      rewrite(
        feed('solution/main.ts'),
        'if (fetchDone === null && pending.length < maxPending) {',
        'if (fetchDone === null) {',
      ),
      { check: check() },
    );
    expect(failed(run)).toEqual([item.bounded, explored]);
    expect(detail(run, item.bounded)?.en).toContain('fetch 4 started at 75ms with 4 items waiting');
    expect(detail(run, item.bounded)?.['zh-cn']).toContain('第 4 次抓取在 75ms 开始，当时已有 4 条在等');
    const { en, zh } = pages(slug);
    expect(en).toContain('`fetch 4 started at 75ms with 4 items waiting`');
    expect(zh).toContain('`第 4 次抓取在 75ms 开始，当时已有 4 条在等`');
  });

  it('fails a plain send before the select (no nil channel): close() never returns, a deadlock', async () => {
    const blocking = rewrite(
      rewrite(
        feed('solution/main.ts'),
        `    let first = noItem;
    let updates: Chan<Item> | null = null;
    if (pending.length > 0) {
      first = pending[0]!;
      updates = out;
    }
`,
        `    if (pending.length > 0) {
      await out.send(pending[0]!);
      pending = pending.slice(1);
    }
`,
      ),
      '      sent: send(updates, first),\n',
      '',
    );
    const run = await runSnippet(blocking, { check: check() });
    expect(run.stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(failed(run)).toEqual([item.exits, item.prompt, item.error, item.ended, explored]);
    expect(detail(run, item.ended)?.en).toBe('close() never returned');
    const { en, zh } = pages(slug);
    expect(en).toContain('`close() never returned`');
    expect(zh).toContain('`close() 一直没有返回`');
    expect(en).toContain('`fatal error: all goroutines are asleep - deadlock!`');
  });

  it('fails an unbuffered fetchDone (what retellings of the talk write): the fetch in flight at close never ends', async () => {
    const run = await runSnippet(
      rewrite(feed('solution/main.ts'), 'const done = chan<Fetched>(1);', 'const done = chan<Fetched>();'),
      { check: check() },
    );
    expect(lines(run)).toContain('closed at 210ms: GET /feed: 503 Service Unavailable');
    expect(failed(run)).toEqual([item.ended, item.leaks, explored]);
    expect(detail(run, item.ended)?.en).toContain('main.loop.func1 (goroutine 8) never ended');
    expect(detail(run, item.leaks)?.en).toContain('(main.loop.func1) [chan send]');
    const { en } = pages(slug);
    expect(en).toContain('`make(chan fetchResult, 1)`');
    expect(en).toContain('`main.loop.func1`');
  });

  it('fails a loop that does not drop GUIDs it has seen: iter arrives twice', async () => {
    const run = await runSnippet(
      rewrite(feed('solution/main.ts'), '          if (seen.has(item.guid)) continue;\n', ''),
      { check: check() },
    );
    expect(failed(run)).toContain(item.once);
    expect(detail(run, item.once)?.en).toContain('it got iter twice');
  });

  it('shows the naive close returning at 100ms and the relay holding the producer until 30ms', async () => {
    const naive = await runSnippet(snippet('for-select-and-nil-channels/naive-close/main.ts'));
    expect(lines(naive)).toEqual(['fetch at 0s', 'Close returned at 100ms', 'loop saw closed at 1s']);
    const relay = await runSnippet(snippet('for-select-and-nil-channels/relay/main.ts'));
    expect(lines(relay)).toContain('sent 4 at 30ms');
    expect(lines(relay)).toContain('closed at 90ms, 2 still queued');
    const { en, zh } = pages(slug);
    for (const text of [
      '`Close returned at 100ms`',
      '`loop saw closed at 1s`',
      '`sent 4 at 30ms`',
      '`closed at 90ms, 2 still queued`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });
});

describe('the registration and discovery lesson', () => {
  const hb = (file: string) => lab('services/heartbeat', file);
  const slug = 'services/registration-and-discovery';
  const LOADS = 'instance.ts exports stayRegistered(ctx, registry, self)';
  const EXITS = 'the program exits with status 0';
  const REGISTER =
    'api-1, api-2 and api-3 register as they start (at 0s, 1s and 2s), and the watcher sees each appear';
  const ALIVE = 'api-1, alive until it stops at 2m0s, never leaves the passing list (no flapping)';
  const KILLED =
    'api-2, killed at 1m0s without a goodbye, leaves the passing list within its TTL (by 1m15s), not before';
  const STOP3 = 'api-3, stopped at 1m30s, leaves the passing list at once (within a second) and for good';
  const STOP1 = 'api-1, stopped at 2m0s, leaves the passing list at once (within a second) and for good';
  const WATCHER =
    'the watcher sees each change, in order: [api-1] → [api-1 api-2] → [api-1 api-2 api-3] → [api-1 api-3] → [api-1] → []';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  /** The lab with `instance` as the learner's instance.ts (main.ts is the bench), checked or run. */
  const runLabWith = (instance: string, checked = true) =>
    runSnippet(hb('solution/main.ts'), {
      files: { 'instance.ts': instance },
      services: true,
      ...(checked ? { check: hb('check.ts') } : {}),
    });
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;
  const timeline = [
    '100ms    api: [api-1]',
    '1.1s     api: [api-1 api-2]',
    '2.1s     api: [api-1 api-2 api-3]',
    '1m0s     api-2 is killed',
    '1m11.2s  api: [api-1 api-3]',
    '1m30s    api-3 stops',
    '1m30.1s  api: [api-1]',
    '2m0s     api-1 stops',
    '2m0.1s   api: []',
  ];
  const solution = () => hb('solution/instance.ts');
  const beat = `      const r = await select({
        tick: recv(ticker.c),
        done: recv(ctx.done()),
      });
      if (r.case === 'done') return;
`;

  it('says the solution prints the timeline on the page and passes all 10 items in every explored schedule', async () => {
    expect(hb('starter/main.ts')).toBe(hb('solution/main.ts'));
    const run = await runLabWith(solution(), false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(timeline.join('\n') + '\n');
    const checked = await runLabWith(solution());
    // The check's own bench prints what main.ts prints.
    expect(checked.stdout).toBe(run.stdout);
    expect(checked.report?.passed).toBe(true);
    expect(checked.report?.items.map((i) => i.name.en)).toEqual([
      LOADS,
      EXITS,
      REGISTER,
      ALIVE,
      KILLED,
      STOP3,
      STOP1,
      WATCHER,
      LEAKS,
      EXPLORED,
    ]);
    // api-2's last beat: ticks every 5 s from its registration at 1.1s, each arriving 100 ms later;
    // the last before the kill at 1m0s arrived at 56.2s, and its lease ran out 15 s after that.
    expect(1100 + 11 * 5000 + 100).toBe(56_200);
    expect(56_200 + 15_000).toBe(71_200); // 1m11.2s
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const t of ['`100ms`', '`1.1s`', '`2.1s`', '`1m11.2s`', '`1m30.1s`', '`2m0.1s`', '56.2s'])
        expect(page).toContain(t);
    }
    expect(en).toContain('10 of 10');
    expect(zh).toContain('10 项全部通过');
  });

  it('says the starter (no heartbeat) loses every instance by 17.1s and passes 4 of 10 items', async () => {
    expect(hb('starter/instance.ts')).not.toContain('await registry.heartbeat');
    const run = await runLabWith(hb('starter/instance.ts'), false);
    expect(run.stdout).toContain('15.1s    api: [api-2 api-3]\n');
    expect(run.stdout).toContain('17.1s    api: []\n');
    const checked = await runLabWith(hb('starter/instance.ts'));
    expect(failed(checked)).toEqual([ALIVE, KILLED, STOP3, STOP1, WATCHER, EXPLORED]);
    expect(checked.report?.items.filter((i) => i.pass).map((i) => i.name.en)).toEqual([
      LOADS,
      EXITS,
      REGISTER,
      LEAKS,
    ]);
    const quote = 'it left at 15.1s while alive — its lease ran out';
    expect(detail(checked, ALIVE)).toContain(quote);
    expect(detail(checked, ALIVE)).toContain('the registry had last heard from api-1 at 100ms');
    expect(detail(checked, KILLED)).toContain('it left at 16.1s, while still alive');
    expect(detail(checked, STOP3)).toContain('it had already left at 17.1s, before it stopped');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) for (const t of ['`15.1s`', '`17.1s`']) expect(page).toContain(t);
    expect(en).toContain(`\`${quote}\``);
    expect(en).toContain('4 of its 10 items pass');
    expect(zh).toContain('10 项中只通过 4 项');
  });

  it('fails a heartbeat every TTL on api-1 staying passing: it flaps at 15.1s and 15.2s, dozens of changes', async () => {
    const run = await runLabWith(rewrite(solution(), 'time.newTicker(ttl / 3)', 'time.newTicker(ttl)'));
    expect(failed(run)).toContain(ALIVE);
    expect(failed(run)).not.toContain(LEAKS);
    const quote = 'it flapped: left at 15.1s and came back at 15.2s';
    expect(detail(run, ALIVE)).toContain(quote);
    // Six changes with the solution; "dozens" here.
    expect(run.stdout.split('\n').filter((l) => l.includes(' api: [')).length).toBeGreaterThanOrEqual(24);
    const { en } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
  });

  it('fails an instance that never deregisters on the stop items: api-3 lingers until 1m42.2s', async () => {
    const run = await runLabWith(rewrite(solution(), '  await registry.deregister(id);\n', ''));
    expect(failed(run)).toEqual([STOP3, STOP1, WATCHER, EXPLORED]);
    const quote = 'it left at 1m42.2s, when its lease ran out, not when it stopped';
    expect(detail(run, STOP3)).toContain(quote);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain('`1m42.2s`');
  });

  it('fails a registration without a TTL on the killed instance: api-2 never leaves', async () => {
    const run = await runLabWith(rewrite(solution(), '    ttlMs: ttl,\n', ''));
    expect(failed(run)).toEqual([KILLED, WATCHER, EXPLORED]);
    expect(detail(run, KILLED)).toContain('it never left the list');
    const { en } = pages(slug);
    expect(en).toContain('`it never left the list`');
  });

  it('fails a heartbeat that ignores shutdown on the leak item only', async () => {
    const leaky = rewrite(
      rewrite(solution(), beat, '      await ticker.c.recv();\n'),
      '  await stopped.recv();\n',
      '',
    );
    const run = await runLabWith(leaky);
    expect(run.stdout).toBe(timeline.join('\n') + '\n');
    expect(failed(run)).toEqual([LEAKS, EXPLORED]);
    // The three heartbeat goroutines, still waiting for their tickers.
    expect(detail(run, LEAKS)?.match(/\[chan receive\] was still alive when main returned/g)).toHaveLength(3);
    const { en, zh } = pages(slug);
    for (const page of [en, zh])
      expect(page).toContain('`[chan receive] was still alive when main returned`');
  });

  it('passes a heartbeat that returns without stopping its ticker (no leak since Go 1.23)', async () => {
    const run = await runLabWith(rewrite(solution(), '    ticker.stop();\n', ''));
    expect(run.report?.passed).toBe(true);
  });
});

describe('the inside a channel lesson', () => {
  const queue = (file: string) => lab('hchan/mini-chan', file);
  const check = () => queue('check.ts');
  const slug = 'internals/inside-a-channel';
  const FIFO = 'TestFIFO: one sender, one receiver — 20 values arrive in the order they were sent';
  const MANY =
    'TestManySenders: 4 senders and 4 receivers — every value arrives exactly once, in its sender’s order, and len never exceeds cap';
  const DRAINS =
    'TestClosedDrains: after close, recv still returns the buffered values in order, then [undefined, false]';
  const WAKES = 'TestCloseWakesAll: close wakes every blocked receiver, and each gets ok = false';
  const SEND_CLOSED =
    'TestSendOnClosed: a send on a closed queue panics with "send on closed channel", and so does a sender blocked when the queue is closed';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const passes = [
    'TestFIFO',
    'TestManySenders',
    'TestSendBlocks',
    'TestRecvBlocks',
    'TestClosedDrains',
    'TestCloseWakesAll',
    'TestSendOnClosed',
  ].map((t) => `--- PASS: ${t}`);
  /** The English detail of the failed item named `name`. */
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;
  const closeBroadcasts = '    this.#notEmpty.broadcast();\n    this.#notFull.broadcast();\n';

  it('says Run passes all seven tests with the starter, and Check fails TestManySenders: len reached 7, cap is 1', async () => {
    const plain = await runSnippet(queue('starter/main.ts'));
    expect(plain.stdout).toBe(passes.join('\n') + '\n');
    const run = await runSnippet(queue('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([MANY, EXPLORED]);
    expect(detail(run, MANY)).toContain('len reached 7, cap is 1');
    expect(detail(run, MANY)).toContain('7 received 0 times');
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(8);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`len reached 7, cap is 1`');
      expect(page).toContain('`7 received 0 times`');
    }
  });

  it('passes the solution in every explored schedule (10 of 10 items)', async () => {
    const run = await runSnippet(queue('solution/main.ts'), { check: check() });
    expect(run.stdout).toBe(passes.join('\n') + '\n');
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items).toHaveLength(10);
  });

  it('fails a close that signals instead of broadcasting: close woke 1 of 3, two receivers left in sync.Cond.Wait', async () => {
    const solution = rewrite(
      queue('solution/main.ts'),
      closeBroadcasts,
      '    this.#notEmpty.signal();\n    this.#notFull.signal();\n',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual(expect.arrayContaining([WAKES, LEAKS, EXPLORED]));
    expect(failed(run)).not.toContain(FIFO);
    expect(failed(run)).not.toContain(DRAINS);
    expect(detail(run, WAKES)).toContain('close woke 1 of 3 blocked receivers');
    expect(detail(run, LEAKS)?.match(/\[sync\.Cond\.Wait\]/g)).toHaveLength(4);
    expect(detail(run, MANY)).toContain('receiver 3 of 4 never saw the close');
    // The hint for a close that woke too few is TestCloseWakesAll's, not the while-loop one.
    expect(detail(run, MANY)).toContain('close must broadcast');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`close woke 1 of 3 blocked receivers`');
      expect(page).toContain('`receiver 3 of 4 never saw the close`');
    }
  });

  it('fails a recv that returns ok = false as soon as the queue is closed, on TestClosedDrains alone', async () => {
    const solution = rewrite(
      queue('solution/main.ts'),
      '    if (this.#count === 0) {\n      // Closed and drained',
      '    if (this.#closed) {\n      // Closed and drained',
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([DRAINS, EXPLORED]);
    const quote = 'received undefined/false, expected 0/true';
    expect(detail(run, DRAINS)).toContain(quote);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain(`\`${quote}\``);
  });

  it('fails a send that checks closed only before waiting, on TestSendOnClosed alone', async () => {
    const panicIfClosed =
      "    if (this.#closed) {\n      this.#mu.unlock();\n      panic('send on closed channel');\n    }\n";
    const solution = rewrite(
      rewrite(queue('solution/main.ts'), panicIfClosed, ''),
      '    await this.#mu.lock();\n    // while, not if',
      `    await this.#mu.lock();\n${panicIfClosed}    // while, not if`,
    );
    const run = await runSnippet(solution, { check: check() });
    expect(failed(run)).toEqual([SEND_CLOSED, EXPLORED]);
    const quote = 'a blocked sender, after close: no panic';
    expect(detail(run, SEND_CLOSED)).toContain(quote);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain(`\`${quote}\``);
  });

  it('says the starter differs from the solution only in its two waits (if, not while) and their comments', () => {
    const code = (file: string) =>
      queue(file)
        .split('\n')
        .filter((l) => !l.trim().startsWith('//'))
        .map((l) => l.replace(/\s*\/\/ .*$/, ''))
        .join('\n');
    const fixed = code('starter/main.ts')
      .replace(
        'if (this.#count === this.cap && !this.#closed)',
        'while (this.#count === this.cap && !this.#closed)',
      )
      .replace('if (this.#count === 0 && !this.#closed)', 'while (this.#count === 0 && !this.#closed)');
    expect(fixed).toBe(code('solution/main.ts'));
    expect(code('starter.zh-cn/main.ts')).toBe(code('starter/main.ts'));
  });

  it('shows, in the steps program, a full buffer, a sender parked in chan send, a direct handoff and close', async () => {
    const out = snippet('inside-a-channel/steps/main.out');
    expect(out).toBe(
      [
        'buffered 2 of 2',
        'received 1',
        'buffered 2 of 2',
        'received 2 3',
        'buffered 0 of 2',
        'receiver got 4',
        'after close: 0 false',
        '',
      ].join('\n'),
    );
    // What the Timeline shows: who parks on what, and that 4 goes from main to the receiver
    // without a buffered step in between.
    const steps = `import { defineCheck } from 'labcheck';
export default defineCheck(async (t) => {
  const run = await t.run();
  const parks = t.events(run, 'go.park').filter((e) => e.g !== 1).map((e) => e.g + ' ' + e.reason);
  const ops = run.trace
    .filter((e) => e.type === 'chan.send' || e.type === 'chan.recv' || e.type === 'chan.close')
    .filter((e) => e.ch === 1)
    .map((e) => e.type + ' g' + e.g + ('value' in e ? ' ' + String(e.value) : ''));
  t.expect({ en: parks.join(', ') + ' / ' + ops.join(', '), 'zh-cn': '步' }, false);
});`;
    const run = await runSnippet(snippet('inside-a-channel/steps/main.ts'), { check: steps });
    const [parks, ops] = (failed(run)?.[0] ?? '').split(' / ');
    expect(parks).toBe('2 chan send, 3 chan receive, 4 chan receive');
    // The parked sender's 3 is sent (into the buffer) in the same step main receives 1.
    expect(ops).toContain('chan.send g2 3, chan.recv g1 1');
    // 4: main's send and goroutine 3's receive, back to back — the handoff.
    expect(ops).toContain('chan.send g1 4, chan.recv g3 4');
    expect(ops).toContain('chan.close g1');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`buffered 0 of 2`');
      expect(page).toContain('`0 false`');
      expect(page).toContain('`[chan send]`');
    }
  });

  it('shows select leaving the losing channel (default on a) and both cases winning over 400 of 1000 times', () => {
    expect(snippet('inside-a-channel/select-passes/main.out')).toBe(
      'got b 2\nnobody waits on a any more\nx won over 400 times: true\ny won over 400 times: true\n',
    );
  });

  it.skipIf(!goToolchain().available)(
    'names hchan, sudog, chan.go, select.go and sync.Cond as Go 1.26 has them',
    () => {
      const toolchain = goToolchain();
      if (!toolchain.available) return;
      const src = (file: string) => readFileSync(path.join(toolchain.goroot, 'src', file), 'utf8');
      const chan = src('runtime/chan.go');
      for (const field of [
        'qcount   uint',
        'dataqsiz uint',
        'buf      unsafe.Pointer',
        'elemsize uint16',
        'closed   uint32',
        'sendx    uint',
        'recvx    uint',
        'recvq    waitq',
        'sendq    waitq',
        'lock mutex',
      ])
        expect(chan).toContain(field);
      for (const fn of [
        'func chansend(',
        'func send(',
        'func sendDirect(',
        'func chanrecv(',
        'func recv(',
        'func recvDirect(',
        'func closechan(',
        'func (q *waitq) dequeue()',
      ])
        expect(chan).toContain(fn);
      expect(chan).toContain(
        'gopark(chanparkcommit, unsafe.Pointer(&c.lock), reason, traceBlockChanSend, 2)',
      );
      expect(chan).toContain('reason := waitReasonChanSend');
      expect(chan).toContain('panic(plainError("send on closed channel"))');
      expect(chan).toContain('// release all writers (they will panic)');
      expect(chan).toContain('sgp.g.selectDone.CompareAndSwap(0, 1)');
      // The hchan the page quotes: every line of it, as chan.go has it.
      const hchan = chan.slice(
        chan.indexOf('type hchan struct {'),
        chan.indexOf('\n}\n', chan.indexOf('type hchan struct {')),
      );
      const quoted = /```txt title="runtime\/chan\.go \(Go 1\.26\)"\n([\s\S]*?)```/.exec(
        readFileSync(
          pageFile(
            lessons.find((l) => l.slug === slug)!,
            locales[0],
          ),
          'utf8',
        ),
      )?.[1];
      expect(quoted).toBeDefined();
      for (const line of (quoted ?? '').split('\n').filter((l) => l.trim() !== '' && l !== '}'))
        expect(hchan).toContain(line);
      const sudog = src('runtime/runtime2.go');
      for (const field of [
        'elem maybeTraceablePtr',
        'isSelect bool',
        'success bool',
        'c        maybeTraceableChan',
      ])
        expect(sudog).toContain(field);
      const select = src('runtime/select.go');
      expect(select).toContain('cheaprandn(uint32(norder + 1))');
      expect(select).toContain('// sort the cases by Hchan address to get the locking order.');
      expect(select).toContain('// pass 1 - look for something already waiting');
      expect(select).toContain('// pass 2 - enqueue on all chans');
      expect(select).toContain('// pass 3 - dequeue from unsuccessful chans');
      expect(select).toContain('gopark(selparkcommit, nil, waitReason, traceBlockSelect, 1)');
      const cond = src('sync/cond.go').replace(/\n\/\/ ?/g, ' ');
      expect(cond).toContain('Wait cannot return unless awoken by [Cond.Broadcast] or [Cond.Signal]');
      expect(cond).toContain('cannot assume that the condition is true when Wait returns');
      const { en, zh } = pages(slug);
      for (const page of [en, zh]) {
        expect(page).toContain('Wait cannot return unless awoken by Cond.Broadcast or Cond.Signal');
        expect(page).toContain('golang/go#21165');
      }
    },
  );

  it('uses the Chinese terms a reader searches for', () => {
    const { zh } = pages(slug);
    for (const term of ['通道', '缓冲通道', '环形缓冲区', '互斥锁', '条件变量', '运行时', '直接交接'])
      expect(zh).toContain(term);
  });
});

describe('the deadlocks, leaks and races lesson', () => {
  const bugs = (file: string) => lab('debugging/three-bugs', file);
  const check = () => bugs('check.ts');
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const DEADLOCK = 'no deadlock: two transfers never hold one lock each and wait for the other';
  const LEAK = 'no goroutine leaks per request: a lookup that answers after the deadline still ends';
  const LOST = 'no lost update: each of the 8 requests is counted once (no two handlers read the same count)';
  const printed = ['served 8 requests, 6 answered in time', 'hits: 8', 'credits: a 10, b 10'];
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name)?.detail;
  const page = () => pages('internals/deadlocks-leaks-and-races');
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) => {
    const items = run.report?.items ?? [];
    return `${items.filter((i) => i.pass).length}/${items.length}`;
  };

  it("shows Go's dumps: wait reasons in brackets, and who created each goroutine in which goroutine", () => {
    const handshake = snippet('deadlocks-leaks-and-races/handshake/main.go.out');
    expect(handshake).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(handshake).toMatch(/^goroutine 1 \[chan receive\]:$/m);
    expect(handshake).toMatch(/^goroutine \d+ \[select\]:$/m);
    expect(handshake).toContain('created by main.main in goroutine 1');
    const lockOrder = snippet('deadlocks-leaks-and-races/lock-order/main.go.out');
    expect(lockOrder.match(/^goroutine \d+ \[sync\.Mutex\.Lock\]:$/gm)).toHaveLength(2);
    expect(lockOrder).toMatch(/^goroutine 1 \[sync\.WaitGroup\.Wait\]:$/m);
    expect(lockOrder).toContain('internal/sync.runtime_SemacquireMutex(');
    const { en, zh } = page();
    for (const text of ['`[sync.Mutex.Lock]`', '`[select]`', '`created by main.main in goroutine 1`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('says the race detector reports the lost update with no lock and is silent under a split lock, which loses as many', () => {
    const noLock = snippet('deadlocks-leaks-and-races/no-lock/main.go.out');
    expect(noLock).toContain('WARNING: DATA RACE');
    expect(noLock).toMatch(/\nhits: 1 of 10\nFound \d+ data race\(s\)\nexit status 66\n$/);
    const split = snippet('deadlocks-leaks-and-races/split-lock/main.go.out');
    expect(split).toBe('$ go run -race .\nhits: 1 of 10\n');
    for (const dir of ['no-lock', 'split-lock']) {
      expect(snippet(`deadlocks-leaks-and-races/${dir}/main.out`)).toBe('hits: 1 of 10\n');
    }
    const { en, zh } = page();
    for (const text of ['`exit status 66`', '`hits: 1 of 10`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('passes the solution: 6 of 6 items, each bug explored under 50 schedules', async () => {
    const run = await runSnippet(bugs('solution/main.ts'), { check: check() });
    // Each of the three explorations shows its first schedule's output, as a plain run would.
    expect(lines(run)).toEqual([...printed, ...printed, ...printed]);
    expect(run.report?.passed).toBe(true);
    expect(tally(run)).toBe('6/6');
  });

  it('fails the starter on each of the three bugs, by its own item (0 of 6), though Run prints the right numbers', async () => {
    const starter = bugs('starter/main.ts');
    const sendLine = starter.split('\n').indexOf('    await reply.send(await lookup(user));') + 1;
    expect(lines(await runSnippet(starter))).toEqual(printed);
    const run = await runSnippet(starter, { check: check() });
    expect(failed(run)).toEqual([DEADLOCK, EXPLORED, LEAK, EXPLORED, LOST, EXPLORED]);
    expect(tally(run)).toBe('0/6');
    expect(detail(run, DEADLOCK)?.en).toMatch(
      /wait in \[sync\.Mutex\.Lock\], and two of them hold a lock: goroutine \d+ holds mutex \d and waits for mutex \d; goroutine \d+ holds mutex \d and waits for mutex \d\./,
    );
    expect(detail(run, LEAK)?.en).toContain(`were left in [chan send] at main.ts:${sendLine}`);
    expect(detail(run, LOST)?.en).toMatch(/the metrics feed has “hits: \d+ -> \d+” twice/);
    const { en, zh } = page();
    expect(en).toContain('`0/6`');
    expect(zh).toContain('`0/6`');
  });

  const fixed = {
    deadlock: [
      '  const [first, second] =\n    from.id < to.id ? [from, to] : [to, from];',
      '  const [first, second] = [from, to];',
    ],
    leak: ["  const reply = chan<string>(1, '');", "  const reply = chan<string>(0, '');"],
    lost: [
      `  await stats.mu.lock();
  try {
    const n = stats.hits;
    await metrics.send(\`hits: \${n} -> \${n + 1}\`);
    stats.hits = n + 1;
  } finally {
    stats.mu.unlock();
  }`,
      `  const n = stats.hits;
  await metrics.send(\`hits: \${n} -> \${n + 1}\`);
  stats.hits = n + 1;`,
    ],
  } as const;

  it.each([
    ['the lock order inversion', fixed.deadlock, DEADLOCK],
    ['the unbuffered reply channel', fixed.leak, LEAK],
    ['the unlocked read-await-write', fixed.lost, LOST],
  ] as const)(
    'fails a solution with only %s left by that item alone (4 of 6)',
    async (_, [from, to], item) => {
      const run = await runSnippet(rewrite(bugs('solution/main.ts'), from, to), { check: check() });
      expect(failed(run)).toEqual([item, EXPLORED]);
      expect(tally(run)).toBe('4/6');
    },
  );

  it('fails a count that locks the read and the write separately (a split lock, which go run -race accepts) by the lost update item', async () => {
    const split = rewrite(
      bugs('solution/main.ts'),
      fixed.lost[0],
      `  await stats.mu.lock();
  const n = stats.hits;
  stats.mu.unlock();
  await metrics.send(\`hits: \${n} -> \${n + 1}\`);
  await stats.mu.lock();
  stats.hits = n + 1;
  stats.mu.unlock();`,
    );
    const run = await runSnippet(split, { check: check() });
    expect(failed(run)).toEqual([LOST, EXPLORED]);
  });

  it('shows the leak in the plain run too: the late lookups are left in chan send when main returns', async () => {
    const run = await runSnippet(rewrite(bugs('solution/main.ts'), ...fixed.leak), { check: check() });
    expect(detail(run, LEAK)?.en).toMatch(/^2 goroutines \(/);
    const { en } = page();
    expect(en).toContain('`2 goroutines`');
  });
});

describe('the scheduler lesson', () => {
  const order = (file: string) => lab('scheduler/guaranteed-order', file);
  const check = () => order('check.ts');
  const slug = 'internals/scheduler';
  const explored = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const item = {
    exits: 'the program exits with status 0',
    order: 'it prints A, B, C and then done',
    clock:
      'the order comes from synchronisation, not from the clock: no goroutine sleeps or waits on a timer',
    leaks: 'no goroutine is left behind when main returns',
  };
  const lines = (run: Awaited<ReturnType<typeof runSnippet>>) => run.stdout.trimEnd().split('\n');
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name)?.detail;
  const startLoop = `    wg.go(() => {
      say(name);
    });`;

  it('passes the solution, a chain of closed channels, on every schedule (5 of 5)', async () => {
    const run = await runSnippet(order('solution/main.ts'), { check: check() });
    expect(lines(run)).toEqual(['A', 'B', 'C', 'done']);
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items).toHaveLength(5);
  });

  it('fails the starter on the order only: gort prints A, B, C by default, another schedule does not', async () => {
    expect(lines(await runSnippet(order('starter/main.ts')))).toEqual(['A', 'B', 'C', 'done']);
    const run = await runSnippet(order('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([item.order, explored]);
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(3);
    expect(detail(run, item.order)?.en).toMatch(/^this schedule printed (?!A, B, C, done)[ABC, ]+, done: /);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${item.order}\``);
    expect(zh).toContain('`依次打印 A、B、C，最后打印 done`');
  });

  it('fails ordering by sleeps on the clock item only: on the virtual clock the order itself holds', async () => {
    const sleeps = rewrite(
      rewrite(
        order('starter/main.ts'),
        "import { WaitGroup } from 'gort/sync';",
        "import { WaitGroup } from 'gort/sync';\nimport * as time from 'gort/time';",
      ),
      startLoop,
      `    const wait = (['A', 'B', 'C'].indexOf(name) + 1) * time.Millisecond;
    wg.go(async () => {
      await time.sleep(wait);
      say(name);
    });`,
    );
    expect(lines(await runSnippet(sleeps))).toEqual(['A', 'B', 'C', 'done']);
    const run = await runSnippet(sleeps, { check: check() });
    expect(failed(run)).toEqual([item.clock, explored]);
    expect(detail(run, item.clock)?.en).toContain('goroutine 2 slept 1 ms to wait for its turn');
    const { en, zh } = pages(slug);
    expect(en).toContain('`goroutine 2 slept 1 ms to wait for its turn`');
    expect(zh).toContain('`goroutine 2 睡了 1 毫秒来等自己的轮次`');
  });

  it('fails ordering by Gosched (B yields once, C twice) on the order: a yield is no synchronisation', async () => {
    const yields = rewrite(
      rewrite(
        order('starter/main.ts'),
        "import { main } from 'gort';",
        "import { gosched, main } from 'gort';",
      ),
      startLoop,
      `    const turns = ['A', 'B', 'C'].indexOf(name);
    wg.go(async () => {
      for (let i = 0; i < turns; i++) await gosched();
      say(name);
    });`,
    );
    expect(lines(await runSnippet(yields))).toEqual(['A', 'B', 'C', 'done']);
    const run = await runSnippet(yields, { check: check() });
    expect(failed(run)).toEqual([item.order, explored]);
  });

  it('passes a close before the print in gort, as the page admits: no await, so no switch between them', async () => {
    const early = rewrite(
      order('solution/main.ts'),
      '      say(name);\n      close(printed);',
      '      close(printed);\n      say(name);',
    );
    const run = await runSnippet(early, { check: check() });
    expect(run.report?.passed).toBe(true);
    const { en } = pages(slug);
    expect(en).toContain('Close the channel **before** `say(name)` in the solution. `gort` still passes');
  });

  it('shows gort running A, B, C first in, first out, and Go 1.26 with one P running C (runnext) first', async () => {
    const runNext = await runSnippet(snippet('scheduler/run-next/main.ts'));
    expect(lines(runNext)).toEqual(['goroutine A', 'goroutine B', 'goroutine C', 'main: done']);
    expect(snippet('scheduler/run-next/main.go.out')).toBe(
      '$ go run .\ngoroutine C\ngoroutine A\ngoroutine B\nmain: done\n',
    );
    const yielded = await runSnippet(snippet('scheduler/gosched/main.ts'));
    expect(lines(yielded)).toEqual(['goroutine A', 'goroutine B', 'goroutine C', 'main: after Gosched']);
    expect(snippet('scheduler/gosched/main.go.out')).toBe(
      '$ go run .\ngoroutine C\ngoroutine A\ngoroutine B\nmain: after Gosched\n',
    );
    const { en, zh } = pages(slug);
    for (const text of [
      '`runnext`',
      '`schedtick%61 == 0`',
      '`runq [256]guintptr`',
      '`n - n/2`',
      '`forcePreemptNS`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it.skipIf(!goToolchain().available)('cites the runtime functions it names, which exist in this Go', () => {
    const { en } = pages(slug);
    const toolchain = goToolchain();
    const goroot = toolchain.available ? toolchain.goroot : '';
    const proc = readFileSync(path.join(goroot, 'src/runtime/proc.go'), 'utf8');
    for (const fn of [
      'schedule',
      'findRunnable',
      'runqput',
      'runqget',
      'globrunqget',
      'stealWork',
      'runqgrab',
      'handoffp',
      'entersyscall',
      'exitsyscall',
      'preemptone',
      'retake',
      'sysmon',
      'goschedImpl',
      'newproc',
    ]) {
      expect(proc, fn).toMatch(new RegExp(`^func ${fn}\\(`, 'm'));
      expect(en, fn).toContain(`\`${fn}\``);
    }
  });
});

describe('the load balancing lesson', () => {
  const p2c = (file: string) => lab('services/power-of-two', file);
  const check = () => p2c('check.ts');
  const fewer = 'of the two picks, the one with fewer requests in flight gets the request';
  const distinct = 'the two picks are different replicas, even when both draws are equal';
  const edges = 'one replica is picked without drawing; no replicas throws Error("no replicas")';
  const p99 = "with one slow replica, power-of-two's p99 is at most half of round robin's";
  const explored = 'it holds in every order the Go scheduler may run the goroutines (5 schedules tried)';
  const page = () => pages('services/load-balancing');

  it('shows the experiment the snippet prints, and each number of its table on both pages', async () => {
    const out = snippet('load-balancing/experiment/main.out');
    const run = await runSnippet(snippet('load-balancing/experiment/main.ts'));
    expect(run.stdout).toBe(out);
    expect(out.split('\n').slice(1, 5)).toEqual([
      'round-robin       11ms    11ms  7.401s  8.101s     100',
      'random            21ms   301ms  7.701s  8.501s     103',
      'least-request     11ms    21ms   201ms   401ms      20',
      'peak-ewma         11ms    21ms    41ms   101ms       8',
    ]);
    const { en, zh } = page();
    for (const text of ['7.401s', '201ms', '41ms', '17.801s', '301ms', '7.501s']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it("draws its chart and table from the experiment's recorded output, on both pages", async () => {
    const { logFraction, parseLatencyTable } = await import('../../src/components/latency-table.ts');
    const rows = parseLatencyTable(snippet('load-balancing/experiment/main.out'));
    expect(rows.map((r) => [r.balancer, r.text.p99, r.ms.p99, r.toSlow])).toEqual([
      ['round-robin', '7.401s', 7401, 100],
      ['random', '7.701s', 7701, 103],
      ['least-request', '201ms', 201, 20],
      ['peak-ewma', '41ms', 41, 8],
    ]);
    expect(logFraction(10, 10, 10_000)).toBe(0);
    expect(logFraction(10_000, 10, 10_000)).toBe(1);
    const { en, zh } = page();
    for (const source of [en, zh]) expect(source).toMatch(/<LatencyChart out=\{experimentOut\} column="p99"/);
  });

  it('says one random choice leaves the busiest of 1000 replicas with 5 and 358 idle, two choices 3 and 245', () => {
    expect(snippet('load-balancing/balls-into-bins/main.out')).toBe(
      'random        busiest 5, idle 358\nleast-request busiest 3, idle 245\n',
    );
    const { en, zh } = page();
    for (const text of ['`5`', '`358`', '`3`', '`245`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it('says the solution passes every item', async () => {
    const run = await runSnippet(p2c('solution/main.ts'), { check: check() });
    expect(failed(run)).toEqual([]);
    expect(run.stdout).toContain('power-of-two  p50 11ms p99 201ms');
  });

  it('says the starter (the random balancer) fails the pick table and the p99', async () => {
    const run = await runSnippet(p2c('starter/main.ts'), { check: check() });
    expect(failed(run)).toEqual([fewer, distinct, edges, p99, explored]);
    expect(run.stdout).toContain('power-of-two  p50 21ms p99 7.701s');
  });

  it('says picking the busier of the two fails the in-flight item, the equal-draws cases (also decided by the comparison) and the p99', async () => {
    const source = rewrite(
      p2c('solution/main.ts'),
      'this.inFlight(second) < this.inFlight(first)',
      'this.inFlight(second) > this.inFlight(first)',
    );
    const run = await runSnippet(source, { check: check() });
    expect(failed(run)).toEqual([fewer, distinct, p99, explored]);
    expect(run.stdout).toContain('power-of-two  p50 41ms p99 17.801s');
  });

  it('says drawing the second pick from all n replicas fails the distinct item', async () => {
    const source = rewrite(
      p2c('solution/main.ts'),
      'let j = Math.floor(this.#random() * (n - 1));\n    if (j >= i) j++;',
      'const j = Math.floor(this.#random() * n);',
    );
    const run = await runSnippet(source, { check: check() });
    expect(failed(run)).toEqual([distinct, explored]);
    expect(run.stdout).toContain('power-of-two  p50 21ms p99 301ms');
  });

  it('says counting every request ever started (onEnd does nothing) fails the in-flight item and the p99', async () => {
    const source = rewrite(
      p2c('solution/main.ts'),
      'this.#inFlight.set(e.id, this.inFlight(e) - 1);',
      '// counts all requests',
    );
    const run = await runSnippet(source, { check: check() });
    expect(failed(run)).toEqual([fewer, p99, explored]);
    expect(run.stdout).toContain('power-of-two  p50 21ms p99 7.501s');
  });
});

describe('the calling services lesson', () => {
  const db = (file: string) => lab('services/deadline-budget', file);
  const slug = 'services/calling-services';
  const LOADS = 'shop.ts exports startShop(log)';
  const EXITS = 'the program exits with status 0';
  const FAST = 'GET /orders/1 with a 200ms deadline still answers 200 at 160ms with the user and the item';
  const SLOW =
    'when a callee is too slow, orders answers 504 at its deadline: GET /orders/2 (slow catalog) at 200ms, GET /orders/1 with a 30ms deadline (users, which ignores deadlines, takes 40ms) at 30ms';
  const CANCELLED =
    "the catalog's context is cancelled at the deadline on GET /orders/2: it heard of the deadline";
  const NO_WORK = 'the catalog does no work after its caller’s deadline (200ms; 30ms)';
  const LEAKS = 'no goroutine is left behind when main returns';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  /** The lab with `shop` as the learner's shop.ts (main.ts is the bench), checked. */
  const runWith = (shop: string) =>
    runSnippet(db('solution/main.ts'), {
      files: { 'shop.ts': shop },
      services: true,
      check: db('check.ts'),
    });
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;
  const detailZh = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.['zh-cn'];
  /** The check's words, as each page quotes them (in backticks; double ones around inner code). */
  const quoted = (en: string, zh: string) => {
    const { en: enPage, zh: zhPage } = pages(slug);
    const q = (t: string) => (t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``);
    expect(enPage).toContain(q(en));
    expect(zhPage).toContain(q(zh));
  };

  it('says the budget snippet sends 150 after 50ms spent and the callee stops after 150ms', () => {
    const out = snippet('calling-services/budget/main.out');
    expect(out).toBe('x-mesh-deadline-ms: 150\ncallee: context deadline exceeded after 150ms\n');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain('`150ms`');
  });

  it('says the RPC program gets an rpc.ServerError from the server and rpc.ErrShutdown after Close', () => {
    const out = snippet('calling-services/rpc/main.out');
    expect(out).toContain('wire: {"method":"Catalog.Get","params":[{"ID":1}],"id":0}');
    expect(out).toContain('err = no item 2 (rpc.ServerError: true)');
    expect(out).toContain('(rpc.ErrShutdown: true)');
  });

  it('says the solution sends 160 to the catalog, which stops at 200ms with orders, and passes 8 of 8', async () => {
    const run = await runWith(db('solution/shop.ts'));
    expect(run.stdout).toContain('[slow]  40ms   catalog <- GET /items/2 (x-mesh-deadline-ms: 160)\n');
    expect(run.stdout).toContain('[slow]  200ms  catalog: stopped (context deadline exceeded)\n');
    expect(run.stdout).toContain('[slow]  200ms  client <- 504 {"error":"context deadline exceeded"}\n');
    expect(run.stdout).toContain('[tight] 30ms   client <- 504 {"error":"context deadline exceeded"}\n');
    expect(run.stdout).toContain('[tight] 40ms   users: found Ada\n');
    expect(run.stdout).toContain('[fast]  160ms  client <- 200');
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items.map((i) => i.name.en)).toEqual([
      LOADS,
      EXITS,
      FAST,
      SLOW,
      CANCELLED,
      NO_WORK,
      LEAKS,
      EXPLORED,
    ]);
  });

  it('says the starter answers 504 only at 640ms while the catalog works on, and passes 4 of 8', async () => {
    const run = await runWith(db('starter/shop.ts'));
    expect(run.stdout).toContain('[slow]  280ms  catalog: /items/2 step 2/5\n');
    expect(run.stdout).toContain('[slow]  640ms  catalog: /items/2 step 5/5\n');
    expect(run.stdout).toContain('[slow]  640ms  client <- 504');
    expect(failed(run)).toEqual([SLOW, CANCELLED, NO_WORK, EXPLORED]);
    expect(run.report?.items.filter((i) => i.pass)).toHaveLength(4);
    const late = [
      'orders answered 504 only at 640ms, 440ms after its deadline',
      'orders 直到 640ms 才回答 504，比截止时间晚了 440ms',
    ] as const;
    expect(detail(run, SLOW)).toContain(late[0]);
    expect(detailZh(run, SLOW)).toContain(late[1]);
    quoted(...late);
    expect(detail(run, CANCELLED)).toContain('never heard of the deadline');
  });

  it('fails ctx without the header (orders stops waiting, the catalog never hears of it) on the cancellation and the late work', async () => {
    const src = db('solution/shop.ts').replaceAll('headers: budget(ctx)', 'headers: {}');
    expect(src).not.toContain('headers: budget(ctx)');
    const run = await runWith(src);
    expect(run.stdout).toContain('[slow]  200ms  client <- 504');
    expect(run.stdout).toContain('[slow]  640ms  catalog: /items/2 step 5/5\n');
    expect(failed(run)).toEqual([CANCELLED, NO_WORK, EXPLORED]);
    const step = [
      'at 280ms the shop logged `catalog: /items/2 step 2/5`',
      '在 280ms 还记下了 `catalog: /items/2 step 2/5`',
    ] as const;
    expect(detail(run, NO_WORK)).toContain(step[0]);
    expect(detailZh(run, NO_WORK)).toContain(step[1]);
    quoted(...step);
  });

  it('fails passing on the deadline the request came with instead of what remains: the catalog stops only at 240ms', async () => {
    const src = rewrite(
      db('solution/shop.ts'),
      '{ signal: ctx.signal, headers: budget(ctx) },',
      "{ signal: ctx.signal, headers: { [DEADLINE_HEADER]: req.header(DEADLINE_HEADER) ?? '' } },",
    );
    const run = await runWith(src);
    expect(run.stdout).toContain('[slow]  40ms   catalog <- GET /items/2 (x-mesh-deadline-ms: 200)\n');
    expect(failed(run)).toEqual([NO_WORK, EXPLORED]);
    const quote = [
      'only at 240ms, 40ms after the caller gave up',
      '直到 240ms 才出现 `catalog: stopped (context deadline exceeded)`，比调用方放弃晚了 40ms',
    ] as const;
    expect(detail(run, NO_WORK)).toContain(quote[0]);
    expect(detailZh(run, NO_WORK)).toContain(quote[1]);
    quoted(...quote);
  });

  it('fails the header without ctx: orders waits for users, which ignores it, and calls the catalog after its deadline', async () => {
    const src = db('solution/shop.ts').replaceAll('signal: ctx.signal,', '');
    expect(src).not.toContain('ctx.signal');
    const run = await runWith(src);
    expect(run.stdout).toContain('[tight] 40ms   catalog <- GET /items/1 (x-mesh-deadline-ms: 0)\n');
    expect(failed(run)).toEqual([SLOW, NO_WORK, EXPLORED]);
    const waited = [
      'orders answered 504 only at 40ms, 10ms after its deadline',
      'orders 直到 40ms 才回答 504，比截止时间晚了 10ms',
    ] as const;
    expect(detail(run, SLOW)).toContain(waited[0]);
    expect(detailZh(run, SLOW)).toContain(waited[1]);
    quoted(...waited);
    expect(detail(run, NO_WORK)).toContain(
      'orders called the catalog at 40ms, after its own deadline had passed at 30ms',
    );
  });
});

describe('the monolith-to-services lesson', () => {
  const shop = (file: string) => lab('services/extract-catalog', file);
  const check = () => shop('check.ts');
  const asService = { clock: 'real', services: true } as const;
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) =>
    `${run.report?.items.filter((i) => i.pass).length}/${run.report?.items.length}`;
  const TRAFFIC = 'orders asked the catalog over HTTP, through the mesh client (traffic orders → catalog)';
  const DOWN = 'with the catalog down, POST /orders answers 503 {"error":"catalog unavailable"}';
  const UNKNOWN = 'an order for a product the catalog does not know answers 422 {"error":"unknown product"}';
  const call = `    let res;
    try {
      res = await mesh.get(
        'catalog',
        \`/products/\${productId}\`,
      );
    } catch {
      return json(503, { error: 'catalog unavailable' });
    }
    if (res.status === 404) {
      return json(422, { error: 'unknown product' });
    }
    if (res.status !== 200) {
      return json(503, { error: 'catalog unavailable' });
    }
    const product = await res.json<Product>();`;

  it('says the snippet orders 2 mugs (2400), is told 422 for an unknown product and 503 with the catalog down', async () => {
    const run = await runSnippet(snippet('monolith-to-services/split/main.ts'), {
      clock: 'real',
      services: true,
    });
    expect(run.stdout).toBe(snippet('monolith-to-services/split/main.out'));
    const { en, zh } = pages('services/monolith-to-services');
    for (const text of [en, zh]) {
      expect(text).toContain('`422 {"error":"unknown product"}`');
      expect(text).toContain('`503 {"error":"catalog unavailable"}`');
    }
  });

  it("says the starter gives the monolith's answers but fails the traffic and the catalog-down items (7/9)", async () => {
    const run = await runSnippet(shop('starter/main.ts'), { ...asService, check: check() });
    expect(failed(run)).toEqual([TRAFFIC, DOWN]);
    expect(tally(run)).toBe('7/9');
    const zh = await runSnippet(shop('starter.zh-cn/main.ts'), { ...asService, check: check() });
    expect(failed(zh)).toEqual([TRAFFIC, DOWN]);
  });

  it('says the solution passes every item (9/9)', async () => {
    const run = await runSnippet(shop('solution/main.ts'), { ...asService, check: check() });
    expect(failed(run)).toEqual([]);
    expect(tally(run)).toBe('9/9');
  });

  it('fails orders that calls the catalog (the traffic is there) but still takes the price from a shared map by the catalog-down item', async () => {
    const solution = shop('solution/main.ts');
    const shared = rewrite(
      rewrite(solution, 'function catalogService(): Router {\n  const products', 'const products'),
      "  ]);\n  const r = new Router();\n  r.get('/products/{id}'",
      "  ]);\n\nfunction catalogService(): Router {\n  const r = new Router();\n  r.get('/products/{id}'",
    );
    const run = await runSnippet(
      rewrite(
        shared,
        call,
        `    await mesh.get('catalog', \`/products/\${productId}\`).catch(() => null);
    const product = products.get(productId);
    if (product === undefined) {
      return json(422, { error: 'unknown product' });
    }`,
      ),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([DOWN]);
  });

  it("fails orders that swallows the catalog's errors into an order (201) by the unknown-product and catalog-down items", async () => {
    const run = await runSnippet(
      rewrite(
        shop('solution/main.ts'),
        call,
        `    let product: Product = { id: productId, name: '', price: 0 };
    try {
      const res = await mesh.get('catalog', \`/products/\${productId}\`);
      if (res.ok) product = await res.json<Product>();
    } catch {
      // the catalog is down: sell it for nothing
    }`,
      ),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([UNKNOWN, DOWN]);
  });

  it('fails orders that calls the catalog with a plain request(), outside the mesh client, by the traffic item', async () => {
    const solution = rewrite(
      shop('solution/main.ts'),
      "res = await mesh.get(\n        'catalog',\n        `/products/${productId}`,\n      );",
      'res = await request(`${catalogUrl}/products/${productId}`);',
    );
    const run = await runSnippet(
      rewrite(
        rewrite(
          rewrite(solution, '  json,\n  listenAndServe,', '  json,\n  listenAndServe,\n  request,'),
          'function ordersService(mesh: ServiceClient): Router {',
          'let catalogUrl = "";\nfunction ordersService(mesh: ServiceClient): Router {\n  void mesh;',
        ),
        "  const catalog = await serve('catalog', catalogService());",
        "  const catalog = await serve('catalog', catalogService());\n  catalogUrl = catalog.url;",
      ),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([TRAFFIC]);
  });
});

describe("the scheduler lesson's run-queue model", () => {
  const slug = 'internals/scheduler';
  const shown = async (dir: string) => {
    const { recordRunQueue } = await import('../../src/components/run-queue-record.ts');
    const { buildPackagesInMemory } = await import('../lab/helpers.ts');
    return recordRunQueue(snippet(`${dir}/main.ts`), { name: dir, packages: await buildPackagesInMemory() });
  };
  /** "step 4" as the page writes it, a line break allowed between the words. */
  const step = (n: number) => new RegExp(`step\\s+${n}\\b`);
  const 步 = (n: number) => new RegExp(`第 ${n} 步`);

  it('cites the steps of run-next where G2 and G3 are kicked, G4 runs from runnext (gort: G2) and main is woken', async () => {
    const { model } = await shown('scheduler/run-next');
    const at = (n: number) => model.steps[n - 1];
    expect(at(4)?.effects).toEqual([{ kind: 'kicked', g: 2 }]);
    expect(at(5)?.effects).toEqual([{ kind: 'kicked', g: 3 }]);
    expect(at(7)?.switch).toMatchObject({ p: { g: 4, from: 'runnext' }, gort: 2 });
    expect(at(12)?.event).toEqual({ kind: 'ready', g: 1, by: 3 });
    const { en, zh } = pages(slug);
    for (const n of [4, 5, 7, 12]) {
      expect(en).toMatch(step(n));
      expect(zh).toMatch(步(n));
    }
    expect(en).toContain('Under it `gort` prints C, A, B, as Go does');
    expect(zh).toContain('在这个调度下 `gort` 打印 C、A、B，和 Go 一样');
  });

  it('cites the steps of gosched where main goes to the global queue and comes back by globrunqgetbatch', async () => {
    const { model } = await shown('scheduler/gosched');
    const at = (n: number) => model.steps[n - 1];
    expect(at(6)?.event).toEqual({ kind: 'yield', g: 1 });
    expect(at(6)?.state.global).toEqual([1]);
    expect(at(7)?.switch?.p).toMatchObject({ g: 4, from: 'runnext' });
    expect(at(13)?.switch?.p).toMatchObject({ g: 1, from: 'global-batch' });
    const { en, zh } = pages(slug);
    for (const n of [6, 7, 13]) {
      expect(en).toMatch(step(n));
      expect(zh).toMatch(步(n));
    }
  });

  it.skipIf(!goToolchain().available)(
    'names the proc.go functions the model follows, which exist in this Go',
    () => {
      const toolchain = goToolchain();
      const proc = readFileSync(
        path.join(toolchain.available ? toolchain.goroot : '', 'src/runtime/proc.go'),
        'utf8',
      );
      const { en, zh } = pages(slug);
      for (const fn of [
        'newproc',
        'runqput',
        'ready',
        'schedule',
        'findRunnable',
        'runqget',
        'execute',
        'globrunqgetbatch',
        'goschedImpl',
        'globrunqput',
      ]) {
        expect(proc, fn).toMatch(new RegExp(`^func ${fn}\\(`, 'm'));
        expect(en, fn).toContain(`\`${fn}\``);
        expect(zh, fn).toContain(`\`${fn}\``);
      }
      expect(en).toContain('`runqput(pp, newg, true)`');
      expect(proc).toContain('runqput(pp, newg, true)');
      expect(proc).toContain('pp.schedtick%61 == 0');
    },
  );
});

describe('the resilience lesson', () => {
  const bad = (file: string) => lab('operations/bad-replica', file);
  const slug = 'operations/resilience';
  const asService = { services: true } as const;
  const BENCH =
    'the bench ran: 1000 requests with one replica of three hung, then 1000 with every replica failing';
  const SUCCESS = 'at least 99.9% of the 1000 requests succeed (at most 1 may fail)';
  const LOAD = 'retries add at most 5% to the load on inventory';
  const SLOWEST = 'shop answers every request within 1s';
  const STORM = 'while every replica fails, retries add at most 50% to the load';
  const EXITS = 'the program exits with status 0';
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en;
  const detailZh = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.['zh-cn'];
  const checkRun = (source: string) => runSnippet(source, { ...asService, check: bad('check.ts') });
  const withCalls = (from: string, to: string) => rewrite(bad('solution/main.ts'), from, to);
  const RETRY = '  retry: { maxRetries: 2, perTryTimeoutMs: 100 },\n';

  it('says a try on the hung replica without its own deadline uses the whole second, and a per-try timeout answers at 105ms', () => {
    expect(snippet('resilience/per-try/main.out')).toBe(
      'no per-try timeout: 504 after 1s, tries: 1\nper-try timeout 100ms: 200 after 105ms, tries: 2\n',
    );
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`504 after 1s, tries: 1`');
      expect(page).toContain('`200 after 105ms`');
    }
  });

  it('says retrying at once gives up all 100 callers, exponential backoff 40 (180 turned away), full jitter none by 287ms', () => {
    expect(snippet('resilience/jitter/main.out').split('\n').slice(1, 4)).toEqual([
      'at once           100                -             0',
      'exponential        40                -           180',
      'full jitter         0            287ms             0',
    ]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of ['`100`', '`40`', '`180`', '`287ms`']) expect(page).toContain(text);
    }
  });

  it('says three hops of three tries make 27 tries at the bottom, and budgets at every hop 2.5x (700, 940, 1228)', () => {
    expect(snippet('resilience/storm/main.out').split('\n').slice(1, 5)).toEqual([
      'nobody                     500     500        500         1.0x',
      'the client                1500    1500       1500         3.0x',
      'every hop                 1500    4500      13500        27.0x',
      'every hop, budgets         700     940       1228         2.5x',
    ]);
    // Each hop adds its floor of 100 retries plus 20% of what it received (5 s of traffic < 10 s ttl).
    expect(500 + 100 + 0.2 * 500).toBe(700);
    expect(700 + 100 + 0.2 * 700).toBe(940);
    expect(940 + 100 + 0.2 * 940).toBe(1228);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of ['`13500`', '`500`', '`27.0x`', '`700`', '`940`', '`1228`', '`2.5x`']) {
        expect(page).toContain(text);
      }
    }
  });

  it('quotes each number of the seven-caller experiment the snippet prints, on both pages', () => {
    expect(snippet('resilience/experiment/main.out').split('\n').slice(1, 8)).toEqual([
      'timeout 1s         66.70%      +0.00%     1s       +0.00%',
      '+ 2 retries        66.70%      +0.00%     1s     +200.00%',
      '+ per-try 100ms   100.00%     +33.80%  129ms     +200.00%',
      '+ retry budget     96.90%     +30.30%  128ms      +31.90%',
      '+ ejection        100.00%      +0.60%    5ms      +30.00%',
      'ejection alone     96.20%      +0.00%     1s       +0.00%',
      'breaker alone      66.70%      +0.00%     1s      -99.90%',
    ]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of [
        '`66.70%`',
        '`+200.00%`',
        '`100.00%`',
        '`129ms`',
        '`+33.80%`',
        '`+31.90%`',
        '`96.90%`',
        '`+0.60%`',
        '`5ms`',
        '`+30.00%`',
        '`96.20%`',
        '`-99.90%`',
      ]) {
        expect(page).toContain(text);
      }
    }
  });

  it("draws its chart and table from the experiment's recorded output, on both pages", async () => {
    const { linearFraction, parseResilienceTable } = await import('../../src/components/resilience-table.ts');
    const rows = parseResilienceTable(snippet('resilience/experiment/main.out'));
    expect(rows.map((r) => [r.caller, r.success, r.extraLoad, r.text.p99, r.allFailing])).toEqual([
      ['timeout 1s', 66.7, 0, '1s', 0],
      ['+ 2 retries', 66.7, 0, '1s', 200],
      ['+ per-try 100ms', 100, 33.8, '129ms', 200],
      ['+ retry budget', 96.9, 30.3, '128ms', 31.9],
      ['+ ejection', 100, 0.6, '5ms', 30],
      ['ejection alone', 96.2, 0, '1s', 0],
      ['breaker alone', 66.7, 0, '1s', -99.9],
    ]);
    expect(() => parseResilienceTable('caller\nno numbers here\n')).toThrow(/no numbers here/);
    expect(linearFraction(-100, -100, 200)).toBe(0);
    expect(linearFraction(50, -100, 200)).toBe(0.5);
    expect(linearFraction(300, -100, 200)).toBe(1);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toMatch(/<ResilienceChart out=\{experimentOut\} /);
  });

  it('says the breaker opened only as the first part ended and failed the outage fast after its probe', async () => {
    // The breaker-alone row, with the breaker's state read where the page tells its story.
    const source = rewrite(
      rewrite(
        snippet('resilience/experiment/main.ts'),
        '  const extra = tries / 1000 - 1;\n',
        '  const extra = tries / 1000 - 1;\n  console.log(`part 1: ${shop.breaker?.state} ${shop.metrics.circuitOpens}`);\n',
      ),
      '  const storm = tries / 1000 - 1;\n',
      '  const storm = tries / 1000 - 1;\n  console.log(`outage: ${shop.breaker?.state} ${shop.metrics.circuitOpens}`);\n',
    ).replace(/for \(const \[name, c\] of callers\) \{/, 'for (const [name, c] of callers.slice(6)) {');
    const run = await runSnippet(source);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual([
      'part 1: open 1',
      'outage: open 2',
      'breaker alone      66.70%      +0.00%     1s      -99.90%',
    ]);
  });

  it('says the solution survives: 1000 of 1000, +0.60% load, slowest 124ms, +30.00% in the bad deploy, 6 of 6', async () => {
    const run = await checkRun(bad('solution/main.ts'));
    expect(run.stdout).toContain('1000 of 1000 (100.00%)');
    expect(run.stdout).toContain('1006 (+0.60% load)');
    expect(run.stdout).toContain('slowest    124ms');
    expect(run.stdout).toContain('1300 (+30.00% load)');
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items.map((i) => i.name.en)).toEqual([BENCH, SUCCESS, LOAD, SLOWEST, STORM, EXITS]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of [
        '`1000 of 1000 (100.00%)`',
        '`1006 (+0.60% load)`',
        '`124ms`',
        '`1300 (+30.00% load)`',
      ]) {
        expect(page).toContain(text);
      }
    }
  });

  it('says the starter (the overall timeout only) fails the success item, every hung try waiting 1s', async () => {
    const run = await checkRun(bad('starter/main.ts'));
    expect(run.stdout).toContain('succeeded  667 of 1000 (66.70%)');
    expect(run.stdout).toContain('replicas   334 tries | 333 tries | 333 tries (hung)');
    expect(failed(run)).toEqual([SUCCESS]);
    const hint = 'every try on the hung replica waited 1s and no call was retried';
    expect(detail(run, SUCCESS)).toContain(hint);
    expect(detailZh(run, SUCCESS)).toContain('落到卡死副本上的每次尝试都等了 1s，而且没有一个调用被重试');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`667 of 1000 (66.70%)`');
      expect(page).toContain('`334 tries | 333 tries | 333 tries (hung)`');
    }
  });

  it('fails a caller without perTryTimeoutMs on the success item: 38 calls fail before the ejection, none retried', async () => {
    const run = await checkRun(withCalls(RETRY, '  retry: { maxRetries: 2 },\n'));
    expect(run.stdout).toContain('962 of 1000');
    expect(failed(run)).toEqual([SUCCESS]);
    const quote = 'every try on the hung replica waited 1s and no call was retried';
    const quoteZh = '落到卡死副本上的每次尝试都等了 1s，而且没有一个调用被重试';
    expect(detail(run, SUCCESS)).toContain(quote);
    expect(detailZh(run, SUCCESS)).toContain(quoteZh);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) expect(page).toContain('`962 of 1000`');
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`“${quoteZh}”`);
  });

  it('fails a caller with budget: null on the storm item only: 3000 tries for 1000 requests', async () => {
    const run = await checkRun(
      withCalls(RETRY, '  retry: { maxRetries: 2, perTryTimeoutMs: 100, budget: null },\n'),
    );
    expect(failed(run)).toEqual([STORM]);
    const quote = '3000 tries for 1000 requests (+200.00%)';
    const quoteZh = '1000 个请求产生了 3000 次尝试（+200.00%）';
    expect(detail(run, STORM)).toContain(quote);
    expect(detailZh(run, STORM)).toContain(quoteZh);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${quoteZh}\``);
  });

  it('fails a caller without outlier ejection on the success and the load items: 969 of 1000, +30.30%', async () => {
    const run = await checkRun(withCalls('  outlier: { consecutive5xx: 5 },\n', ''));
    expect(run.stdout).toContain('969 of 1000');
    expect(failed(run)).toEqual([SUCCESS, LOAD]);
    expect(detail(run, LOAD)).toContain('(+30.30%)');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`969 of 1000`');
      expect(page).toContain('`+30.30%`');
    }
  });
});

describe('the rate limiting lesson', () => {
  // The front-door lab has two files (main.ts imports limit.ts), so it runs through runLab with its
  // files given, on gomesh's in-memory network like the service snippets, with its own packages.
  const door = (file: string) => lab('operations/front-door', file);
  const page = () => pages('operations/rate-limiting');
  const BUCKET = 'the service never gets more than b + r·t requests in t seconds (the token bucket)';
  const QUEUE = 'at most `queue` requests wait at any moment (a bounded queue)';
  const FULL = 'a request is turned away only when `queue` requests already wait';
  const WAITS = 'no request waits longer than queue / r for the service';
  const ANSWERED = 'every request is answered: 200 from the service, or 429 from the front door';
  const GIVEN = 'every 429 carries Retry-After, in whole seconds (at least 1)';
  const HONEST = 'Retry-After is honest: a retry that waits that long is admitted';
  const SHORT =
    'Retry-After is no longer than needed: the wait until the queue has room, rounded up to a second';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (4 schedules tried)';
  let packages: Awaited<ReturnType<typeof import('../lab/helpers.ts').buildPackagesInMemory>>;
  beforeAll(async () => {
    packages = await (await import('../lab/helpers.ts')).buildPackagesInMemory();
  }, 120_000);

  async function frontDoor(limitTs: string, mode: 'run' | 'check') {
    const { loadLab } = await import('../../src/lab/load.ts');
    const { runLab } = await import('../../src/lab/runners/node.ts');
    const loaded = await loadLab(path.join(labsDir, 'operations/front-door'));
    let stdout = '';
    const { result, report } = await runLab(loaded, {
      mode,
      files: { 'main.ts': door('solution/main.ts'), 'limit.ts': limitTs },
      packages,
      net: 'memory',
      onText: (text, stream) => {
        if (stream === 'stdout') stdout += text;
      },
    });
    const failures = report?.items.filter((i) => !i.pass) ?? [];
    return {
      stdout,
      exitCode: result.exitCode,
      failed: failures.map((i) => i.name.en),
      details: failures.map((i) => i.detail?.en ?? ''),
    };
  }

  it('shows what the token bucket lets through: 5 at once, then one per 100ms, 10 by 500ms', async () => {
    const out = snippet('rate-limiting/bucket/main.out');
    expect((await runSnippet(snippet('rate-limiting/bucket/main.ts'))).stdout).toBe(out);
    expect(out.split('\n')[1]).toBe('0s        8         5      5.0');
    expect(out.split('\n')[11]).toBe('500ms    18        10     10.0');
    const { en, zh } = page();
    expect(en).toContain('at 500ms 18 were sent and `10` admitted, exactly ⌊5 + 10 × 0.5⌋');
    expect(zh).toContain('到 500ms 时发出了 18 个，放行了 `10` 个，正好是 ⌊5 + 10 × 0.5⌋');
  });

  it('shows the service answering the burst of 3 with 200 and the rest with 429 and Retry-After: 2', async () => {
    const out = snippet('rate-limiting/service/main.out');
    expect((await runSnippet(snippet('rate-limiting/service/main.ts'))).stdout).toBe(out);
    expect(out).toBe('200 hello\n200 hello\n200 hello\n429 Retry-After: 2\n429 Retry-After: 2\n');
    const { en, zh } = page();
    expect(en).toContain('the fourth and fifth are told to come back in `2` seconds');
    expect(zh).toContain('第四、第五个被告知 `2` 秒后再来');
  });

  it('says the seeded burst has 131 requests, and quotes the table of the three front doors', async () => {
    const out = snippet('rate-limiting/shed-or-queue/main.out');
    const source = snippet('rate-limiting/shed-or-queue/main.ts');
    expect((await runSnippet(source)).stdout).toBe(out);
    expect(out.split('\n').slice(1, 4)).toEqual([
      'queue-all   3.346s  4.904s  5.425s  5.509s       0',
      'queue-10     247ms   997ms  1.009s  1.009s      45',
      'shed          10ms    10ms    10ms    10ms      55',
    ]);
    const counted = await runSnippet(
      rewrite(
        source,
        '  const arrivals = traffic();\n',
        '  const arrivals = traffic();\n  console.log(arrivals.length);\n',
      ),
    );
    expect(counted.stdout.split('\n')[0]).toBe('131');
    const { en, zh } = page();
    expect(en).toContain('one seeded burst of 131 requests in 10 seconds');
    expect(zh).toContain('10 秒内 131 个请求');
    for (const text of ['**3.346s**', '**5.509s**', '**45**', '**1.009s**', '**55**', '**10ms**']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
    expect(en).toContain('Only 10 more requests are turned away without the queue than with it');
    expect(zh).toContain('不排队只比排 10 个多拒绝了 10 个请求');
  });

  it("draws its chart from the experiment's recorded output, on both pages", async () => {
    const { parseLatencyTable } = await import('../../src/components/latency-table.ts');
    const rows = parseLatencyTable(snippet('rate-limiting/shed-or-queue/main.out'));
    expect(rows.map((r) => [r.balancer, r.text.p99, r.ms.p99, r.toSlow])).toEqual([
      ['queue-all', '5.425s', 5425, 0],
      ['queue-10', '1.009s', 1009, 45],
      ['shed', '10ms', 10, 55],
    ]);
    const { en, zh } = page();
    for (const source of [en, zh]) expect(source).toMatch(/<LatencyChart out=\{shedOut\} column="p99"/);
  });

  it('says the starter queues everyone: 35 waiting, the last after 3.536s, and fails the queue, the wait and the Retry-After items', async () => {
    const ran = await frontDoor(door('starter/limit.ts'), 'run');
    expect(ran.exitCode).toBe(0);
    expect(ran.stdout).toContain('   2s       60        25       35            0\n');
    expect(ran.stdout).toContain('60 requests: 60 admitted, 0 turned away, the longest wait 3.536s');
    const checked = await frontDoor(door('starter/limit.ts'), 'check');
    expect(checked.failed).toEqual([QUEUE, WAITS, HONEST, SHORT, EXPLORED]);
    expect(checked.details[0]).toContain('19 requests were waiting at 0s; the queue holds 10');
    expect(checked.details[1]).toContain(
      'waited 1.6s for the service; a queue of 10 at 10/s is a wait of at most 1s',
    );
    const { en, zh } = page();
    for (const source of [en, zh]) {
      expect(source).toContain('`35`');
      expect(source).toContain('`60 requests: 60 admitted, 0 turned away, the longest wait 3.536s`');
      expect(source).toContain('`19 requests were waiting at 0s; the queue holds 10`');
      expect(source).toContain('1.6s');
    }
    const { instructions } = JSON.parse(door('lab.json')) as { instructions: Record<string, string> };
    expect(instructions['en']).toContain('35 requests end up waiting and the last one waits 3.536s');
    expect(instructions['zh-cn']).toContain('最多时有 35 个请求在排队，最后一个等了 3.536s');
  });

  it("says the solution passes every item, prints what the Go twin prints, and reports the check's tally", async () => {
    const ran = await frontDoor(door('solution/limit.ts'), 'run');
    expect(ran.stdout).toBe(snippet('labs/operations/front-door/solution.out'));
    const line = '60 requests: 34 admitted, 26 turned away (429, Retry-After 1), the longest wait 1s';
    expect(ran.stdout).toContain(line);
    const checked = await frontDoor(door('solution/limit.ts'), 'check');
    expect(checked.failed).toEqual([]);
    const tally = '45 requests in a burst — 5 admitted at once, 29 after waiting, 11 turned away';
    expect(checked.stdout).toContain(tally);
    const { en, zh } = page();
    for (const source of [en, zh]) {
      expect(source).toContain(`\`${line}\``);
      expect(source).toContain(`\`${tally}\``);
    }
  });

  it('says leaving out cancel() turns 30 away instead of 11 and fails the full-queue and honest items (and the slow setting is told 9s, not 2)', async () => {
    const checked = await frontDoor(
      rewrite(door('solution/limit.ts'), 'token.cancel(); // it will not wait: give it back', '// kept'),
      'check',
    );
    expect(checked.failed).toEqual([FULL, HONEST, SHORT, EXPLORED]);
    expect(checked.stdout).toContain(
      '45 requests in a burst — 5 admitted at once, 10 after waiting, 30 turned away',
    );
    expect(checked.details[0]).toContain('at 173ms while only 9 waited in a queue of 10');
    expect(checked.details[1]).toContain(
      'the retry sent 1s after a 429 with Retry-After: 1 was answered 429',
    );
    const { en, zh } = page();
    for (const source of [en, zh]) {
      expect(source).toContain('**30**');
      expect(source).toContain('`at 173ms while only 9 waited in a queue of 10`');
    }
  });

  it('says >= instead of > holds one request less and fails the full-queue item', async () => {
    const checked = await frontDoor(
      rewrite(door('solution/limit.ts'), 'if (token.delayMs > maxWait) {', 'if (token.delayMs >= maxWait) {'),
      'check',
    );
    expect(checked.failed).toEqual([FULL, EXPLORED]);
    expect(checked.details[0]).toContain('turned away at 0s while only 9 waited');
    const { en, zh } = page();
    for (const source of [en, zh]) expect(source).toContain('`turned away at 0s while only 9 waited`');
  });

  it('says the whole wait as Retry-After is honest but says 2 where 1 is enough', async () => {
    const checked = await frontDoor(
      rewrite(door('solution/limit.ts'), 'token.delayMs - maxWait,', 'token.delayMs,'),
      'check',
    );
    expect(checked.failed).toEqual([SHORT, EXPLORED]);
    expect(checked.details[0]).toContain('so Retry-After: 1, not 2');
  });

  it('fails a front door that lets everything through by the bucket item, and one that answers 429 without Retry-After by the Retry-After items', async () => {
    const open = await frontDoor(
      rewrite(door('starter/limit.ts'), '    await time.sleep(token.delayMs);\n', '    void token;\n'),
      'check',
    );
    expect(open.failed.slice(0, 1)).toEqual([BUCKET]);
    const silent = await frontDoor(
      rewrite(
        rewrite(
          door('solution/limit.ts'),
          "import { RateLimitedError, type Layer } from 'gomesh';",
          "import { text, type Layer } from 'gomesh';",
        ),
        "throw new RateLimitedError(\n        'api',\n        token.delayMs - maxWait,\n      );",
        "return text(429, 'too many requests\\n');",
      ),
      'check',
    );
    expect(silent.failed).toEqual([GIVEN, HONEST, SHORT, EXPLORED]);
    const unavailable = await frontDoor(
      rewrite(
        rewrite(
          door('solution/limit.ts'),
          "import { RateLimitedError, type Layer } from 'gomesh';",
          "import { text, type Layer } from 'gomesh';",
        ),
        "throw new RateLimitedError(\n        'api',\n        token.delayMs - maxWait,\n      );",
        "return text(503, 'busy\\n');",
      ),
      'check',
    );
    expect(unavailable.failed.slice(0, 1)).toEqual([ANSWERED]);
  });
});

describe('the observability lesson', () => {
  const shop = (file: string) => lab('operations/instrument-shop', file);
  const check = () => shop('check.ts');
  const asService = { services: true } as const;
  const page = () => pages('operations/observability');
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) =>
    `${run.report?.items.filter((i) => i.pass).length}/${run.report?.items.length}`;
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en ?? '';
  const detailZh = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.['zh-cn'] ?? '';
  const READY = 'the shop starts its services, runs its smoke test and prints "ready"';
  const FORMAT = 'shop, orders and payments answer GET /metrics in the Prometheus text format';
  const BY_CODE =
    'http_requests_total is a counter with a code label, and each service counts its requests by code';
  const THROWN =
    "a request whose handler throws is counted too: checkout 49's body is not JSON, the shop's handler throws, the server answers 500, and shop's code=\"500\" goes up by 1";
  const UP = 'counters only go up between two scrapes (Prometheus reads a drop as a restart)';
  const SHAPE =
    'http_request_duration_seconds is a histogram: cumulative buckets in increasing le, le="+Inf" equal to _count, _sum and _count';
  const GREW =
    'each bucket grew by the requests that took at most its le (in seconds), _count and _sum by all of them';
  const FIT =
    'the bounds fit the latencies: one at the SLO (0.2 s), the largest finite one at or above the slowest request';
  const SHOP_SPAN =
    "shop continues the check's trace (traceparent 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01): one span, its parent b7ad6b7169203331";
  const ORDERS_SPAN = "orders' span is a child of shop's (shop → orders carries traceparent)";
  const PAYMENTS_SPAN = "payments' span is a child of orders' (orders → payments carries traceparent)";

  it('shows the scrape the RED snippet prints, and reads its numbers right on both pages', () => {
    const out = snippet('observability/red/main.out');
    for (const line of [
      'http_request_duration_seconds_bucket{le="0.025"} 3',
      'http_request_duration_seconds_bucket{le="0.05"} 10',
      'http_request_duration_seconds_bucket{le="0.1"} 18',
      'http_request_duration_seconds_bucket{le="+Inf"} 20',
      'http_request_duration_seconds_sum 1.407',
      'http_request_duration_seconds_count 20',
      'http_requests_total{code="200"} 18',
      'http_requests_total{code="503"} 2',
    ]) {
      expect(out).toContain(`${line}\n`);
    }
    // The mean and the error ratio the pages derive from it.
    expect(Math.round((1.407 / 20) * 1000)).toBe(70);
    expect(2 / 20).toBe(0.1);
    const { en, zh } = page();
    for (const text of ['`10`', '`3`', '`20`', '`18`', '`1.407`', '70ms', '10%']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
  });

  it("parses the quantiles program's output for the charts, with the numbers both pages quote", async () => {
    const { parseQuantileRun, relativeError } = await import('../../src/components/quantile-table.ts');
    const run = parseQuantileRun(snippet('observability/quantiles/main.out'));
    expect(run.exact).toEqual({ p50: 56, p90: 80, p99: 311 });
    expect(run.layouts.map((l) => [l.name, l.estimate])).toEqual([
      ['default buckets', { p50: 61, p90: 97, p99: 353 }],
      ['short buckets', { p50: 61, p90: 97, p99: 100 }],
      ['fitted buckets', { p50: 55, p90: 80, p99: 329 }],
    ]);
    const count = (name: string, le: number) =>
      run.layouts.find((l) => l.name === name)?.buckets.find((b) => b.le === le)?.count ?? NaN;
    expect(count('default buckets', 0.1) - count('default buckets', 0.05)).toBe(563);
    expect(count('short buckets', Infinity) - count('short buckets', 0.1)).toBe(64);
    expect(run.bins.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(relativeError(97, 80)).toBe('+21%');
    expect(relativeError(55, 56)).toBe('-2%');
    const { en, zh } = page();
    for (const text of [
      '`563`',
      '`97ms`',
      '`80ms`',
      '`+21%`',
      '`353ms`',
      '`311ms`',
      '`100ms`',
      '`64`',
      '`55ms`',
      '`329ms`',
    ]) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
    for (const layout of ['default buckets', 'short buckets', 'fitted buckets']) {
      expect(en).toContain(`<QuantileChart out={quantilesOut} layout="${layout}"`);
      expect(zh).toContain(`<QuantileChart out={quantilesOut} layout="${layout}"`);
    }
  });

  it("estimates what gomesh's Histogram.quantile estimates (the same interpolation as histogram_quantile)", async () => {
    const { Histogram } = await import('../../src/mesh/metrics/index.ts');
    const { parseQuantileRun } = await import('../../src/components/quantile-table.ts');
    const run = parseQuantileRun(snippet('observability/quantiles/main.out'));
    for (const layout of run.layouts) {
      const les = layout.buckets.filter((b) => b.le !== Infinity).map((b) => b.le);
      const h = new Histogram(les);
      // Observations at each bucket's upper bound reproduce its count exactly.
      layout.buckets.forEach((b, i) => {
        const n = b.count - (layout.buckets[i - 1]?.count ?? 0);
        for (let k = 0; k < n; k++) h.observe(b.le === Infinity ? 99 : b.le);
      });
      expect(h.cumulative()).toEqual(layout.buckets.map((b) => b.count));
      expect([0.5, 0.9, 0.99].map((q) => Math.round(h.quantile(q) * 1000))).toEqual([
        layout.estimate.p50,
        layout.estimate.p90,
        layout.estimate.p99,
      ]);
    }
  });

  it('reads the trace the snippet prints: the parent ids chain, and the times add up', () => {
    const out = snippet('observability/trace/main.out');
    expect(out).toContain('shop       0001791c15c4afc2  00f067aa0ba902b7\n');
    expect(out).toContain('orders     99f23e8ce440a2fb  0001791c15c4afc2\n');
    expect(out).toContain('inventory  f7cbf1e3308f8244  99f23e8ce440a2fb\n');
    expect(out).toContain('payments   83d574a265e3e0b1  99f23e8ce440a2fb\n');
    expect(out).toContain('└─ shop POST /checkout/7 59.0 ms 201\n');
    expect(out).toContain('   └─ orders POST /orders 57.0 ms 201\n');
    expect(out).toContain('      ├─ inventory POST /reservations 12.0 ms 201\n');
    expect(out).toContain('      └─ payments POST /charges 40.0 ms 201\n');
    const { en, zh } = page();
    for (const text of ['`0001791c15c4afc2`', '`99f23e8ce440a2fb`', '`59.0 ms`', '`12.0 ms`', '`40.0 ms`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
    expect(en).toContain('orders would answer in 45ms instead of 57');
    expect(zh).toContain('orders 只要 45ms 就能回答，而不是 57ms');
  });

  const inventoryCall = `    await mesh.request(
      'inventory',
      '/reservations',
      {
        method: 'POST',
        headers: propagate(req),
      },
    );
`;
  const paymentsCall = `    await mesh.request(
      'payments',
      '/charges',
      {
        method: 'POST',
        headers: propagate(req),
      },
    );
`;

  it('says orders would take 45ms with its two calls made concurrently', async () => {
    const ts = rewrite(
      rewrite(snippet('observability/trace/main.ts'), inventoryCall, ''),
      paymentsCall,
      // As Go would: a goroutine per call, and a WaitGroup.
      `    const wg = new WaitGroup();
    for (const [to, path] of [['inventory', '/reservations'], ['payments', '/charges']] as const) {
      wg.add(1);
      go(async () => {
        await mesh.request(to, path, { method: 'POST', headers: propagate(req) });
        wg.done();
      });
    }
    await wg.wait();
`,
    );
    const run = await runSnippet(
      rewrite(
        ts,
        "import { main } from 'gort';",
        "import { go, main } from 'gort';\nimport { WaitGroup } from 'gort/sync';",
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('   └─ orders POST /orders 45.0 ms 201\n');
  });

  it('says orders without the header splits the checkout into three traces, none whole', async () => {
    const ts = rewrite(
      rewrite(
        snippet('observability/trace/main.ts'),
        inventoryCall,
        inventoryCall.replace('        headers: propagate(req),\n', ''),
      ),
      paymentsCall,
      paymentsCall.replace('        headers: propagate(req),\n', ''),
    );
    const withCount = rewrite(
      ts,
      '  console.log(collector.tree(traceId));\n',
      "  console.log(collector.tree(traceId));\n  console.log(collector.traceIds().length, 'traces');\n",
    );
    const run = await runSnippet(withCount);
    expect(run.stdout).toContain('3 traces\n');
    expect(run.stdout).toContain(
      'trace 4bf92f3577b34da6a3ce929d0e0e4736\n└─ shop POST /checkout/7 59.0 ms 201\n   └─ orders POST /orders 57.0 ms 201\n',
    );
    expect(run.stdout).not.toContain('├─ inventory');
  });

  it('says the starter prints 9 traces for 3 checkouts, a tree of the shop alone, four buckets and no +Inf, and passes 5 of 11', async () => {
    for (const file of ['starter/main.ts', 'starter.zh-cn/main.ts']) {
      const run = await runSnippet(shop(file), { ...asService, check: check() });
      expect(run.stdout).toContain(
        "9 traces for 3 checkouts\ntrace 4bf92f3577b34da6a3ce929d0e0e4736\n└─ shop POST /checkout/1 54.0 ms 201\nshop's /metrics:\n",
      );
      expect(run.stdout).toContain(
        'http_request_duration_seconds_bucket{le="0.05"} 1\nhttp_request_duration_seconds_sum',
      );
      expect(run.stdout).not.toContain('le="+Inf"');
      expect(failed(run)).toEqual([THROWN, SHAPE, GREW, FIT, ORDERS_SPAN, PAYMENTS_SPAN]);
      expect(tally(run)).toBe('5/11');
    }
    const { en, zh } = page();
    for (const text of ['`9 traces for 3 checkouts`', '`0.05`', '`le="+Inf"`']) {
      expect(en).toContain(text);
      expect(zh).toContain(text);
    }
    expect(en).toContain('passes 5 of 11 items');
    expect(zh).toContain('通过 11 项中的 5 项');
  });

  it('says the solution passes 11 of 11, the server logs the thrown checkout, and 44 of 48 checkouts met the 200ms SLO', async () => {
    const run = await runSnippet(shop('solution/main.ts'), { ...asService, check: check() });
    expect(run.report?.items.map((i) => i.name.en)).toEqual([
      READY,
      FORMAT,
      BY_CODE,
      THROWN,
      UP,
      SHAPE,
      GREW,
      FIT,
      SHOP_SPAN,
      ORDERS_SPAN,
      PAYMENTS_SPAN,
    ]);
    expect(failed(run)).toEqual([]);
    expect(run.stderr).toContain('http: panic serving shop POST /checkout/49: SyntaxError');
    expect(run.stdout).toContain('3 traces for 3 checkouts\n');
    const { en, zh } = page();
    expect(en).toContain('`http: panic serving shop POST /checkout/49`');
    expect(zh).toContain('`http: panic serving shop POST /checkout/49`');
    expect(en).toContain('44 of the 48 checkouts answered within 200ms');
    expect(zh).toContain('48 次结账里有 44 次在 200ms 内回答');
    expect(en).toContain('The solution passes 11 of 11');
  });

  it("prints, up to ready, what the lab's Go twin prints (go-programs.test.ts runs it)", async () => {
    const run = await runSnippet(shop('solution/main.ts'), {
      ...asService,
      check: `import { defineCheck, verbatim } from 'labcheck';
        export default defineCheck(async (t) => {
          const s = await t.start({ service: 'shop' });
          while (!/^ready/m.test(s.program.snapshot().stdout)) await new Promise((r) => setTimeout(r, 10));
          t.expect(verbatim('ready'), true);
        });`,
    });
    const upToReady = run.stdout.slice(0, run.stdout.indexOf('ready: '));
    expect(upToReady).toBe(snippet('labs/operations/instrument-shop/solution.out'));
  });

  it('says comparing with < instead of <= drops the checkouts that took exactly 75ms and 200ms out of their buckets', async () => {
    const run = await runSnippet(
      rewrite(shop('solution/main.ts'), 'if (seconds <= le)', 'if (seconds < le)'),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([GREW]);
    const quote = 'le="0.2" went up by 41, but 44 of its 48 requests took at most 0.2 s';
    expect(detail(run, GREW)).toContain('shop: le="0.075" went up by 31, but 32 of its 48 requests');
    expect(detail(run, GREW)).toContain(`shop: ${quote}`);
    const zhQuote = 'le="0.2" 增加了 41，但它的 48 个请求中有 44 个用时不超过 0.2 秒';
    expect(detailZh(run, GREW)).toContain(`shop：${zhQuote}`);
    const { en, zh } = page();
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${zhQuote}\``);
  });

  it('says observing milliseconds fails the bucket item with the _sum a thousand times too large', async () => {
    const run = await runSnippet(rewrite(shop('solution/main.ts'), 'since(start) / Second', 'since(start)'), {
      ...asService,
      check: check(),
    });
    expect(failed(run)).toEqual([GREW]);
    const quote =
      '_sum went up by 4219, but its requests took 4.219 s in all (milliseconds? Prometheus measures time in seconds)';
    expect(detail(run, GREW).startsWith(`shop: ${quote}`)).toBe(true);
    const zhQuote = '_sum 增加了 4219，但它的请求总共用时 4.219 s（是毫秒吗？Prometheus 的时间单位是秒）';
    expect(detailZh(run, GREW).startsWith(`shop：${zhQuote}`)).toBe(true);
    const { en, zh } = page();
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${zhQuote}\``);
  });

  it('says clearing the counters at each scrape fails both counting items and "counters only go up"', async () => {
    const run = await runSnippet(
      rewrite(
        shop('solution/main.ts'),
        "    return lines.join('\\n') + '\\n';",
        "    this.#requests.clear();\n    return lines.join('\\n') + '\\n';",
      ),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([BY_CODE, THROWN, UP]);
    const quote = 'went up by 39, but orders answered 42 requests with 201';
    expect(detail(run, BY_CODE)).toContain(`orders: http_requests_total{code="201"} ${quote}`);
    const zhQuote = '增加了 39，但两次抓取之间 orders 以 201 回答了 42 个请求';
    expect(detailZh(run, BY_CODE)).toContain(`orders：http_requests_total{code="201"} ${zhQuote}`);
    const { en, zh } = page();
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${zhQuote}\``);
  });

  it('says carrying the trace on at the first hop only loses payments', async () => {
    const run = await runSnippet(
      rewrite(
        shop('solution/main.ts'),
        '      json: { cart },\n      headers: propagate(req), // the trace goes on\n',
        '      json: { cart },\n',
      ),
      { ...asService, check: check() },
    );
    expect(failed(run)).toEqual([PAYMENTS_SPAN]);
    const quote = 'payments started a trace of its own';
    expect(detail(run, PAYMENTS_SPAN)).toContain(quote);
    const zhQuote = 'payments 自己开了一条新链路';
    expect(detailZh(run, PAYMENTS_SPAN)).toContain(zhQuote);
    const { en, zh } = page();
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${zhQuote}\``);
  });
});

describe('the throughput, latency and availability lesson', () => {
  const slug = 'operations/throughput-latency-availability';
  const ptm = (file: string) => lab('operations/predict-then-measure', file);
  const check = () => ptm('check.ts');
  const out = (program: string) => snippet(`throughput-latency-availability/${program}/main.out`);
  // The lab's own time limit (60 s), as on the page: the default 20 s cut these runs on a busy CI.
  const { timeoutMs } = JSON.parse(ptm('lab.json')) as { timeoutMs: number };
  const asLab = { services: true, clock: 'virtual', timeoutMs } as const;
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) =>
    `${run.report?.items.filter((i) => i.pass).length}/${run.report?.items.length}`;
  const REPLICAS = 'availability: replicas with failover fail only when every replica fails, 1 − Π(1 − a)';
  const TAIL = 'the tail at scale: with n calls at once, 1 − (1 − q)^n of requests wait for a slow one';
  const LITTLE = "Little's law: L = λ × W, with λ per second and W in seconds";
  const SERVED = 'measured availability counts every 5xx as a failure (503 too); anything else was served';
  const P99 = 'p99 is the nearest-rank 99th percentile (the ⌈0.99·n⌉-th smallest), not the mean';
  const PREDICTED =
    'predicted availability is within 4 standard errors of the measured one (±5.6 points at n = 500)';
  const PREDICTED_P99 = 'predicted p99 is the measured p99';
  const IN_FLIGHT = 'predicted requests in flight are within 10% of the measured time-average';
  /** The standard error of a share p measured over n requests. */
  const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

  it('quotes, on both pages, the numbers its programs print', () => {
    const quoted: Record<string, string[]> = {
      'littles-law': ['40.3ms', '43.6ms', '76ms', '187.4ms', '404ms', '99.9/s', '2094.5ms', '261.82'],
      calls: ['66ms', '32ms'],
      tail: ['11ms', '39.6ms', '50ms', '1.019s', '1.052s', '1.541s'],
      'fan-out': ['10ms', '9.6%', '11.0%', '1.01s', '63.4%', '69.0%'],
      availability: [
        '51.20%',
        '50.80%',
        '82.00%',
        '96.00%',
        '95.60%',
        '99.20%',
        '99.40%',
        '91.20%',
        '90.70%',
      ],
      nines: ['43m12s', '1000', '144h0m0s', '50h0m0s'],
    };
    const { en, zh } = pages(slug);
    for (const [program, texts] of Object.entries(quoted)) {
      for (const text of texts) {
        expect(out(program), `${program} prints ${text}`).toContain(text);
        expect(en).toContain(`\`${text}\``);
        expect(zh).toContain(`\`${text}\``);
      }
    }
    // 109 requests (2.2%) waited more than a second: the tail's last buckets.
    expect(out('tail')).toContain('le 1s          4891\nle 2s          5000\n');
    for (const page of [en, zh]) expect(page).toContain('`109`');
  });

  it('says Little’s law holds with the throughput (L = X·W) in every row, and not with the offered rate past capacity', () => {
    const rows = out('littles-law').trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const [, throughput = '', mean = '', , l = ''] = row.trim().split(/\s+/);
      const x = Number(throughput.replace('/s', ''));
      const w = Number(mean.replace('ms', '')) / 1000;
      // X and W are printed to a tenth, L to a hundredth: the product is good to their rounding.
      expect(Math.abs(x * w - Number(l)), row).toBeLessThan(0.05 * w + 0.00005 * x + 0.005);
    }
    expect(rows[3]).toMatch(/^ {2}125\/s +99\.9\/s +2094\.5ms +4\.038s +209\.20 +261\.82$/);
  });

  it('says every availability and fan-out measurement is within two standard errors of its formula', async () => {
    const { parseTable, cellNumber } = await import('../../src/components/measured-table.ts');
    for (const [program, n] of [
      ['availability', 1000],
      ['fan-out', 100],
    ] as const) {
      for (const row of parseTable(out(program)).rows) {
        const predicted = cellNumber(row[1] ?? '');
        const measured = cellNumber(row[2] ?? '');
        expect(Math.abs(measured - predicted), `${program}: ${row.join(' | ')}`).toBeLessThanOrEqual(
          2 * se(predicted, n),
        );
      }
    }
    // The page's standard error of a share near 63% over 100 requests.
    expect((se(0.634, 100) * 100).toFixed(1)).toBe('4.8');
  });

  it("draws its charts from the programs' recorded outputs, on both pages", async () => {
    const { parseTable, cellNumber, columnIndex, parseLatencyHistogram, scaleFraction } =
      await import('../../src/components/measured-table.ts');
    const availability = parseTable(out('availability'));
    expect(availability.headers).toEqual(['topology', 'predicted', 'measured']);
    // To a hundredth of a percent (51.20% / 100 is 0.5120000000000001 in floating point).
    const share = (cell = '') => Math.round(cellNumber(cell) * 10_000) / 10_000;
    expect(availability.rows.map((r) => [r[0], share(r[1]), share(r[2])])).toEqual([
      ['one service', 0.8, 0.794],
      ['3 services in series', 0.512, 0.508],
      ['2 replicas, round robin', 0.8, 0.82],
      ['2 replicas, failover', 0.96, 0.956],
      ['3 replicas, failover', 0.992, 0.994],
      ['2 replicas, failover, one db', 0.912, 0.907],
    ]);
    const fanOut = parseTable(out('fan-out'));
    expect(columnIndex(fanOut, '≥ 1s predicted')).toBe(1);
    expect(
      fanOut.rows.map((r) => [
        cellNumber(r[0] ?? ''),
        share(r[1]),
        share(r[2]),
        cellNumber(r[3] ?? ''),
        cellNumber(r[4] ?? ''),
      ]),
    ).toEqual([
      [1, 0.01, 0.01, 10, 10],
      [10, 0.096, 0.11, 10, 1010],
      [100, 0.634, 0.69, 1010, 1010],
    ]);
    const little = parseTable(out('littles-law'));
    expect(little.rows.map((r) => [cellNumber(r[columnIndex(little, 'λ×W')] ?? '')])).toEqual([
      [2.01],
      [3.63],
      [18.74],
      [261.82],
    ]);
    const histogram = parseLatencyHistogram(out('tail'));
    expect(histogram.buckets.map((b) => b.count)).toEqual([1850, 623, 768, 1294, 356, 0, 0, 0, 109, 0]);
    expect(histogram.stats.map((s) => [s.name, s.ms])).toEqual([
      ['mean', 39.6],
      ['p50', 11],
      ['p90', 50],
      ['p99', 1019],
      ['p99.9', 1052],
      ['max', 1061],
    ]);
    // Each nine takes the same room: 90%, 99%, 99.9% at a third, two thirds and the end.
    const nines = [0.9, 0.99, 0.999, 1].map((a) => scaleFraction(a, { kind: 'nines', nines: 3 }));
    [1 / 3, 2 / 3, 1, 1].forEach((f, i) => expect(nines[i]).toBeCloseTo(f, 9));
    expect(scaleFraction(10, { kind: 'log', from: 1, to: 1000 })).toBeCloseTo(1 / 3);
    expect(() => cellNumber('many')).toThrow('Expected a number in the cell "many"');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('<PredictionChart out={availabilityOut} label="topology"');
      expect(page).toContain('<PredictionChart out={fanOutOut} label="shards"');
      expect(page).toContain('<PredictionChart out={littleOut} label="offered"');
      expect(page).toContain('<LatencyHistogram out={tailOut} title=');
    }
  });

  it('says the starter takes the formulas at their loosest and fails 8 of 12 items, in both languages', async () => {
    const run = await runSnippet(ptm('starter/main.ts'), { ...asLab, check: check() });
    for (const line of [
      'availability replicas 0.9 0.9 = 100.00%',
      'slowShare 0.01 5 = 1.00%',
      'inFlight 100/s 40ms = 4000.00',
      'p99 1..100 = 50.5',
      'seed 1  availability  predicted 98.00%  measured 100.00% (451/500 served)',
    ]) {
      expect(run.stdout).toContain(`${line}\n`);
    }
    expect(failed(run)).toEqual([REPLICAS, TAIL, LITTLE, SERVED, P99, PREDICTED, PREDICTED_P99, IN_FLIGHT]);
    expect(tally(run)).toBe('4/12');
    const zh = await runSnippet(ptm('starter.zh-cn/main.ts'), { ...asLab, check: check() });
    expect(failed(zh)).toEqual(failed(run));
  });

  it('says the solution passes every item, serving 90.20% with a p99 of 302ms as predicted', async () => {
    const run = await runSnippet(ptm('solution/main.ts'), { ...asLab, check: check() });
    expect(failed(run)).toEqual([]);
    expect(tally(run)).toBe('12/12');
    expect(run.stdout).toContain(
      'seed 1  availability  predicted 89.18%  measured 90.20% (451/500 served)\n',
    );
    expect(run.stdout).toContain(
      'seed 1  p99           predicted 302ms (4.90% wait for a slow call)  measured 302ms\n',
    );
    // The tolerance the page states: 4 standard errors of 89.18% over 500 checkouts.
    expect((4 * se(0.98 * 0.91, 500) * 100).toFixed(1)).toBe('5.6');
  });

  it('fails a p99 one rank too far (Math.floor) by the table alone: the runs cannot see it', async () => {
    const source = rewrite(
      ptm('solution/main.ts'),
      'return sorted[Math.ceil(0.99 * sorted.length) - 1]!;',
      'return sorted[Math.floor(0.99 * sorted.length)]!;',
    );
    const run = await runSnippet(source, { ...asLab, check: check() });
    expect(failed(run)).toEqual([P99]);
    expect(run.stdout).toContain('p99 1..100 = 100\n');
  });

  it('fails adding the chances (q * n) by the tail item only: the p99 prediction still holds', async () => {
    const source = rewrite(ptm('solution/main.ts'), 'return 1 - (1 - q) ** n;', 'return q * n;');
    const run = await runSnippet(source, { ...asLab, check: check() });
    expect(failed(run)).toEqual([TAIL]);
    expect(run.stdout).toContain('slowShare 0.01 100 = 100.00%\n');
  });

  it('fails counting only 200 as served by the served item, through the table', async () => {
    const source = rewrite(ptm('solution/main.ts'), 'if (s < 500) served++;', 'if (s === 200) served++;');
    const run = await runSnippet(source, { ...asLab, check: check() });
    expect(failed(run)).toEqual([SERVED]);
    expect(run.stdout).not.toContain('availabilityOf 200 201 204 = 100.00%');
  });

  it('fails a checkout without failover by the predicted availability: 71.20%, 69.60% and 65.40% served', async () => {
    const source = rewrite(
      ptm('solution/main.ts'),
      'for (let k = 0; k < inventory.length; k++) {',
      'for (let k = 0; k < 1; k++) {',
    );
    const run = await runSnippet(source, { ...asLab, check: check() });
    expect(failed(run)).toEqual([PREDICTED]);
    for (const [seed, measured] of [
      [1, '71.20% (356/500 served)'],
      [2, '69.60% (348/500 served)'],
      [3, '65.40% (327/500 served)'],
    ] as const) {
      expect(run.stdout).toContain(`seed ${seed}  availability  predicted 89.18%  measured ${measured}\n`);
    }
  });
});

describe('the data consistency lesson', () => {
  const saga = (file: string) => lab('operations/order-saga', file);
  const check = () => saga('check.ts');
  const slug = 'operations/data-consistency';
  const asService = { services: true } as const;
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) =>
    `${run.report?.items.filter((i) => i.pass).length}/${run.report?.items.length}`;
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail?.en ?? '';
  const TWICE = 'no order is charged twice';
  const HOLDS = 'a failed order holds no stock: its reservation is released';
  const KEPT =
    'a failed order keeps none of the customer’s money: a charge that may have happened is refunded';
  const REVERSE = 'compensations run in reverse order: the refund before the release';
  const ANSWER =
    'every order gets an answer that says what happened: 201, 402 (declined), 409 (out of stock) or 503 (a try to reserve or charge failed)';
  const EXPLORED = 'it holds in every order the Go scheduler may run the goroutines (50 schedules tried)';
  const refund = `  await undo(mesh, 'payments', '/refunds', {
    method: 'POST',
    json: { order: o.id },
  });
  await release();`;

  it('says a retry after a lost answer charges twice without a key and once with an Idempotency-Key', () => {
    const out = snippet('data-consistency/retry/main.out');
    expect(out).toContain(
      '-- no key\npayments: charged 1200 for order 7 (ch_1)\norders: try 1: no answer (connection reset)\npayments: charged 1200 for order 7 (ch_2)\n',
    );
    expect(out).toContain('payments: 2 charges, 2400 taken for a 1200 order\n');
    expect(out).toContain('orders: try 2: 201 {"id":"ch_1","order":7,"amount":1200} (replayed)\n');
    expect(out).toContain('payments: 1 charge, 1200 taken for a 1200 order\n');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`2 charges, 2400 taken for a 1200 order`');
      expect(page).toContain('`1 charge, 1200 taken`');
    }
  });

  it('shows the experiment the snippets print, each figure of its table on both pages, and draws its chart from it', async () => {
    const out = snippet('data-consistency/experiment/main.out');
    expect(out).toBe(
      [
        'strategy  confirmed  charged-twice  stock-held  money-kept',
        'retries         284             61         116           7',
        'keys            284              0         116           7',
        'saga            380              0           0           0',
        '',
      ].join('\n'),
    );
    const { parseTallyTable, countOf } = await import('../../src/components/tally-table.ts');
    const table = parseTallyTable(out);
    expect(table.rows.map((r) => r.name)).toEqual(['retries', 'keys', 'saga']);
    expect(table.rows.map((r) => countOf(table, r, 'charged-twice'))).toEqual([61, 0, 0]);
    expect(table.rows.map((r) => countOf(table, r, 'stock-held'))).toEqual([116, 116, 0]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const figure of ['**61**', '**0**', '**116**', '**7**', '**380**', '284'])
        expect(page).toContain(figure);
      expect(page).toMatch(
        /<TallyChart out=\{experimentOut\} columns=\{\['charged-twice', 'stock-held', 'money-kept'\]\}/,
      );
    }
  });

  it('says the outbox loses nothing: published twice after a relay crash, consumed once', () => {
    expect(snippet('data-consistency/outbox/main.out')).toBe(
      [
        '-- save, then publish',
        'orders: saved o-1',
        'orders: crashed before publishing',
        'inventory: no event: o-1 never gets its stock',
        '-- transactional outbox',
        'orders: saved o-1 and event 1 in one transaction',
        'relay: published event 1',
        'relay: crashed before marking it sent',
        'relay: published event 1',
        'relay: marked event 1 sent',
        'inventory: event 1 reserves stock for o-1',
        'inventory: event 1 seen already: skipped',
        '',
      ].join('\n'),
    );
  });

  it('says the Go saga keeps every invariant over 50 fault schedules, as its recorded output shows', () => {
    const out = snippet('labs/operations/order-saga/solution.out');
    expect(out.split('\n')[0]).toMatch(
      /^50 fault schedules, 300 orders answered: 201 x \d+, 402 x \d+, 409 x \d+, 503 x \d+$/,
    );
    for (const line of [
      'charged twice: 0',
      'confirmed but not paid or not holding stock: 0',
      'failed but holding stock: 0',
      'failed but keeping money: 0',
      'released before refunded: 0',
    ])
      expect(out).toContain(`${line}\n`);
  });

  it("says Run shows o-6 charged twice and o-2's mug held, so dee's o-4 is out of stock", async () => {
    const run = await runSnippet(saga('starter/main.ts'), asService);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('  payments: charged ada 1600 for o-6 (ch-3)\n');
    expect(run.stdout).toContain('  payments: charged ada 1600 for o-6 (ch-4)\n');
    expect(run.stdout).toMatch(
      /^o-4: dee orders 2 mug for 2400\n {2}inventory: out of stock for o-4\n {2}client <- 409 \{"error":"out of stock"\}$/m,
    );
    expect(run.stdout).toContain('ledger o-6: answer 201, charges 2, ');
    expect(run.stdout).toMatch(/^ledger o-2: answer 402, .*, reserved 1, /m);
    const { en } = pages(slug);
    for (const text of [
      '`payments: charged ada 1600 for o-6 (ch-3)`',
      '`(ch-4)`',
      '`409 {"error":"out of stock"}`',
      '`ledger o-6: answer 201, charges 2, …`',
      '`ledger o-2: answer 402, …, reserved 1`',
    ])
      expect(en).toContain(text);
  });

  it('says the starter fails the double charge and the held stock on fault schedule rw-1 (6/9), in both languages', async () => {
    for (const file of ['starter/main.ts', 'starter.zh-cn/main.ts']) {
      const run = await runSnippet(saga(file), { ...asService, check: check() });
      expect(failed(run)).toEqual([TWICE, HOLDS, EXPLORED]);
      expect(tally(run)).toBe('6/9');
      expect(detail(run, TWICE)).toContain('fault schedule rw-1: o-6 was charged 2 times (ch-3 ch-4)');
      expect(detail(run, HOLDS)).toContain('fault schedule rw-1: o-2 was answered 402 and still holds 1 mug');
    }
  });

  it('says the solution passes every item (9/9)', async () => {
    const run = await runSnippet(saga('solution/main.ts'), { ...asService, check: check() });
    expect(failed(run)).toEqual([]);
    expect(tally(run)).toBe('9/9');
  });

  it('fails a charge without its Idempotency-Key on rw-3, where o-1 is charged twice', async () => {
    const source = rewrite(
      saga('solution/main.ts'),
      "    headers: { 'Idempotency-Key': `charge-${o.id}` },\n",
      '',
    );
    const run = await runSnippet(source, { ...asService, check: check() });
    expect(failed(run)).toEqual([TWICE, EXPLORED]);
    expect(detail(run, TWICE)).toContain('fault schedule rw-3: o-1 was charged 2 times (ch-1 ch-2)');
  });

  it('fails releasing before refunding on the reverse-order item, on rw-22', async () => {
    const source = rewrite(
      saga('solution/main.ts'),
      refund,
      `  await release();
  await undo(mesh, 'payments', '/refunds', {
    method: 'POST',
    json: { order: o.id },
  });`,
    );
    const run = await runSnippet(source, { ...asService, check: check() });
    expect(failed(run)).toEqual([REVERSE, EXPLORED]);
    expect(detail(run, REVERSE)).toContain('fault schedule rw-22: ');
  });

  it('fails a compensation given up after one call (three tries) on the held-stock item, on rw-19', async () => {
    const source = rewrite(
      saga('solution/main.ts'),
      `    const res = await call(mesh, service, path, init);
    if (res !== null && res.status < 500) return;
    await time.sleep(100 * time.Millisecond);`,
      `    await call(mesh, service, path, init);
    return;`,
    );
    const run = await runSnippet(source, { ...asService, check: check() });
    expect(failed(run)).toEqual([HOLDS, EXPLORED]);
    expect(detail(run, HOLDS)).toContain('fault schedule rw-19: o-2 was answered 402 and still holds 1 mug');
  });

  it('fails taking a 5xx from payments for "not charged" (no refund) on the money item, on rw-22', async () => {
    const source = rewrite(
      saga('solution/main.ts'),
      '  if (charged?.status === 402) {',
      `  if (charged !== null && charged.status >= 500) {
    await release(); // payments answered: it was not charged
    return json(503, { error: 'payments unavailable' });
  }
  if (charged?.status === 402) {`,
    );
    const run = await runSnippet(source, { ...asService, check: check() });
    expect(failed(run)).toEqual([KEPT, EXPLORED]);
    expect(detail(run, KEPT)).toContain(
      'fault schedule rw-22: o-6 was answered 503 and ch-4 was not refunded',
    );
  });

  it('fails a saga that undoes and refuses every order on the answer item, on rw-1', async () => {
    const source = rewrite(
      saga('solution/main.ts'),
      `  if (charged?.status === 201) {
    return json(201, { order: o.id, status: 'confirmed' });
  }`,
      `  if (charged?.status === 201) {
    await undo(mesh, 'payments', '/refunds', { method: 'POST', json: { order: o.id } });
    await release();
    return json(503, { error: 'try again later' });
  }`,
    );
    const run = await runSnippet(source, { ...asService, check: check() });
    expect(failed(run)).toEqual([ANSWER, EXPLORED]);
    expect(detail(run, ANSWER)).toContain(
      'fault schedule rw-1: o-1 was answered 503 without a reason for it',
    );
  });

  it("says the Traffic view shows every charge of the starter's Run answered 201, the lost answers included", async () => {
    const traffic = `import { defineCheck, verbatim } from 'labcheck';
import { onTraffic } from 'gomesh';
export default defineCheck(async (t) => {
  const statuses = [];
  const stop = onTraffic((e) => {
    if (e.kind === 'request' && e.to === 'payments') statuses.push(e.status);
  });
  const run = await t.run();
  stop();
  const charges = run.lines.filter((l) => l.includes('payments: charged ')).length;
  const lost = run.lines.filter((l) => l.includes('POST payments /charges: no answer')).length;
  t.equal(verbatim('traffic'), { charges, lost, statuses }, { charges: 4, lost: 1, statuses: [201, 402, 201, 201, 201] });
});`;
    const run = await runSnippet(saga('starter/main.ts'), { ...asService, check: traffic });
    expect(failed(run)).toEqual([]);
    expect(run.report?.items).toHaveLength(1);
    const { en } = pages(slug);
    expect(en).toContain('the calls that charged were all answered `201`');
  });

  it('quotes each tip’s schedule and detail on both pages', () => {
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of [
        '`rw-1`',
        '`rw-3`',
        '`rw-19`',
        '`rw-22`',
        '`o-1 was charged 2 times (ch-1 ch-2)`',
        '`o-2 was answered 402 and still holds 1 mug`',
        '`ch-4 was not refunded`',
        '`o-1 was answered 503 without a reason for it`',
      ])
        expect(page).toContain(text);
    }
  });
});

describe('the gomesh to Kubernetes lesson', () => {
  const prod = (file: string) => lab('operations/match-production', file);
  const slug = 'operations/gomesh-to-kubernetes';
  const BENCH =
    'the bench ran: catalog’s sidecar in front of 4 replicas of pricing, 1000 requests with the fourth replica hung, then 200 with every replica failing';
  const VS = 'the export’s VirtualService says what production’s says (timeout, retries)';
  const DR = 'the export’s DestinationRule says what production’s says (load balancer, outlier detection)';
  const ENVOY = 'what Istio does not write is Envoy’s: no retry budget, and back-off capped at 10 × its base';
  const PER_TRY = 'a try on the hung replica is cut off after 50ms, as perTryTimeout: 0.05s cuts it';
  const EJECT =
    'the hung replica gets 3 tries, then is ejected for 60s (consecutive5xxErrors: 3, baseEjectionTime: 60s)';
  const SUCCESS = 'while one replica hangs, all 1000 requests succeed, each within 0.5s';
  const OUTAGE =
    'while every replica fails, each request is tried 4 times, as Envoy tries it with attempts: 3 and no budget';
  const EXITS = 'the program exits with status 0';
  const detail = (run: Awaited<ReturnType<typeof runSnippet>>, name: string) =>
    run.report?.items.find((i) => i.name.en === name && !i.pass)?.detail;
  const checkRun = (source: string) => runSnippet(source, { services: true, check: prod('check.ts') });
  const solution = (from: string, to: string) => rewrite(prod('solution/main.ts'), from, to);

  it('says the route snippet reaches r4 on every call, after up to three failed tries', () => {
    expect(snippet('gomesh-to-kubernetes/route/main.out')).toBe(
      [
        'call 1: 200 after 81ms: r1 504 (50ms), r3 503 (0ms), r2 503 (0ms), r4 200 (5ms)',
        'call 2: 200 after 64ms: r1 504 (50ms), r4 200 (5ms)',
        'call 3: 200 after 89ms: r3 503 (0ms), r2 503 (0ms), r1 504 (50ms), r4 200 (5ms)',
        'call 4: 200 after 9ms: r3 503 (0ms), r4 200 (5ms)',
        '',
      ].join('\n'),
    );
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of ['`r1 504 (50ms)`', '`200 after 89ms`']) expect(page).toContain(text);
    }
  });

  it('says the solution passes: 1000 of 1000, 3 tries on the hung replica, 800 tries in the outage', async () => {
    const run = await checkRun(prod('solution/main.ts'));
    expect(run.stdout).toContain('succeeded  1000 of 1000, slowest 57ms');
    expect(run.stdout).toContain('tries      361 | 321 | 318 | 3 (the last one hung)');
    expect(run.stdout).toContain('tries      800 for 200 requests (4.00 per request)');
    expect(run.report?.passed).toBe(true);
    expect(run.report?.items.map((i) => i.name.en)).toEqual([
      BENCH,
      VS,
      DR,
      ENVOY,
      PER_TRY,
      EJECT,
      SUCCESS,
      OUTAGE,
      EXITS,
    ]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of ['`1000 of 1000, slowest 57ms`', '`361 | 321 | 318 | 3`', '`800 for 200 requests`'])
        expect(page).toContain(text);
    }
  });

  it('says the starter (the timeout only) passes 2 of 9 items: 750 of 1000, the hung replica tried 250 times', async () => {
    const run = await checkRun(prod('starter/main.ts'));
    expect(run.stdout).toContain('succeeded  750 of 1000, slowest 500ms');
    expect(failed(run)).toEqual([VS, DR, ENVOY, PER_TRY, EJECT, SUCCESS, OUTAGE]);
    expect(detail(run, VS)?.en).toContain('retries.attempts: yours 0, production 3 (set retry.maxRetries)');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      expect(page).toContain('`750 of 1000, slowest 500ms`');
      expect(page).toContain('2/9');
    }
  });

  it('fails maxRetries: 2 (attempts read as tries) on the VirtualService and the outage: 600 tries', async () => {
    const run = await checkRun(solution('maxRetries: 3,', 'maxRetries: 2,'));
    expect(failed(run)).toEqual([VS, OUTAGE]);
    const quote = 'retries.attempts: yours 2, production 3 (set retry.maxRetries)';
    const quoteZh = 'retries.attempts：你的是 2，生产环境是 3（设置 retry.maxRetries）';
    expect(detail(run, VS)?.en).toBe(quote);
    expect(detail(run, VS)?.['zh-cn']).toBe(quoteZh);
    expect(detail(run, OUTAGE)?.en).toContain('600 tries for 200 requests (3.00 each)');
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${quoteZh}\``);
    for (const page of [en, zh]) expect(page).toContain('`600`');
  });

  it('fails a kept retry budget on the Envoy and the outage items only: the same YAML, 400 tries', async () => {
    const source = solution('    budget: null,\n', '');
    const run = await checkRun(source);
    expect(failed(run)).toEqual([ENVOY, OUTAGE]);
    const quote =
      '400 tries for 200 requests (2.00 each): your retry budget refused retries that Envoy would send';
    const quoteZh = '200 个请求产生了 400 次尝试（每个 2.00 次）：你的重试预算拒绝了 Envoy 本会发出的重试';
    expect(detail(run, OUTAGE)?.en).toBe(quote);
    expect(detail(run, OUTAGE)?.['zh-cn']).toBe(quoteZh);
    const { en, zh } = pages(slug);
    expect(en).toContain(`\`${quote}\``);
    expect(zh).toContain(`\`${quoteZh}\``);
  });

  it('fails the round-robin default on the DestinationRule and the ejection: the hung replica tried 4 times', async () => {
    const run = await checkRun(solution("  balancer: 'least-request',\n", ''));
    expect(failed(run)).toEqual([DR, EJECT]);
    expect(detail(run, DR)?.en).toBe(
      'loadBalancer.simple: yours ROUND_ROBIN, production LEAST_REQUEST (set balancer)',
    );
    expect(detail(run, EJECT)?.en).toBe('it got 4 tries; ejected for 60s');
    expect(detail(run, EJECT)?.['zh-cn']).toBe('它挨了 4 次尝试；被摘除 60s');
    const { en, zh } = pages(slug);
    expect(en).toContain('`it got 4 tries; ejected for 60s`');
    expect(zh).toContain('`它挨了 4 次尝试；被摘除 60s`');
  });
});

describe('the capstone lesson', () => {
  const slug = 'operations/capstone';
  /** The output of one of the charge program's three runs, without its `-- name` line. */
  const part = (out: string, name: string) => {
    const parts = out.split(/^-- /m).slice(1);
    const found = parts.find((p) => p.startsWith(`${name}\n`));
    if (found === undefined) throw new Error(`no run "${name}"`);
    return found.slice(name.length + 1);
  };

  it('says a key stored after the bank charges twice like no key, and a key claimed first waits and charges once', () => {
    const out = snippet('capstone/charge/main.out');
    const twice = 'ledger: 2 charge(s), 3998 taken for a 1999 order\n';
    expect(part(out, 'no key')).toContain(twice);
    expect(part(out, 'key stored after the bank')).toContain(twice);
    const claimed = part(out, 'key claimed before the bank');
    expect(claimed).toContain(' 100ms  payments: key charge-o-1 in progress: waiting\n');
    expect(claimed).toContain(' 150ms  orders: try 2: paid by ch-1\n');
    expect(claimed).toContain('ledger: 1 charge(s), 1999 taken for a 1999 order\n');
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const text of [
        '`2 charge(s), 3998 taken for a 1999 order`',
        '`key charge-o-1 in progress: waiting`',
        '`1 charge(s), 1999 taken`',
      ])
        expect(page).toContain(text);
    }
  });

  it('says a claim moved after the bank call prints what the key stored after the bank does: 2 charges', async () => {
    const source = rewrite(
      snippet('capstone/charge/main.ts'),
      '    claims.set(key, mine);\n    mine.charge = await p.bank(\n      order,\n      cents,\n    );\n',
      '    mine.charge = await p.bank(\n      order,\n      cents,\n    );\n    claims.set(key, mine);\n',
    );
    const run = await runSnippet(source);
    expect(part(run.stdout, 'key claimed before the bank')).toBe(
      part(run.stdout, 'key stored after the bank'),
    );
    expect(part(run.stdout, 'key claimed before the bank')).toContain('2 charge(s), 3998 taken');
    const { en, zh } = pages(slug);
    expect(en).toContain('The third run then prints what the second does: `2 charge(s), 3998 taken`');
    expect(zh).toContain('第三次运行就会打印出和第二次一样的结果：`2 charge(s), 3998 taken`');
  });

  /**
   * One of the six labs checked: its starter or solution, every file of it, with `change` applied
   * (`{ file, from, to }`, the piece asserted present first).
   */
  const capstone = async (
    step: string,
    dir: 'starter' | 'solution',
    ...changes: { file: string; from: string; to: string }[]
  ) => {
    const id = `operations/capstone-${step}`;
    const names = readdirSync(path.join(labsDir, id, dir)).filter((f) => f.endsWith('.ts'));
    const files = Object.fromEntries(names.map((f) => [f, lab(id, `${dir}/${f}`)]));
    for (const c of changes) files[c.file] = rewrite(files[c.file] ?? '', c.from, c.to);
    const { 'main.ts': main, ...rest } = files;
    return runSnippet(main ?? '', {
      services: true,
      check: lab(id, 'check.ts'),
      files: rest,
      timeoutMs: HEAVY_RUN_MS,
    });
  };
  const tally = (run: Awaited<ReturnType<typeof runSnippet>>) => {
    const items = run.report?.items ?? [];
    return `${items.filter((i) => i.pass).length}/${items.length}`;
  };
  const itemDetail = (run: Awaited<ReturnType<typeof runSnippet>>, prefix: string) =>
    run.report?.items.find((i) => i.name.en.startsWith(prefix))?.detail?.en ?? '';
  const both = (en: string, zh: string) => {
    const page = pages(slug);
    expect(page.en).toContain(en);
    expect(page.zh).toContain(zh);
  };

  it.each([
    ['1-split', '7/13', ['(13 items; the starter passes 7)', '共 13 项（起始代码能通过 7 项）']],
    ['2-discover', '5/12', ['(12 items; the starter passes 5)', '共 12 项（起始代码能通过 5 项）']],
    [
      '3-balance',
      '4/6',
      ['(6 items; the starter, round robin, passes 4)', '共 6 项（起始代码用的轮询能通过 4 项）'],
    ],
    ['4-resilient', '5/8', ['(8 items; the starter passes 5)', '共 8 项（起始代码能通过 5 项）']],
    ['5-observe', '1/9', ['(9 items; the starter passes 1)', '共 9 项（起始代码只能通过 1 项）']],
    [
      '6-chaos',
      '5/10',
      [
        '(10 items; the starter, every defence off, passes 5)',
        '共 10 项（起始代码关掉了所有防线，能通过 5 项）',
      ],
    ],
  ] as const)('says step %s’s starter passes %s of its check', async (step, passed, [en, zh]) => {
    const run = await capstone(step, 'starter');
    expect(tally(run)).toBe(passed);
    both(en, zh);
    if (step === '3-balance') {
      expect(run.stdout).toContain('all healthy: 400 orders, p50 11ms, p99 11ms\n');
      expect(run.stdout).toContain('catalog-3 slow: 800 orders, p50 311ms, p99 611ms\n');
      expect(itemDetail(run, 'after catalog-3 turns slow, it gets')).toContain('(33.4%)');
      both('Round robin leaves it `33.4%` and a p99 of `611ms`.', '轮询让它分到 `33.4%`，p99 是 `611ms`。');
      both('the p99 of orders goes from 11 ms to `611ms`', '订单的 p99 从 11ms 涨到 `611ms`');
    }
    if (step === '6-chaos') {
      expect(itemDetail(run, 'crashed catalog')).toContain('160 of 200 admitted succeeded (80.00%)');
      expect(itemDetail(run, 'crashed catalog')).toContain('(0 retries)');
      both('`160 of 200 admitted succeeded (80.00%)`', '`160 of 200 admitted succeeded (80.00%)`');
    }
    if (step === '4-resilient') {
      expect(run.stdout).toContain('answers: 587 orders placed (201)\n');
      both('places `587` of the `1000`', '`1000` 个订单里只下成功 `587` 个');
    }
  });

  it('quotes the SLO report step 5’s solution prints for the gateway: 7 errors, 97.67%, p99 187.0ms', async () => {
    const run = await capstone('5-observe', 'solution');
    expect(tally(run)).toBe('9/9');
    expect(run.stdout).toMatch(/^gateway +300 +7 +97\.67% +187\.0ms$/m);
    both(
      'the solution reports `gateway` with `7` errors, `97.67%` available, p99 `187.0ms`',
      '参考答案报告 `gateway` 有 `7` 个错误，可用性 `97.67%`，p99 `187.0ms`',
    );
  });

  it('says a per-try idempotency key in step 4 still places every order and charges 15 twice', async () => {
    const run = await capstone('4-resilient', 'solution', {
      file: 'main.ts',
      from: "headers: { 'idempotency-key': key },",
      to: "headers: { 'idempotency-key': `${key}-${n}` },",
    });
    expect(failed(run)).toEqual(['no order is charged twice']);
    expect(run.stdout).toContain('1040 orders: 1000 answered 201, 40 answered 402\n');
    expect(run.stdout).toContain('ledger: 1015 charges for 1000 orders, 15 orders charged twice:');
    both(
      '`15 orders charged twice`, `1015 charges for 1000 orders`',
      '`15 orders charged twice`，`1015 charges for 1000 orders`',
    );
  });

  it('says ten times the TTL in step 2 keeps the dead replica called to 24.9s and fails 50 orders, then 50 of 50', async () => {
    const run = await capstone('2-discover', 'solution', {
      file: 'discovery.ts',
      from: '    ttlMs: TTL,',
      to: '    ttlMs: 10 * TTL,',
    });
    const names = failed(run) ?? [];
    expect(names.some((n) => n.startsWith('before any replica fails'))).toBe(false);
    expect(names.some((n) => n.startsWith('catalog-3, started at 5s'))).toBe(false);
    expect(itemDetail(run, 'catalog-1, killed at 10s')).toContain('the last at 24.9s');
    expect(names).toContain(
      'the crash failed 50 orders (needs at most 20, the orders of one TTL: 2s at 10 a second)',
    );
    expect(itemDetail(run, 'after catalog-2 stopped')).toContain('50 of 50 orders failed');
    both('`the last at 24.9s`', '`the last at 24.9s`');
    both(
      'the crash fails `50 orders` where the check allows 20',
      '这次崩溃让 `50 orders` 失败，而检查只允许 20 个',
    );
    both('`50 of 50 orders failed`', '`50 of 50 orders failed`');
  });

  const roundRobin = {
    file: 'main.ts',
    from: "    balancer: 'peak-ewma',\n",
    to: "    balancer: 'round-robin',\n",
  };

  it('says round robin for catalog in step 6 fails nothing, and without retries fails the slow phase on availability', async () => {
    const rr = await capstone('6-chaos', 'solution', roundRobin);
    expect(failed(rr)).toEqual([]);
    expect(rr.stdout).toMatch(/^slow catalog +200 +0 +0 +100\.00% +31ms$/m);
    const bare = await capstone('6-chaos', 'solution', roundRobin, {
      file: 'main.ts',
      from: 'retry: { maxRetries: 2, perTryTimeoutMs: 50 }',
      to: 'retry: { maxRetries: 0, perTryTimeoutMs: 50 }',
    });
    expect(failed(bare)?.map((n) => n.split(' (')[0])).toEqual([
      'slow catalog',
      'recovery',
      'crashed catalog',
    ]);
    expect(itemDetail(bare, 'slow catalog')).toContain('198 of 200 admitted succeeded (99.00%), p99 31ms');
    expect(itemDetail(bare, 'recovery')).toContain('139 of 140 admitted');
    expect(itemDetail(bare, 'crashed catalog')).toContain('199 of 200 admitted');
    both(
      "Nothing fails, and the slow phase's p99 stays at 31 ms",
      '什么都不会失败，慢副本那个阶段的 p99 还是 31ms',
    );
    both('`198 of 200 admitted succeeded (99.00%)`', '`198 of 200 admitted succeeded (99.00%)`');
  });

  it('says peak EWMA without catalog retries in step 6 loses an order in the slow phase', async () => {
    const run = await capstone('6-chaos', 'solution', {
      file: 'main.ts',
      from: 'retry: { maxRetries: 2, perTryTimeoutMs: 50 }',
      to: 'retry: { maxRetries: 0, perTryTimeoutMs: 50 }',
    });
    expect(failed(run)?.map((n) => n.split(' (')[0])).toContain('slow catalog');
    expect(itemDetail(run, 'slow catalog')).toContain('199 of 200 admitted succeeded (99.50%)');
    both(
      'the phase loses an order, `199 of 200 admitted succeeded (99.50%)`',
      '这个阶段会丢一个订单，`199 of 200 admitted succeeded (99.50%)`',
    );
  });

  it('says an unbounded queue in step 6 sheds nothing and fails three phases on a p99 of seconds', async () => {
    const run = await capstone('6-chaos', 'solution', {
      file: 'main.ts',
      from: 'queue: 4 }',
      to: 'queue: 1_000_000 }',
    });
    expect(failed(run)?.map((n) => n.split(' (')[0])).toEqual(['burst x10', 'recovery', 'crashed catalog']);
    expect(run.stdout).toMatch(/^burst x10 +600 +0 +0 +100\.00% *11\.791s$/m);
    expect(run.stdout).toMatch(/^recovery +140 +0 +0 +100\.00% *11\.906s$/m);
    expect(run.stdout).toMatch(/^crashed catalog +200 +0 +0 +100\.00% *8\.381s$/m);
    for (const figure of ['`11.791s`', '`11.906s`', '`8.381s`']) both(figure, figure);
  });

  it('reads each phase of the chaos table as the program prints it, on both pages', () => {
    const rows = snippet('capstone/chaos/main.out')
      .split('\n\n')[1]
      ?.trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['steady', '500', '0', '0', '100.00%', '31ms', '-'],
      ['slow catalog', '500', '0', '0', '100.00%', '330ms', 'p99'],
      ['failing payments', '500', '0', '84', '83.20%', '31ms', 'availability'],
      ['burst x10', '1500', '560', '0', '100.00%', '31ms', '-'],
      ['recovery', '350', '1', '0', '100.00%', '31ms', 'shed at the normal rate'],
      ['crashed catalog', '500', '0', '167', '66.60%', '31ms', 'availability'],
    ]);
    const { en, zh } = pages(slug);
    for (const page of [en, zh]) {
      for (const figure of ['`330ms`', '`100.00%`', '`84`', '`83.20%`', '`560`', '`1500`', '`1`', '`66.60%`'])
        expect(page).toContain(figure);
    }
  });
});
