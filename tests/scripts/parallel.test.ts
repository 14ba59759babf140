/**
 * scripts/parallel.mjs, which `npm test` runs the lint and the format check with: every script runs
 * to its end, each one's output comes in one piece under its name, and the status is the first
 * failure's (in the order given), or 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/parallel.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'gcl-parallel-'));
writeFileSync(
  path.join(dir, 'package.json'),
  JSON.stringify({
    name: 'parallel-fixture',
    private: true,
    scripts: {
      slow: "node -e \"setTimeout(() => { console.log('slow one'); console.error('slow two'); }, 300)\"",
      ok: 'node -e "console.log(\'ok one\')"',
      bad: 'node -e "console.log(\'bad one\'); process.exit(3)"',
      worse: 'node -e "process.exit(5)"',
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parallel = (...names: string[]) =>
  spawnSync(process.execPath, [script, ...names], { cwd: dir, encoding: 'utf8' });

describe('scripts/parallel.mjs', () => {
  it('exits 0 when every script passes, each output in one piece under its name', () => {
    const r = parallel('slow', 'ok');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/> ok \(passed, [\d.]+ s\)\nok one\n/);
    expect(r.stdout).toMatch(/> slow \(passed, [\d.]+ s\)\nslow one\nslow two\n/);
  });

  it('runs every script to its end and exits with the first failure’s status, in the order given', () => {
    const r = parallel('worse', 'slow', 'bad');
    expect(r.status).toBe(5);
    expect(r.stdout).toContain('slow one');
    expect(r.stdout).toMatch(/> bad \(failed with status 3, [\d.]+ s\)\nbad one\n/);
    expect(r.stderr).toContain('parallel: worse, bad failed');
  });

  it('names its usage when no script is given', () => {
    const r = parallel();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: node scripts/parallel.mjs');
  });
});
