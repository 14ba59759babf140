/**
 * A check's view of the learner's services: waiting for one to listen, and calling it.
 *
 * gomesh is imported lazily so checks of labs without services never load the mesh. The check
 * and the program share one gomesh instance (labcheck marks it external when built), so
 * `listeners()` sees the program's services and `request` uses the transport the lab host chose.
 * Invariant: connectService settles exactly once: with the listener, or with the program's run
 * when it ended (or hit the time limit) before listening.
 */
import type { ListenerInfo } from 'gomesh';
import type { ProgramRun, RunningProgram } from './program.ts';

/**
 * The options of `t.fetch`, a subset of the fetch API's `RequestInit`. Go: the fields of an
 * `http.NewRequest` call.
 */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; any other value is sent as JSON (with a content-type). */
  readonly body?: unknown;
}

/**
 * The answer of `t.fetch`, shaped like the fetch API's Response.
 *
 * Go: `*http.Response` (`StatusCode`, `Header`, `Body`).
 */
export interface CheckResponse {
  readonly status: number;
  readonly ok: boolean;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (Go: `io.ReadAll(resp.Body)`). */
  text(): Promise<string>;
  /**
   * The body parsed as JSON (Go: `json.NewDecoder(resp.Body).Decode(&v)`); rejects on invalid JSON.
   */
  json(): Promise<unknown>;
}

/** The listener a check connects to (without `close`: the check never closes the program's service). */
export type ListeningService = Pick<ListenerInfo, 'name' | 'url' | 'port'>;

type Mesh = typeof import('gomesh');

let mesh: Promise<Mesh> | undefined;
const loadMesh = () => (mesh ??= import('gomesh'));

const listening = ({ name, url, port }: ListenerInfo): ListeningService => ({ name, url, port });

export async function connectService(
  name: string,
  program: RunningProgram,
  timeoutMs: number,
): Promise<ListeningService | { ended: ProgramRun }> {
  const gomesh = await loadMesh();
  const already = gomesh.listeners().find((l) => l.name === name);
  if (already !== undefined) return listening(already);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: ListeningService | { ended: ProgramRun }) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      resolve(value);
    };
    const unsubscribe = gomesh.onListen((listener) => {
      if (listener.name === name) settle(listening(listener));
    });
    const timer = setTimeout(
      () => settle({ ended: { ...program.snapshot(), timedOut: true, exitCode: -1 } }),
      timeoutMs,
    );
    void program.done.then((run) => settle({ ended: run }));
  });
}

export async function meshFetch(url: string, init: FetchInit = {}): Promise<CheckResponse> {
  const gomesh = await loadMesh();
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(init.headers ?? {})) headers[key.toLowerCase()] = value;
  let body: string | undefined;
  if (typeof init.body === 'string') body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await gomesh.request(url, {
    method: init.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return {
    status: response.status,
    ok: response.status >= 200 && response.status < 300,
    headers: response.headers,
    text: () => response.text(),
    json: () => response.json(),
  };
}
