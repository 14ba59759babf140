/**
 * `npm run lab`: lists labs, runs a lab with the program's exit status, checks with ✓/✗ lines and
 * the check's status, and says what is wrong with a bad invocation.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const root = '--root=tests/fixtures/labs/good';

function lab(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'scripts/lab.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run lab', () => {
  it('--list lists the labs with their kind and title', async () => {
    const { code, stdout } = await lab('--list', root);
    expect(code).toBe(0);
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/).slice(0, 2)),
    ).toEqual([
      ['basics/greeting', 'demo'],
      ['basics/numbers', 'exercise'],
      ['e2e/ping-pong', 'exercise'],
      ['e2e/users', 'exercise'],
      ['e2e/wait-for-workers', 'exercise'],
      ['services/echo', 'exercise'],
    ]);
  });

  it("runs the starter with the program's exit status (a deadlock is 2)", async () => {
    const { code, stdout, stderr } = await lab('basics/numbers', root);
    expect(code).toBe(2);
    expect(stdout).toBe('1\n2\n3\n');
    expect(stderr).toContain('fatal error: all goroutines are asleep - deadlock!');
  });

  it('checks the solution: ✓ per item, status 0', async () => {
    const { code, stdout } = await lab('basics/numbers', '--solution', '--check', root);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ it prints 1, 2, 3, then done\n');
    expect(stdout).toContain('check passed (4/4)');
    expect(stdout).not.toContain('\x1eLAB');
  });

  it('checks the starter: ✗ with details, status 1', async () => {
    const { code, stdout } = await lab('basics/numbers', '--check', root);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ the channel is closed once\n    expected 1, got 0\n');
  });

  it('names an unknown lab', async () => {
    const { code, stderr } = await lab('basics/nope', root);
    expect(code).toBe(1);
    expect(stderr).toContain('no lab "basics/nope" in tests/fixtures/labs/good/');
  });
});
