/**
 * The runner contract: one table of programs and what every runner must make of them — output,
 * exit status, Stop of a busy loop, the time limit, the output cap, `request()`, problem messages
 * and error locations in the learner's file. Run against the Node runner and the WebContainer
 * runner (over a typed fake whose processes are real `node`) by tests/lab/runner-contract.test.ts,
 * and against the sandboxed worker in real Chromium by tests/e2e/runner-worker.spec.ts.
 *
 * Each case is a plain tree (run as it is) or a learner program (mounted with the lab host and the
 * packages, as a lab is). What is compared is the output with the protocol lines taken out (line
 * ends normalized: the WebContainer's terminal writes `\r\n`), the run's result, the problem lines,
 * and the answer to a request.
 */
import type { LoadedPackages } from '../../src/lab/packages.ts';
import { buildMount } from '../../src/lab/mount.ts';
import { demuxOutput, trafficEventOf, type ProblemMessage } from '../../src/lab/protocol.ts';
import type { RunResult } from '../../src/lab/runner.ts';
import { labMetaSchema } from '../../src/lab/schema.ts';
import type { ContractAct, ContractResponse, PreparedProgram, RawRun } from './runner-contract-drive.ts';

/** Every runner in the contract is made with this output cap (below a pipe's 64 KB; see node-runner.test.ts). */
export const CONTRACT_OUTPUT_LIMIT = 16 * 1024;

export interface Expected {
  readonly result: RunResult;
  /** The whole output, exactly (protocol lines taken out). */
  readonly output?: string;
  /** Parts the output must contain. */
  readonly includes?: readonly string[];
  /** Parts it must not contain (blob URLs, emitted file names, temporary paths). */
  readonly excludes?: readonly string[];
  readonly problems?: readonly ProblemMessage[];
  readonly response?: ContractResponse;
  /** A check's verdict (the `check` protocol message's `passed`). */
  readonly passed?: boolean | undefined;
  /** The mesh's traffic records the host streamed while the program ran (times left out). */
  readonly traffic?: readonly TrafficSeen[];
}

export interface TrafficSeen {
  readonly from: string | null;
  readonly to: string;
  readonly status: number;
  readonly attempt: number;
}

export interface ContractCase {
  readonly name: string;
  /** A plain tree, entry `main.mjs`. */
  readonly tree?: Readonly<Record<string, string>>;
  /** A learner program: its `.ts` files, entry `main.ts`, mounted with the lab host. */
  readonly learner?: Readonly<Record<string, string>>;
  readonly clock?: 'virtual' | 'real';
  readonly services?: boolean;
  readonly timeoutMs?: number;
  readonly act?: ContractAct;
  /** A check's source: the learner program is mounted in check mode with it. */
  readonly check?: string;
  /** Run mode: a schedule token to replay (`--schedule`). */
  readonly schedule?: string;
  readonly expected: Expected;
}

/** Three goroutines racing on a buffered channel: the order they print in depends on the schedule. */
const racers = [
  "import { main, chan } from 'gort';",
  "import { WaitGroup } from 'gort/sync';",
  'main(async () => {',
  '  const wg = new WaitGroup();',
  '  const ch = chan<string>(9);',
  "  for (const name of ['a', 'b', 'c']) wg.go(async () => { await ch.send(name); console.log(name + 1); await ch.send(name); console.log(name + 2); });",
  '  await wg.wait();',
  '});',
].join('\n');

const NOT_LEARNER = ['blob:', 'main.js', 'file:', 'lab-run-', 'node_modules'];

const flood = "const line = 'x'.repeat(99) + '\\n';\nfor (;;) process.stdout.write(line);";

export const CONTRACT: readonly ContractCase[] = [
  {
    name: 'streams the output and exits 0',
    tree: { 'main.mjs': "console.log('hello');\nconsole.log('world', 42);" },
    expected: { result: { exitCode: 0, stopped: false }, output: 'hello\nworld 42\n' },
  },
  {
    name: 'ends with the status given to process.exit',
    tree: { 'main.mjs': "console.log('bye');\nprocess.exit(3);" },
    expected: { result: { exitCode: 3, stopped: false }, output: 'bye\n' },
  },
  {
    name: 'stops a busy loop',
    tree: { 'main.mjs': "console.log('spinning');\nfor (;;) {}" },
    act: { kind: 'stop', after: 'spinning' },
    expected: { result: { exitCode: 130, stopped: true, reason: 'stopped' }, output: 'spinning\n' },
  },
  {
    name: 'ends a program at its time limit',
    tree: { 'main.mjs': "console.log('waiting');\nsetInterval(() => {}, 1000);" },
    // Far above the time 'waiting' takes to print, even on a loaded machine: the limit is the subject
    // here, and the program must have printed before it ends the run.
    timeoutMs: 3000,
    expected: { result: { exitCode: 130, stopped: true, reason: 'timeout' }, output: 'waiting\n' },
  },
  {
    name: 'cuts a flood at the cap and says so in the result, printing no notice of its own',
    tree: { 'main.mjs': flood },
    expected: {
      result: { exitCode: 130, stopped: true, reason: 'output-limit', outputLimit: CONTRACT_OUTPUT_LIMIT },
      output: `${'x'.repeat(99)}\n`.repeat(200).slice(0, CONTRACT_OUTPUT_LIMIT),
    },
  },
  {
    // The host's protocol lines count against their own cap: a trace three times the output cap
    // used to end the run as a flood (and a long run's Timeline lost most of its events).
    name: 'passes a protocol line longer than the output cap, which only counts the program’s text',
    tree: {
      'main.mjs': [
        "const rows = Array.from({ length: 5000 }, (_, i) => ['u', i, 2]);",
        "process.stdout.write('before\\n');",
        "process.stdout.write('\\x1eLAB ' + JSON.stringify({ type: 'trace', rows, total: 5000 }) + '\\n');",
        "console.log('after');",
      ].join('\n'),
    },
    expected: { result: { exitCode: 0, stopped: false }, output: 'before\nafter\n' },
  },
  {
    name: 'runs a Go-style program on the virtual clock',
    learner: {
      'main.ts': [
        "import { main, go, chan } from 'gort';",
        "import { sleep, Millisecond } from 'gort/time';",
        'main(async () => {',
        '  const done = chan<string>();',
        "  go(async () => { await sleep(5000 * Millisecond); await done.send('slept 5 s'); });",
        '  console.log(await done.recv());',
        '});',
      ].join('\n'),
    },
    expected: { result: { exitCode: 0, stopped: false }, output: 'slept 5 s\n' },
  },
  {
    name: "prints a Go panic with Go's text at the learner's line, and exits 2",
    learner: {
      'main.ts': [
        "import { main, panic } from 'gort';",
        'function check(n: number): void {',
        '  if (n > 1) panic(`too many: ${n}`);',
        '}',
        'main(async () => {',
        '  check(2);',
        '});',
      ].join('\n'),
    },
    expected: {
      result: { exitCode: 2, stopped: false },
      output:
        'panic: too many: 2\n\ngoroutine 1 [running]:\nmain.check(...)\n\tmain.ts:3\nmain.main()\n\tmain.ts:6\n',
      problems: [{ type: 'problem', kind: 'panic', file: 'main.ts', line: 3, column: 14 }],
    },
  },
  {
    name: 'names the line each goroutine is blocked at in a deadlock, as Go does',
    learner: {
      'main.ts': [
        "import { main, go, chan } from 'gort';",
        'main(async () => {',
        '  const results = chan<number>();',
        '  go(async () => {',
        '    await results.send(1);',
        '    await results.send(2);',
        '  });',
        '  console.log(await results.recv());',
        '  await chan<void>().recv();',
        '});',
      ].join('\n'),
    },
    expected: {
      result: { exitCode: 2, stopped: false },
      output: [
        '1',
        'fatal error: all goroutines are asleep - deadlock!',
        '',
        'goroutine 1 [chan receive]:',
        'main.main()',
        '\tmain.ts:9',
        '',
        'goroutine 2 [chan send]:',
        'main.main.func1()',
        '\tmain.ts:6',
        'created by main.main in goroutine 1',
        '\tmain.ts:4',
        '',
      ].join('\n'),
      problems: [{ type: 'problem', kind: 'deadlock', file: 'main.ts', line: 9, column: 22 }],
    },
  },
  {
    name: 'reports an uncaught error at main.ts, with no frame outside the learner files',
    learner: {
      'main.ts': [
        'const n: number = 1;',
        'function boom(x: number): never { throw new Error(`boom ${x}`); }',
        'boom(n);',
      ].join('\n'),
    },
    expected: {
      result: { exitCode: 1, stopped: false },
      output: 'Uncaught Error: boom 1\n    at boom (main.ts:2:41)\n    at main.ts:3:1\n',
      problems: [{ type: 'problem', kind: 'error', file: 'main.ts', line: 2, column: 41 }],
    },
  },
  {
    name: 'reports an error thrown in a callback at main.ts',
    learner: {
      'main.ts': [
        'const label: string = "tick";',
        'function explode(): void { throw new TypeError(`${label} failed`); }',
        'setTimeout(explode, 1);',
      ].join('\n'),
    },
    expected: {
      result: { exitCode: 1, stopped: false },
      includes: ['Uncaught TypeError: tick failed\n', '(main.ts:2:34)\n'],
      excludes: NOT_LEARNER,
      problems: [{ type: 'problem', kind: 'error', file: 'main.ts', line: 2, column: 34 }],
    },
  },
  {
    name: 'points a missing export at the import, naming the package and its close names',
    learner: { 'main.ts': "import { main, Go } from 'gort';\nmain(async () => Go(() => {}));\n" },
    expected: {
      result: { exitCode: 1, stopped: false },
      output:
        "main.ts:1:16: the module 'gort' does not provide an export named 'Go'\n    did you mean 'go'? ('gort' exports it)\n",
      problems: [{ type: 'problem', kind: 'import', file: 'main.ts', line: 1, column: 16 }],
    },
  },
  {
    name: 'points a missing package at the import, naming it and the close packages',
    learner: {
      'main.ts': "const n: number = 1;\nimport { Router } from 'gomsh';\nconsole.log(Router, n);\n",
    },
    expected: {
      result: { exitCode: 1, stopped: false },
      output: "main.ts:2:24: Cannot find package 'gomsh' imported from main.ts\n    did you mean 'gomesh'?\n",
      problems: [{ type: 'problem', kind: 'import', file: 'main.ts', line: 2, column: 24 }],
    },
  },
  {
    name: "points a missing learner module at the import, as the learner wrote it ('./util')",
    learner: { 'main.ts': "import { x } from './util';\nconsole.log(x);\n" },
    expected: {
      result: { exitCode: 1, stopped: false },
      output: "main.ts:1:19: Cannot find module './util' imported from main.ts\n",
      problems: [{ type: 'problem', kind: 'import', file: 'main.ts', line: 1, column: 19 }],
    },
  },
  {
    name: 'answers request() with the running service',
    learner: {
      'main.ts': [
        "import { main } from 'gort';",
        "import { Router, listenAndServe, text } from 'gomesh';",
        'const r = new Router();',
        "r.get('/ping', () => text(200, 'pong'));",
        "main(async () => { await listenAndServe('127.0.0.1:0', r, { name: 'pinger' }); });",
      ].join('\n'),
    },
    clock: 'real',
    services: true,
    act: { kind: 'request', path: '/ping' },
    expected: {
      result: { exitCode: 130, stopped: true, reason: 'stopped' },
      response: { status: 200, body: 'pong' },
      // The page's request, from outside the mesh, streamed before the program was stopped.
      traffic: [{ from: null, to: 'pinger', status: 200, attempt: 0 }],
    },
  },
  {
    name: 'replays a schedule token: the same interleaving in every runner',
    learner: { 'main.ts': racers },
    schedule: 'rw-10',
    expected: { result: { exitCode: 0, stopped: false }, output: 'b1\na1\na2\nb2\nc1\nc2\n' },
  },
  {
    name: 'runs the entry again for each run of a check (t.explore, 20 schedules)',
    learner: { 'main.ts': racers },
    check: [
      "import { defineCheck } from 'labcheck';",
      'export default defineCheck(async (t) => {',
      "  await t.explore((run) => t.equal({ en: 'six lines', 'zh-cn': '六行' }, run.lines.length, 6), { schedules: 20 });",
      '});',
    ].join('\n'),
    expected: { result: { exitCode: 0, stopped: false }, passed: true },
  },
  {
    name: 'rejects request() with not-running once the program has ended',
    tree: { 'main.mjs': "console.log('done');" },
    act: { kind: 'request-after-end', path: '/ping' },
    expected: { result: { exitCode: 0, stopped: false }, response: { error: 'not-running' } },
  },
];

/** The tree, entry and arguments a runner is given for `c`; `net: 'memory'` for the sandbox. */
export function prepareCase(
  c: ContractCase,
  packages: Pick<LoadedPackages, 'packages' | 'host'>,
  net?: 'memory',
): PreparedProgram {
  const timeout = c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs };
  if (c.tree !== undefined) return { files: c.tree, entry: 'main.mjs', args: [], ...timeout };
  const meta = labMetaSchema.parse({
    title: { en: c.name, 'zh-cn': c.name },
    lesson: 'contract',
    kind: 'demo',
    instructions: { en: c.name, 'zh-cn': c.name },
    clock: c.clock ?? 'virtual',
    services: c.services ?? false,
    ...timeout,
  });
  const mount = buildMount({
    meta,
    files: c.learner ?? {},
    packages: packages.packages,
    host: packages.host,
    ...(c.check === undefined ? { mode: 'run' as const } : { mode: 'check' as const, check: c.check }),
    ...(c.schedule === undefined ? {} : { schedule: c.schedule }),
    ...(net === undefined ? {} : { net }),
  });
  return { files: mount.files, entry: mount.entry, args: mount.args, timeoutMs: mount.timeoutMs };
}

/** What `run` shows of what `c` expects, in the same shape, so `toEqual(c.expected)` compares them. */
export function observe(c: ContractCase, run: RawRun): Expected {
  const { text, messages } = demuxOutput(run.output.replaceAll('\r\n', '\n'));
  const { expected } = c;
  return {
    result: run.result,
    ...(expected.output === undefined ? {} : { output: text }),
    ...(expected.includes === undefined
      ? {}
      : { includes: expected.includes.filter((s) => text.includes(s)) }),
    ...(expected.excludes === undefined
      ? {}
      : { excludes: expected.excludes.filter((s) => !text.includes(s)) }),
    ...(expected.problems === undefined
      ? {}
      : { problems: messages.filter((m): m is ProblemMessage => m.type === 'problem') }),
    ...(expected.response === undefined ? {} : run.response === undefined ? {} : { response: run.response }),
    ...(expected.passed === undefined
      ? {}
      : { passed: messages.find((m) => m.type === 'check')?.report.passed }),
    ...(expected.traffic === undefined
      ? {}
      : {
          traffic: messages.flatMap((m) =>
            m.type !== 'traffic'
              ? []
              : m.rows.flatMap((row): TrafficSeen[] => {
                  const e = trafficEventOf(row);
                  return e?.kind === 'request'
                    ? [{ from: e.from, to: e.to, status: e.status, attempt: e.attempt }]
                    : [];
                }),
          ),
        }),
  };
}
