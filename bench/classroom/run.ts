/**
 * bench/classroom: how many students one laptop's room service serves.
 *
 * The server runs in a child process (this file with CLASSROOM_BENCH_ROLE=server: the real
 * createClassroomServer over a real SQLite file in a temp dir), so its CPU is measured apart from
 * the simulated students, which run in this process. For each class size N (--students, default
 * 30,100,300): one instructor event stream is open; the N students join (one POST each) and each
 * opens their own event stream, as the site's pages will; then two phases:
 *   realistic  every student presses Check once every --interval seconds (default 5: everyone busy
 *              at once), at a random phase, for --duration seconds (default 15);
 *   saturation every student submits again as soon as the previous answer arrives (a closed loop),
 *              for --saturate seconds (default 5): the most submissions/s the server takes.
 * Reported per phase: submissions/s, latency p50/p99 of a submission (POST to answer), the
 * instructor-event lag p50/p99 (from the POST leaving the student to the `result` event reaching the
 * instructor's stream: what the dashboard waits), and the server's CPU time per submission.
 * All clients are 127.0.0.1, so the bench raises the per-IP and per-student rate limits (which
 * would otherwise refuse a class behind one address, and a closed loop); nothing else changes.
 *
 * Run alone: `npx tsx bench/classroom/run.ts [--students 30,100,300] [--interval S] [--duration S]
 * [--saturate S]`, or through `npm run bench -- classroom`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readEventStream } from '../../src/classroom/event-stream.ts';

interface Ready {
  readonly port: number;
  readonly code: string;
  readonly key: string;
}
interface Usage {
  readonly cpuMicros: number;
  readonly rssBytes: number;
}

const LAB = 'goroutines/wait-for-workers';
const ITEMS = [
  'all five workers finish before main returns',
  'main never sleeps',
  'every worker reports exactly once',
  'the program exits with status 0',
].map((en) => ({ name: { en, 'zh-cn': `检查项：${en}` } }));

// ---------------------------------------------------------------- the server child

async function serve(): Promise<void> {
  const { ClassroomStore } = await import('../../src/classroom/store.ts');
  const { createClassroomServer } = await import('../../src/classroom/server.ts');
  const { loadLabInfos } = await import('../../src/classroom/labs.ts');
  const { readHeadersFile } = await import('../../src/classroom/site-headers.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'gcl-classroom-bench-'));
  const store = new ClassroomStore(path.join(dir, 'room.db'));
  const room = store.createRoom();
  const unlimited = { capacity: 1_000_000, refillMs: 1 };
  const { app } = await createClassroomServer({
    store,
    labs: await loadLabInfos('labs'),
    headerRules: readHeadersFile('public/_headers'),
    limits: {
      joinPerIp: unlimited,
      writePerIp: unlimited,
      resultPerStudent: unlimited,
      streamsPerStudent: 4,
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const start = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'usage') {
      const { user, system } = process.cpuUsage(start);
      process.send?.({ cpuMicros: user + system, rssBytes: process.memoryUsage().rss } satisfies Usage);
    } else if (message === 'stop') {
      void app.close().then(() => {
        store.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send?.({ port, code: room.code, key: room.key } satisfies Ready);
}

// ---------------------------------------------------------------- the students

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface PhaseResult {
  readonly phase: string;
  readonly submissions: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latency: readonly number[];
  readonly lag: readonly number[];
  readonly cpuMicros: number;
  /** CPU time of this process (the simulated students) during the phase. */
  readonly clientCpuMicros: number;
}

async function classOf(students: number, options: { interval: number; duration: number; saturate: number }) {
  const self = fileURLToPath(import.meta.url);
  const child = fork(self, [], {
    env: { ...process.env, CLASSROOM_BENCH_ROLE: 'server' },
    execArgv: ['--import', 'tsx'],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const ready = await next<Ready>();
  const base = `http://127.0.0.1:${ready.port}`;
  const usage = async () => {
    const reply = next<Usage>();
    child.send('usage');
    return reply;
  };
  const aborts: AbortController[] = [];
  const stream = async (credential: string, onEvent?: (event: string, data: string) => void) => {
    const abort = new AbortController();
    aborts.push(abort);
    const response = await fetch(`${base}/api/${onEvent === undefined ? 'student' : 'instructor'}/events`, {
      headers: { authorization: `Bearer ${credential}` },
      signal: abort.signal,
    });
    if (response.body === null) throw new Error(`stream refused: ${response.status}`);
    void (async () => {
      try {
        for await (const e of readEventStream(response.body!)) onEvent?.(e.event, e.data);
      } catch {
        // aborted at the end
      }
    })();
  };

  // The instructor's stream: match each `result` event with the submission that caused it.
  const sentAt = new Map<string, number>();
  let lags: number[] = [];
  await stream(ready.key, (event, data) => {
    if (event !== 'result') return;
    const { result } = JSON.parse(data) as { result: { studentId: number; attempts: number } };
    const key = `${result.studentId}:${result.attempts}`;
    const at = sentAt.get(key);
    if (at !== undefined) {
      lags.push(performance.now() - at);
      sentAt.delete(key);
    }
  });

  const joinLatency: number[] = [];
  const tokens: { id: number; token: string; attempts: number }[] = [];
  await Promise.all(
    Array.from({ length: students }, async (_, i) => {
      const t0 = performance.now();
      const response = await fetch(`${base}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: ready.code, name: `Student ${i + 1}` }),
      });
      const body = (await response.json()) as { token: string; student: { id: number } };
      joinLatency.push(performance.now() - t0);
      tokens.push({ id: body.student.id, token: body.token, attempts: 0 });
      await stream(body.token);
    }),
  );

  let errors = 0;
  let latency: number[] = [];
  const submit = async (student: (typeof tokens)[number]) => {
    student.attempts += 1;
    const pass = Math.random() < 0.5;
    const t0 = performance.now();
    sentAt.set(`${student.id}:${student.attempts}`, t0);
    const response = await fetch(`${base}/api/student/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${student.token}` },
      body: JSON.stringify({ lab: LAB, items: ITEMS.map((item, i) => ({ ...item, pass: pass || i > 1 })) }),
    });
    await response.arrayBuffer();
    latency.push(performance.now() - t0);
    if (response.status !== 201) errors += 1;
  };

  const phase = async (name: string, seconds: number, run: (until: number) => Promise<void>) => {
    latency = [];
    lags = [];
    errors = 0;
    const cpuBefore = (await usage()).cpuMicros;
    const clientBefore = process.cpuUsage();
    const t0 = performance.now();
    await run(t0 + seconds * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    // let the last events reach the instructor before counting their lag
    for (let i = 0; i < 50 && sentAt.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    const cpuMicros = (await usage()).cpuMicros - cpuBefore;
    const client = process.cpuUsage(clientBefore);
    const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      phase: name,
      submissions: latency.length,
      errors,
      seconds: elapsed,
      latency: sort(latency),
      lag: sort(lags),
      cpuMicros,
      clientCpuMicros: client.user + client.system,
    } satisfies PhaseResult;
  };

  const realistic = await phase('realistic', options.duration, async (until) => {
    await Promise.all(
      tokens.map(async (student) => {
        let at = performance.now() + Math.random() * options.interval * 1000;
        while (at < until) {
          await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
          await submit(student);
          at += options.interval * 1000;
        }
      }),
    );
  });
  const saturation = await phase('saturation', options.saturate, async (until) => {
    await Promise.all(
      tokens.map(async (student) => {
        while (performance.now() < until) await submit(student);
      }),
    );
  });
  const { rssBytes } = await usage();

  for (const abort of aborts) abort.abort();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  return {
    students,
    joinLatency: [...joinLatency].sort((a, b) => a - b),
    phases: [realistic, saturation],
    rssBytes,
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '30,100,300' },
      interval: { type: 'string', default: '5' },
      duration: { type: 'string', default: '15' },
      saturate: { type: 'string', default: '5' },
    },
    strict: false, // `npm run bench` passes every suite the others' options too
  });
  const sizes = String(values.students)
    .split(',')
    .map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(
      `Expected \`--students\` to be integers >= 1 like 30,100,300, got ${String(values.students)}`,
    );
  }
  const options = {
    interval: Number(values.interval),
    duration: Number(values.duration),
    saturate: Number(values.saturate),
  };
  const load = () => loadavg()[0]?.toFixed(1) ?? '?';
  const loadAtStart = load();
  const ms = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
  process.stdout.write(
    `One server process (Fastify + node:sqlite, WAL) on this machine; simulated students in another process.\n` +
      `Realistic: each student submits a 4-item check result every ${options.interval} s for ${options.duration} s; ` +
      `saturation: each submits back to back for ${options.saturate} s. Every student and the instructor hold an event stream.\n\n`,
  );
  process.stdout.write(
    "| students | phase | submissions/s | errors | latency p50 / p99 (ms) | instructor lag p50 / p99 (ms) | server CPU per submission (µs) | server CPU (% of a core) | students' CPU (% of a core) |\n" +
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  const summaries: string[] = [];
  for (const students of sizes) {
    const run = await classOf(students, options);
    for (const p of run.phases) {
      process.stdout.write(
        `| ${students} | ${p.phase} | ${(p.submissions / p.seconds).toFixed(0)} | ${p.errors} | ` +
          `${ms(percentile(p.latency, 50))} / ${ms(percentile(p.latency, 99))} | ` +
          `${ms(percentile(p.lag, 50))} / ${ms(percentile(p.lag, 99))} | ` +
          `${p.submissions === 0 ? '-' : (p.cpuMicros / p.submissions).toFixed(0)} | ` +
          `${((p.cpuMicros / (p.seconds * 1e6)) * 100).toFixed(0)} | ${((p.clientCpuMicros / (p.seconds * 1e6)) * 100).toFixed(0)} |\n`,
      );
    }
    summaries.push(
      `${students} students: joins p99 ${ms(percentile(run.joinLatency, 99))} ms; server RSS ${(run.rssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
  }
  process.stdout.write(`\n${summaries.join('\n')}\n`);
  process.stdout.write(
    `Load average ${loadAtStart} at the start, ${load()} at the end (${cpus().length} cores).\n`,
  );
  process.stdout.write(
    `\nWhen the students' process is near 100% of a core, it, not the server, limits the flat-out rate: ` +
      `read the server's capacity from its CPU per submission (1e6 / that = submissions/s per core).\n`,
  );
}

if (process.env['CLASSROOM_BENCH_ROLE'] === 'server') await serve();
else await main();
