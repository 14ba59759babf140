/**
 * `npm run lab`: lists labs, runs a lab with the program's exit status, checks with ✓/✗ lines and
 * the check's status, and says what is wrong with a bad invocation.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

  it('--export writes a service lab’s export: manifests, mesh policy, front proxy, scrape config, README', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gcl-export-'));
    try {
      const { code, stdout } = await lab('services/echo', '--export', dir, root);
      expect(code).toBe(0);
      expect(stdout).toContain(`wrote ${path.join(dir, 'kubernetes/services.yaml')}`);
      const manifests = await readFile(path.join(dir, 'kubernetes/services.yaml'), 'utf8');
      expect(manifests).toContain('kind: Deployment');
      expect(manifests).toContain('name: echo');
      const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
      expect(readme).toContain('| echo | 1 | 8080 | TCP connect (no health route) | GET /echo/{word} |');
      expect(JSON.parse(await readFile(path.join(dir, 'envoy/front-proxy.json'), 'utf8'))).toHaveProperty(
        'static_resources.clusters.0.name',
        'echo',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('--export refuses a lab that starts no services', async () => {
    const { code, stderr } = await lab('basics/numbers', '--export', 'unused', root);
    expect(code).toBe(1);
    expect(stderr).toContain('basics/numbers is not a service lab');
  });
});
