/**
 * Services on gort's virtual clock, with real servers on 127.0.0.1 port 0 and on the in-memory
 * network (transport/wire.ts has the rule): time never jumps while bytes are on the wire, so a
 * client's deadline cannot fire before an answer already on its way arrives; time does jump while
 * a handler in this process sleeps on the virtual clock, so it wakes; and an exchange with a server
 * outside the mesh holds the clock until its answer is read.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { runProgram } from 'gort/testing';
import { Second, now, since, sleep } from 'gort/time';
import { get, nodeHttpTransport, serve, setTransport, text } from 'gomesh';
import { TRANSPORTS, onFreshTransport } from './helpers.ts';

/** Runs `fn` as a program on the virtual clock and returns what it reported. */
async function virtually<T>(fn: () => Promise<T>): Promise<T> {
  let value: T | undefined;
  const program = await runProgram(async () => {
    value = await fn();
  });
  expect(program.output).toBe('');
  expect(program.exitCode).toBe(0);
  return value as T;
}

describe.each(TRANSPORTS)('the virtual clock on $name', (tc) => {
  onFreshTransport(tc);

  it('never fires a deadline while the answer is on the wire (it used to jump to the deadline)', async () => {
    const got = await virtually(async () => {
      const s = await serve('quick', () => text(200, 'here'));
      const start = now();
      const res = await get(`${s.url}/`, { timeoutMs: 1 });
      const elapsed = since(start);
      await s.close();
      return { status: res.status, elapsed };
    });
    expect(got).toEqual({ status: 200, elapsed: 0 });
  });

  it('lets a handler in this process sleep on the virtual clock while its client waits', async () => {
    const got = await virtually(async () => {
      const s = await serve('sleepy', async () => {
        await sleep(5 * Second);
        return text(200, 'rested');
      });
      const start = now();
      const res = await get(`${s.url}/`);
      const elapsed = since(start);
      await s.close();
      return { body: await res.text(), elapsed };
    });
    expect(got).toEqual({ body: 'rested', elapsed: 5000 });
  });
});

describe('the virtual clock and a server outside the mesh', () => {
  it('holds the clock for the whole exchange, answered in real time', async () => {
    setTransport(nodeHttpTransport());
    const outside = http.createServer((_req, res) => {
      setTimeout(() => res.end('late but sure'), 30); // 30 ms of real time
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    const { port } = outside.address() as { port: number };
    try {
      const got = await virtually(async () => {
        const start = now();
        const res = await get(`http://127.0.0.1:${port}/`, { timeoutMs: 5 });
        return { body: await res.text(), elapsed: since(start) };
      });
      expect(got).toEqual({ body: 'late but sure', elapsed: 0 });
    } finally {
      outside.closeAllConnections();
      await new Promise((resolve) => outside.close(resolve));
    }
  });
});
