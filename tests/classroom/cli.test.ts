/**
 * `npm run classroom` itself, as a child process: what it prints, that a crash (SIGKILL, no
 * graceful close) in the middle of a session loses nothing, and `--export`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, item, join, tempDir } from './helpers.ts';

const TSX = ['--import', 'tsx', 'scripts/classroom.ts'];

let temp: ReturnType<typeof tempDir>;
let child: ChildProcess | undefined;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => {
  child?.kill('SIGKILL');
  temp.remove();
});

/** Starts the command and resolves with what its banner says once it has printed the key. */
function start(db: string): Promise<{ code: string; key: string; base: string; output: string }> {
  const started = spawn(
    process.execPath,
    [...TSX, '--no-build', '--host', '127.0.0.1', '--port', '0', '--db', db],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const code = /Room code:\s+([A-Z0-9]{6})/u.exec(output)?.[1];
      const key = /Instructor key:\s+(k_\S+)/u.exec(output)?.[1];
      const base = /on this laptop: (http:\/\/localhost:\d+)\//u.exec(output)?.[1];
      if (code !== undefined && key !== undefined && base !== undefined) resolve({ code, key, base, output });
    });
    started.on('exit', (status) =>
      reject(new Error(`classroom exited (${status}) before its banner:\n${output}`)),
    );
  });
}

describe('npm run classroom', () => {
  // Two starts of the command through tsx: seconds on a quiet machine, more on a busy one.
  it(
    'prints the room, the student URL and the key, and resumes the room after a crash',
    { timeout: 120_000 },
    async () => {
      const db = path.join(temp.dir, 'room.db');
      const first = await start(db);
      expect(first.output).toContain(`http://127.0.0.1:`);
      expect(first.output).toContain(`/?room=${first.code}`);
      const ada = await join(first.base, first.code, 'Ada');
      await api(`${first.base}/api/student/results`, 'POST', ada.token, {
        lab: 'channels/ping-pong',
        items: [item('pongs', false)],
      });
      child?.kill('SIGKILL'); // no graceful close: what was answered must already be on disk
      await new Promise((resolve) => child?.once('exit', resolve));

      const second = await start(db);
      expect([second.code, second.key]).toEqual([first.code, first.key]);
      const view = await api(`${second.base}/api/student`, 'GET', ada.token);
      expect(view.body).toMatchObject({
        results: [{ lab: 'channels/ping-pong', attempts: 1, failing: [{ en: 'pongs' }] }],
      });
      child?.kill('SIGKILL');
      await new Promise((resolve) => child?.once('exit', resolve));

      const csv = path.join(temp.dir, 'results.csv');
      const exported = spawnSync(process.execPath, [...TSX, '--db', db, '--export', csv], {
        encoding: 'utf8',
      });
      expect(exported.stdout).toBe(`wrote 1 student of room ${first.code} to ${csv}\n`);
      expect(readFileSync(csv, 'utf8')).toMatch(
        /\r\nAda,[^,]+,channels\/ping-pong,1,0,1,no,,[^,]+,pongs\r\n$/u,
      );
    },
  );

  it('refuses a bad option with its usage', () => {
    const result = spawnSync(process.execPath, [...TSX, '--port', 'abc'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^classroom: --port must be an integer from 0 to 65535, got "abc"\nusage:/u,
    );
  });
});
