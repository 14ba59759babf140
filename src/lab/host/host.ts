/**
 * The lab host: the script every runner starts (`node __lab_host.mjs <args>`), built to
 * public/_lab/pkgs/__lab_host.mjs with gort, gomesh and labcheck left as bare imports so it shares
 * the mounted packages with the learner's program and the check.
 *
 * Run mode: configure the runtime from the arguments, import the learner's entry; the process exits
 * with the program's status (0; 2 for a panic or deadlock; 1 for an uncaught JS error). An error
 * the program does not catch — at import, in a callback, an unhandled rejection — is reported by the
 * host (learner.ts): at `main.ts:line:col`, and once per run as a `problem` line for the editor.
 * Check mode: import the transpiled check, run it with a labcheck context, print the report as a
 * protocol line, exit 0 when it passed, else 1. The program's `exit` is captured by the check's
 * environment, so a program that returns from `main` never ends the host before the report.
 * A plain run also records the runtime's trace and sends it as one `trace` line when the program
 * ends by itself (trace.ts), for the lab UI's Timeline; a check sends none. With `--until-serving`
 * (the export's run) a run also ends, with status 0, as soon as the program only serves (gort's
 * `serving()`: nothing runs or waits for a timer, and only listening servers hold it).
 * In both modes, services: gomesh's `onListen` is forwarded as `listen` protocol lines and, in a
 * service lab, its traffic records as `traffic` lines while the program runs (traffic.ts), both
 * except during a check's quiet runs, whose output is not shown either, and, in a service lab, its
 * configuration records (`onMeshConfig`) as `mesh-config` lines, for the export; with
 * `--net=memory` (which the worker runner's mount passes) the in-memory transport is installed
 * before the learner's code loads.
 */
import { activeRuntime, configure } from 'gort';
import { isCheck, runCheck, unloadableCheckReport } from 'labcheck';
import { CHECK_FILE, SOURCES_FILE } from '../packages.ts';
import { parseHostArgs, type HostArgs } from './args.ts';
import { loadLearnerContext, type LearnerContext } from './learner.ts';
import { createProgramEnvironment, errorText } from './program.ts';
import { createTraceRecorder } from './trace.ts';
import { createTrafficRelay, type TrafficRelay } from './traffic.ts';
import {
  captureIsQuiet,
  flushOutput,
  installStdio,
  runtimeWrite,
  writeErr,
  writeMessage,
  writeProblem,
} from './stdio.ts';

interface ProcessLike {
  argv?: string[];
  exit?: (code?: number) => void;
  exitCode?: number;
  on?: (event: string, listener: (error: unknown) => void) => void;
}

const proc = (globalThis as { process?: ProcessLike }).process;
/** The real process.exit, kept before check mode takes it over. */
const realExit = proc?.exit?.bind(proc);

/** Imports a module relative to this script (the mounted tree's root). */
const importRelative = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

function exitHost(code: number): void {
  if (realExit === undefined) throw new Error(`lab host: no process.exit to end with status ${code}`);
  void flushOutput().then(() => realExit(code));
}

/** The most configuration records one run sends (a lab wires a handful). */
const MESH_CONFIG_LIMIT = 1000;

/** The service lab's traffic, sent while the program runs; flushed before the run's last lines. */
let traffic: TrafficRelay | undefined;

async function startMesh(args: HostArgs): Promise<void> {
  if (!args.services && args.net !== 'memory') return;
  const mesh = await import('gomesh');
  if (args.net === 'memory') mesh.setTransport(mesh.memoryTransport());
  // A check's quiet runs announce no listeners, as they send no traffic (below): each explored
  // schedule starts the services again, and the Requests tab listed every service once per schedule.
  mesh.onListen((listener) => {
    if (captureIsQuiet()) return;
    writeMessage({ type: 'listen', name: listener.name, port: listener.port, url: listener.url });
  });
  if (args.services) {
    const relay = createTrafficRelay();
    traffic = relay;
    // A check's quiet runs send no traffic, as they print nothing: the Traffic view after Check
    // shows the run the terminal shows, not every explored schedule piled on the same instants.
    mesh.onTraffic((event) => {
      if (!captureIsQuiet()) relay.record(event);
    });
    // How each service, sidecar and client was set up, for the export (src/lab/export/): a few
    // lines a run, sent as the program wires its services (none from a check's quiet runs). A
    // sidecar's or client's record goes once however often it comes (a program may build a client
    // per request); each server's goes, as each is an instance (the replicas); at most
    // MESH_CONFIG_LIMIT lines in all.
    const sent = new Set<string>();
    let lines = 0;
    mesh.onMeshConfig((record) => {
      if (captureIsQuiet() || lines >= MESH_CONFIG_LIMIT) return;
      if (record.kind !== 'server') {
        const key = JSON.stringify(record);
        if (sent.has(key)) return;
        sent.add(key);
      }
      lines++;
      writeMessage({ type: 'mesh-config', record });
    });
  }
}

/** How often an export's run (`--until-serving`) asks the runtime whether the program only serves. */
const SERVING_POLL_MS = 20;

async function runMode(args: HostArgs, learner: LearnerContext): Promise<void> {
  const trace = createTraceRecorder();
  let poll: ReturnType<typeof setInterval> | undefined;
  let exited = false;
  let failed = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    clearInterval(poll);
    // Before the trace, which takes what room the protocol cap has left.
    traffic?.flush();
    trace.send();
    exitHost(code);
  };
  configure({
    clock: args.clock,
    ...(args.schedule === null ? { seed: args.seed } : { schedule: args.schedule }),
    write: runtimeWrite,
    exit,
    trace: trace.record,
    ...learner.runtime,
  });
  const fail = async (error: unknown) => {
    if (failed) return;
    failed = true;
    // An error nobody caught ends the run with its report, never a "serving" end meanwhile.
    clearInterval(poll);
    const report = await learner.describe(error);
    writeErr(report.text);
    if (report.problem !== undefined) writeProblem(report.problem);
    exit(1);
  };
  // As Node would end the process on them, but with the learner's locations.
  proc?.on?.('uncaughtException', (error) => void fail(error));
  proc?.on?.('unhandledRejection', (error) => void fail(error));
  // The export's run: a service serves until it is stopped, and what the export reads is its setup,
  // complete once the program only serves. A program that ends first ends the run as always.
  // Polled only from the first listener on: serving() needs one, and a listening server keeps the
  // process (and the sandbox worker, whose timers cannot be unref'd) alive by itself, so a program
  // stuck before it listens still ends as it would without the flag (Go's deadlock, host idle).
  if (args.untilServing && args.services) {
    const { onListen } = await import('gomesh');
    const stop = onListen(() => {
      stop();
      if (exited || failed) return;
      poll = setInterval(() => {
        if (activeRuntime().serving()) exit(0);
      }, SERVING_POLL_MS);
      (poll as { unref?: () => void }).unref?.();
    });
  }
  try {
    await importRelative(`./${args.entry}`);
  } catch (error) {
    await fail(error);
  }
}

async function checkMode(args: HostArgs, learner: LearnerContext): Promise<void> {
  const env = createProgramEnvironment(args, importRelative, learner);
  // An error no goroutine caught ends the current run (as it would end the process) and becomes a
  // failed item, instead of ending the host before it could report.
  const onError = (error: unknown) => {
    if (!env.failCurrent(error)) writeErr(`${errorText(error)}\n`);
  };
  proc?.on?.('uncaughtException', onError);
  proc?.on?.('unhandledRejection', onError);
  // A program calling process.exit itself ends its run, not the host (the report is still due).
  if (proc !== undefined && realExit !== undefined) {
    proc.exit = (code?: number) => {
      if (!env.exitCurrent(code ?? 0)) realExit(code ?? 0);
    };
  }
  let report;
  try {
    const module = (await importRelative(`./${CHECK_FILE}`)) as { default?: unknown };
    if (!isCheck(module.default) && typeof module.default !== 'function') {
      throw new Error('check.ts must `export default defineCheck(async (t) => { ... })`');
    }
    const sources = ((await importRelative(`./${SOURCES_FILE}`)) as { default?: unknown }).default;
    report = await runCheck(module.default as Parameters<typeof runCheck>[0], {
      ...env,
      sources: sources as Readonly<Record<string, string>>,
    });
  } catch (error) {
    report = unloadableCheckReport(errorText(error));
  }
  traffic?.flush();
  writeMessage({ type: 'check', report });
  exitHost(report.passed ? 0 : 1);
}

async function main(): Promise<void> {
  const args = parseHostArgs(proc?.argv?.slice(2) ?? []);
  installStdio();
  const learner = await loadLearnerContext(import.meta.url, importRelative, args.internalFrames);
  await startMesh(args);
  if (args.mode === 'run') await runMode(args, learner);
  else await checkMode(args, learner);
}

main().catch((error: unknown) => {
  writeErr(`lab host: ${errorText(error)}\n`);
  exitHost(1);
});
