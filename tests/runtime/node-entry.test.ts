/**
 * End to end: the runtime runs in plain `node` (through tsx, as `npm run lab` does) with `main()`
 * and the default configuration, and ends the process with Go's exit statuses via process.exit.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(fixture: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [join(here, 'fixtures', fixture)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a gort program under plain node', () => {
  it('exits 0 as soon as main returns, abandoning blocked goroutines and pending host timers', () => {
    const r = run('hello.ts');
    expect(r.stdout).toBe('hello from a goroutine\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('exits 2 with the deadlock report when main can never be woken', () => {
    const r = run('deadlock.ts');
    expect(r.stdout).toBe('waiting\n');
    expect(r.stderr).toBe(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n',
    );
    expect(r.status).toBe(2);
  });

  it('reports a deadlock when main awaits a promise nothing can settle, instead of exiting 0', () => {
    const r = run('stuck.ts');
    expect(r.stderr).toBe(
      'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [syscall]:\nmain.main()\n',
    );
    expect(r.status).toBe(2);
  });

  it('never reports a deadlock while a goroutine awaits a real request, nor jumps the virtual clock past it', () => {
    const r = run('syscall.ts');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('fetch 200 pong at 0s\nslept until 1h0m0s\n');
    expect(r.status).toBe(0);
  });

  it('exits 2 with panic: <message> and the learner frames when a goroutine throws', () => {
    const r = run('panics.ts');
    expect(r.stderr).toMatch(
      /^panic: boom 7\n\ngoroutine 2 \[running\]:\nmain\.explode\(\.\.\.\)\n\t.*fixtures\/panics\.ts:5:\d+\nmain\.worker\(\.\.\.\)\n\t.*fixtures\/panics\.ts:12:\d+\ncreated by main\.main in goroutine 1\n$/,
    );
    expect(r.stderr).not.toMatch(/src\/runtime|node:internal/);
    expect(r.status).toBe(2);
  });
});
