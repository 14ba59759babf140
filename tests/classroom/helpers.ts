/**
 * Helpers for the classroom tests: a real server on 127.0.0.1 port 0 over a real database file, a
 * JSON client, and an event-stream reader whose `waitFor` resolves when a matching event arrives
 * (no timers: the test's own timeout is the only clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEventStream, type StreamEvent } from '../../src/classroom/event-stream.ts';
import { loadLabInfos } from '../../src/classroom/labs.ts';
import {
  createClassroomServer,
  type ClassroomServerOptions,
  type LabInfo,
} from '../../src/classroom/server.ts';
import { readHeadersFile } from '../../src/classroom/site-headers.ts';
import { ClassroomStore, type Room } from '../../src/classroom/store.ts';

let labsOnce: Promise<LabInfo[]> | undefined;
export const realLabs = (): Promise<LabInfo[]> => (labsOnce ??= loadLabInfos('labs'));

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gcl-classroom-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Running {
  readonly url: string;
  readonly room: Room;
  readonly store: ClassroomStore;
  close(): Promise<void>;
}

/**
 * Starts the server on `dbFile`, resuming its latest room or creating one. Every test client is
 * 127.0.0.1, so joins per IP are not limited here unless a test asks (the rate-limit tests do).
 */
export async function startClassroom(
  dbFile: string,
  options: Partial<Omit<ClassroomServerOptions, 'store'>> = {},
): Promise<Running> {
  const store = new ClassroomStore(dbFile);
  const room = store.latestRoom() ?? store.createRoom();
  const { app } = await createClassroomServer({
    store,
    labs: await realLabs(),
    headerRules: readHeadersFile('public/_headers'),
    ...options,
    limits: { joinPerIp: { capacity: 1000, refillMs: 1 }, ...options.limits },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    room,
    store,
    close: async () => {
      await app.close();
      store.close();
    },
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A JSON request; `credential` goes in `Authorization: Bearer`. */
export async function api(
  url: string,
  method: 'GET' | 'POST',
  credential?: string,
  body?: unknown,
  init: { contentType?: string; rawBody?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (credential !== undefined) headers['authorization'] = `Bearer ${credential}`;
  const payload = init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
  };
}

/** Joins `base`'s room as `name` and returns the token. */
export async function join(base: string, code: string, name: string): Promise<{ token: string; id: number }> {
  const response = await api(`${base}/api/join`, 'POST', undefined, { code, name });
  if (response.status !== 201)
    throw new Error(`join failed: ${response.status} ${JSON.stringify(response.body)}`);
  const student = response.body['student'] as { id: number };
  return { token: response.body['token'] as string, id: student.id };
}

export const item = (en: string, pass: boolean) => ({ name: { en, 'zh-cn': `项 ${en}` }, pass });

export class EventReader {
  readonly events: StreamEvent[] = [];
  readonly status: number;
  readonly headers: Headers;
  readonly #abort: AbortController;
  #waiters: { match: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
  #ended = false;

  private constructor(response: Response, abort: AbortController) {
    this.status = response.status;
    this.headers = response.headers;
    this.#abort = abort;
    if (response.body !== null && response.status === 200) void this.#pump(response.body);
  }

  static async open(url: string, credential: string, lastEventId?: string): Promise<EventReader> {
    const abort = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${credential}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(url, { headers, signal: abort.signal });
    return new EventReader(response, abort);
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const event of readEventStream(body)) {
        this.events.push(event);
        this.#waiters = this.#waiters.filter((w) => {
          if (!w.match(event)) return true;
          w.resolve(event);
          return false;
        });
      }
    } catch {
      // aborted by close()
    }
    this.#ended = true;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The first event (already received or still to come) for which `match` holds. */
  waitFor(match: (event: StreamEvent) => boolean): Promise<StreamEvent> {
    const seen = this.events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  data<T>(event: StreamEvent): T {
    return JSON.parse(event.data) as T;
  }

  close(): void {
    this.#abort.abort();
  }
}
