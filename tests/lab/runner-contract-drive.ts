/**
 * How the runner contract suite drives one runner through one case: start the program, do what the
 * case says while it runs (stop it once it printed something, or send a request to the service it
 * announced), and collect what came out. Browser-safe, so the worker's harness page bundles this
 * same function (tests/e2e/runner-worker.spec.ts) and every runner is driven alike.
 */
import { demuxOutput } from '../../src/lab/protocol.ts';
import type { FileTree, LabRunner, RunResult } from '../../src/lab/runner.ts';

/** What the test does while the program runs. */
export type ContractAct =
  /** Stops the program once its output contains `after`. */
  | { readonly kind: 'stop'; readonly after: string }
  /**
   * Once a service is announced: GET `path` on it with runner.request(), wait for the host's first
   * `traffic` batch (streamed while the program runs), then stop the program.
   */
  | { readonly kind: 'request'; readonly path: string }
  /** Once the program has ended: GET `path` of a made-up service with runner.request(). */
  | { readonly kind: 'request-after-end'; readonly path: string };

export interface PreparedProgram {
  readonly files: FileTree;
  readonly entry: string;
  readonly args: readonly string[];
  readonly timeoutMs?: number;
}

export type ContractResponse =
  { readonly status: number; readonly body: string } | { readonly error: string | undefined };

export interface RawRun {
  /** Everything the program wrote, in order, both streams. */
  readonly output: string;
  readonly result: RunResult;
  readonly response?: ContractResponse;
}

const hasTraffic = (output: string) => demuxOutput(output).messages.some((m) => m.type === 'traffic');

/** The URL of the first service announced in `output`, if any. */
function announced(output: string): string | undefined {
  for (const message of demuxOutput(output).messages) if (message.type === 'listen') return message.url;
  return undefined;
}

async function ask(runner: LabRunner, url: string): Promise<ContractResponse> {
  try {
    const response = await runner.request({ url, method: 'GET' });
    return { status: response.status, body: response.body };
  } catch (error) {
    return { error: (error as { code?: string }).code };
  }
}

export async function driveRunner(
  runner: LabRunner,
  program: PreparedProgram,
  act?: ContractAct,
): Promise<RawRun> {
  let output = '';
  let changed: () => void = () => undefined;
  const handle = runner.run({
    files: program.files,
    entry: program.entry,
    args: program.args,
    ...(program.timeoutMs === undefined ? {} : { timeoutMs: program.timeoutMs }),
    onOutput: (chunk) => {
      output += chunk;
      changed();
    },
  });
  let ended = false;
  void handle.done.then(() => {
    ended = true;
    changed();
  });
  /** Resolves once `ready()` holds or the program has ended, whichever comes first. */
  const until = (ready: () => boolean) =>
    new Promise<void>((resolve) => {
      changed = () => {
        if (ready() || ended) resolve();
      };
      changed();
    });

  let response: ContractResponse | undefined;
  if (act?.kind === 'stop') {
    await until(() => output.includes(act.after));
    handle.stop();
  } else if (act?.kind === 'request') {
    await until(() => announced(output) !== undefined);
    const url = announced(output);
    if (url !== undefined) response = await ask(runner, `${url}${act.path}`);
    await until(() => hasTraffic(output));
    handle.stop();
  }
  const result = await handle.done;
  if (act?.kind === 'request-after-end') response = await ask(runner, `http://127.0.0.1:1${act.path}`);
  return { output, result, ...(response === undefined ? {} : { response }) };
}
