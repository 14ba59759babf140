/**
 * The Node runner on plain trees (no lab engine inside): output streaming, exit statuses, the time
 * limit, Stop of a busy loop, the output cap, listen messages passed on raw, and cleanup of its temporary folder.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../src/lab/protocol.ts';
import { STOPPED_EXIT_CODE, type FileTree, type RunOptions } from '../../src/lab/runner.ts';
import { NodeRunner } from '../../src/lab/runners/node.ts';

function tree(main: string): FileTree {
  return { 'package.json': '{"type":"module"}', 'main.mjs': main };
}

function run(files: FileTree, options: Partial<RunOptions> & { runner?: NodeRunner } = {}) {
  let stdout = '';
  let stderr = '';
  const runner = options.runner ?? new NodeRunner();
  const handle = runner.run({
    files,
    entry: 'main.mjs',
    onOutput: (chunk, stream) => {
      if (stream === 'stdout') stdout += chunk;
      else stderr += chunk;
    },
    ...options,
  });
  return {
    handle,
    result: handle.done.then((result) => ({ ...result, stdout, stderr })),
  };
}

describe('NodeRunner', () => {
  it('streams stdout and stderr and reports exit status 0', async () => {
    const { result } = run(
      tree("import { x } from './lib/x.js'; console.log('out', x); console.error('err');"),
      {
        files: {
          ...tree("import { x } from './lib/x.js'; console.log('out', x); console.error('err');"),
          'lib/x.js': 'export const x = 42;',
        },
      },
    );
    expect(await result).toEqual({ exitCode: 0, stopped: false, stdout: 'out 42\n', stderr: 'err\n' });
  });

  it.each([
    [1, "throw new Error('boom');"],
    [2, "process.stderr.write('panic: boom\\n'); process.exit(2);"],
  ])('reports exit status %i', async (code, source) => {
    const { result } = run(tree(source));
    expect(await result).toMatchObject({ exitCode: code, stopped: false });
  });

  it('passes the arguments to the entry', async () => {
    const { result } = run(tree('console.log(JSON.stringify(process.argv.slice(2)));'), {
      args: ['--mode=run', '--seed=3'],
    });
    expect((await result).stdout).toBe('["--mode=run","--seed=3"]\n');
  });

  it("stops a busy loop, as Stop does (how fast is `npm run bench -- site`'s measurement)", async () => {
    let spinning!: () => void;
    const started = new Promise<void>((resolve) => (spinning = resolve));
    const { handle, result } = run(tree("console.log('spinning'); for (;;) {}"), {
      onOutput: () => spinning(),
    });
    await started; // the program printed, so it is inside the loop now
    handle.stop();
    const r = await result;
    expect(r).toMatchObject({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason: 'stopped' });
  });

  it('ends a program at the time limit', async () => {
    const { result } = run(tree('setInterval(() => {}, 1000);'), { timeoutMs: 300 });
    expect(await result).toMatchObject({ exitCode: STOPPED_EXIT_CODE, stopped: true, reason: 'timeout' });
  });

  it('ends the program when aborted through its signal', async () => {
    const abort = new AbortController();
    const { result } = run(tree("console.log('up'); setInterval(() => {}, 1000);"), { signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    expect(await result).toMatchObject({ stopped: true, reason: 'stopped' });
  });

  it('caps a flood of output and stops the program, printing no notice of its own', async () => {
    // Below a pipe's 64 KB: a busy loop never lets node flush more than the pipe holds.
    const runner = new NodeRunner({ outputLimit: 16 * 1024 });
    const { result } = run(
      tree("const line = 'x'.repeat(99) + '\\n'; for (;;) process.stdout.write(line);"),
      { runner },
    );
    const r = await result;
    expect(r).toMatchObject({ stopped: true, reason: 'output-limit', outputLimit: 16 * 1024 });
    expect(r.stdout).toBe(
      'x'
        .repeat(99)
        .concat('\n')
        .repeat(200)
        .slice(0, 16 * 1024),
    );
    expect(r.stderr).toBe('');
  });

  it('passes listen messages on raw for the caller to demux (onServerReady is the WebContainer event)', async () => {
    const line = encodeMessage({ type: 'listen', name: 'users', port: 8080, url: 'http://127.0.0.1:8080' });
    const ready: [number, string][] = [];
    const { result } = run(tree(`process.stdout.write(${JSON.stringify(`a\n${line}b\n`)});`), {
      onServerReady: (port, url) => ready.push([port, url]),
    });
    expect((await result).stdout).toBe(`a\n${line}b\n`);
    expect(ready).toEqual([]);
  });

  it('removes its temporary folder once the program has ended', async () => {
    const { result } = run(tree('console.log(process.cwd());'));
    const dir = (await result).stdout.trim();
    expect(dir).toMatch(/lab-run-/);
    expect(existsSync(dir)).toBe(false);
  });

  it('dispose() stops every running program', async () => {
    const runner = new NodeRunner();
    const a = run(tree('setInterval(() => {}, 1000);'), { runner });
    const b = run(tree('setInterval(() => {}, 1000);'), { runner });
    setTimeout(() => runner.dispose(), 200);
    expect((await a.result).stopped && (await b.result).stopped).toBe(true);
  });
});
