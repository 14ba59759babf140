/**
 * A Go service of the snippets module, started for a test and called over real HTTP on 127.0.0.1,
 * like `curl -s localhost:8080/path`.
 *
 * The service is built with its one listen address `":8080"` moved to a free port (an overlay of
 * the program file, tests/go/run-go.ts `withOverlay`): 8080 may be held by another program on a
 * shared machine. That literal is the only change. Invariant: `startGoService` either returns a
 * listening service or ends it and removes its folder; `stop` ends the service and its folder.
 */
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { endGroup, programDir, spawnMerged, withOverlay, type GoProgramFile } from './run-go.ts';
import { GO_LIMIT_MS, runGo } from './toolchain.ts';

/** A free TCP port on 127.0.0.1 (free when asked; the service binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

/**
 * Resolves once something accepts connections on `port`; rejects if `exited` settles first or the
 * safety limit passes.
 */
async function listening(port: number, exited: Promise<number>): Promise<void> {
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + GO_LIMIT_MS;
  for (;;) {
    if (ended) throw new Error('the service exited before it listened');
    if (Date.now() > deadline) throw new Error(`the service did not listen within ${GO_LIMIT_MS / 1000} s`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ServiceAnswer {
  readonly status: number;
  /** The media type of Content-Type, without parameters (`application/json`). */
  readonly contentType: string;
  readonly body: string;
}

export interface RunningService {
  /** `GET <path>` on the service, like `curl -s localhost:8080<path>`. */
  readonly get: (requestPath: string) => Promise<ServiceAnswer>;
  /** Ends the service; resolves to everything it printed. */
  readonly stop: () => Promise<string>;
}

/** The one listen address a service program may contain; tests move it to a free port. */
export const SERVICE_ADDRESS = '":8080"';

function get(port: number, requestPath: string): Promise<ServiceAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: requestPath, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: (res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Builds the service (its listen address `":8080"` moved to a free port on 127.0.0.1, the only
 * change) and starts it. `source` is the program text to serve, default the file as it is.
 */
export async function startGoService(program: GoProgramFile, source: string): Promise<RunningService> {
  const occurrences = source.split(SERVICE_ADDRESS).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `${program.dir}/${program.file} must listen on ${SERVICE_ADDRESS} exactly once, found ${occurrences}`,
    );
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'gcl-go-service-'));
  try {
    const port = await freePort();
    const binary = path.join(tmp, 'service');
    const built = await withOverlay(
      program,
      { source: source.replace(SERVICE_ADDRESS, `"127.0.0.1:${port}"`) },
      (flags) =>
        runGo(['build', '-buildvcs=false', ...flags, '-o', binary, '.'], { cwd: programDir(program) }),
    );
    if (built.exitCode !== 0) throw new Error(`go build ${program.dir} failed:\n${built.stderr}`);
    const service = spawnMerged(binary, [], tmp, path.join(tmp, 'output'));
    try {
      await listening(port, service.exited);
    } catch (error) {
      await endGroup(service);
      throw new Error(`${program.dir}: ${(error as Error).message}; it printed:\n${await service.output()}`, {
        cause: error,
      });
    }
    return {
      get: (requestPath) => get(port, requestPath),
      stop: async () => {
        await endGroup(service);
        const output = await service.output();
        await rm(tmp, { recursive: true, force: true });
        return output;
      },
    };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
