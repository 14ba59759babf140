/**
 * What a learner sees when their program fails with an error it did not catch, through the lab host
 * in a real `node` (the Node runner): every location is `main.ts:line:col` of their source (the
 * columns of the TypeScript, not of the emitted JavaScript), frames outside their files are left
 * out, import errors name their file, the import and the package with close names as "did you
 * mean", and the host prints one `problem` line for the editor. These used to name `main.js`, blob
 * URLs or temporary paths, and print runtime-internal frames.
 */
import { describe, expect, it } from 'vitest';
import type { LabMessage } from '../../src/lab/protocol.ts';
import { runLab } from '../../src/lab/runners/node.ts';
import { labMetaSchema } from '../../src/lab/schema.ts';
import { closeNames, editDistance } from '../../src/lab/host/close-names.ts';
import { mapStack } from '../../src/lab/host/errors.ts';
import { useBuiltPackages } from './helpers.ts';

const pkgs = useBuiltPackages();

const meta = labMetaSchema.parse({
  title: { en: 'errors', 'zh-cn': 'errors' },
  lesson: 'errors',
  kind: 'demo',
  instructions: { en: 'errors', 'zh-cn': 'errors' },
  clock: 'virtual',
});

async function run(files: Record<string, string>, options: { internalFrames?: boolean } = {}) {
  const messages: LabMessage[] = [];
  const outcome = await runLab(
    { id: 'errors/case', meta, starter: files, solution: files, check: '' },
    {
      mode: 'run',
      packages: pkgs.current,
      onMessage: (m) => messages.push(m),
      ...(options.internalFrames === true ? { internalFrames: true } : {}),
    },
  );
  return {
    text: outcome.text,
    exitCode: outcome.result.exitCode,
    problems: messages.filter((m) => m.type === 'problem'),
  };
}

describe('uncaught errors', () => {
  it('print the stack at the TypeScript positions, without internal frames, and mark the first learner frame', async () => {
    const { text, exitCode, problems } = await run({
      'main.ts': [
        'const n: number = 1;',
        'function boom(x: number): never {',
        "  throw new Error('boom ' + x);",
        '}',
        'boom(n);',
      ].join('\n'),
    });
    expect(exitCode).toBe(1);
    expect(text).toBe('Uncaught Error: boom 1\n    at boom (main.ts:3:9)\n    at main.ts:5:1\n');
    expect(problems).toEqual([{ type: 'problem', kind: 'error', file: 'main.ts', line: 3, column: 9 }]);
  });

  it('map the column past erased types (main.js says column 22, main.ts column 29)', async () => {
    const { text, problems } = await run({
      'main.ts':
        'const o = null as unknown as { x(): void } | null;\nsetTimeout((): void => { o!.x(); }, 1);\n',
    });
    expect(text).toContain('(main.ts:2:29)');
    expect(problems).toEqual([{ type: 'problem', kind: 'error', file: 'main.ts', line: 2, column: 29 }]);
  });

  it('reports an unhandled rejection the same way', async () => {
    const { text, exitCode, problems } = await run({
      'main.ts': "async function f(): Promise<void> {\n  throw new TypeError('nope');\n}\nvoid f();\n",
    });
    expect(exitCode).toBe(1);
    expect(text).toBe('Uncaught TypeError: nope\n    at f (main.ts:2:9)\n    at main.ts:4:6\n');
    expect(problems).toHaveLength(1);
  });

  it('keep the frames outside the learner files with --internal-frames', async () => {
    const { text } = await run(
      { 'main.ts': "const n: number = 1;\nsetTimeout((): void => { throw new Error('x' + n); }, 1);\n" },
      { internalFrames: true },
    );
    expect(text).toMatch(
      /^Uncaught Error: x1\n {4}at Timeout\._onTimeout \(main\.ts:2:32\)\n {4}at listOnTimeout \(node:internal/,
    );
  });
});

describe('import errors', () => {
  it.each([
    [
      'a missing export, with the close names the package exports',
      "import { main, Go } from 'gort';\nmain(async () => Go(() => {}));\n",
      "main.ts:1:16: the module 'gort' does not provide an export named 'Go'\n    did you mean 'go'? ('gort' exports it)\n",
      { line: 1, column: 16 },
    ],
    [
      'a missing export with no close name',
      "import { spawn } from 'gort';\nspawn();\n",
      "main.ts:1:10: the module 'gort' does not provide an export named 'spawn'\n",
      { line: 1, column: 10 },
    ],
    [
      'a package that does not exist',
      "const x: number = 1;\nimport _ from 'lodash';\nconsole.log(_, x);\n",
      "main.ts:2:15: Cannot find package 'lodash' imported from main.ts\n",
      { line: 2, column: 15 },
    ],
    [
      'a mistyped package',
      "import { Router } from 'gomsh';\nconsole.log(Router);\n",
      "main.ts:1:24: Cannot find package 'gomsh' imported from main.ts\n    did you mean 'gomesh'?\n",
      { line: 1, column: 24 },
    ],
    [
      'a subpath the package does not export',
      "import { WaitGroup } from 'gort/sink';\nconsole.log(WaitGroup);\n",
      "main.ts:1:27: the package 'gort' has no subpath './sink'\n    did you mean 'gort/sync'?\n",
      { line: 1, column: 27 },
    ],
    [
      "a learner module that does not exist (named as written, './util', not './util.js')",
      "import { x } from './util';\nconsole.log(x);\n",
      "main.ts:1:19: Cannot find module './util' imported from main.ts\n",
      { line: 1, column: 19 },
    ],
  ])('%s names the learner file, the import and the package', async (_what, main, expected, at) => {
    const { text, exitCode, problems } = await run({ 'main.ts': main });
    expect(exitCode).toBe(1);
    expect(text).toBe(expected);
    expect(problems).toEqual([{ type: 'problem', kind: 'import', file: 'main.ts', ...at }]);
  });

  it('points at the importing file when it is not the entry', async () => {
    const { text, problems } = await run({
      'main.ts': "import { helper } from './lib/helper';\nhelper();\n",
      'lib/helper.ts':
        "import { go, chann } from 'gort';\nexport const helper = (): void => go(() => chann());\n",
    });
    expect(text).toBe(
      "lib/helper.ts:1:14: the module 'gort' does not provide an export named 'chann'\n    did you mean 'chan'? ('gort' exports it)\n",
    );
    expect(problems).toEqual([
      { type: 'problem', kind: 'import', file: 'lib/helper.ts', line: 1, column: 14 },
    ]);
  });
});

describe('mapStack', () => {
  const mapLocation = (url: string, line: number, column: number) =>
    url === 'blob:null/abc' ? { file: 'main.ts', line, column: column + 1 } : null;

  it('maps learner frames, drops the others, and names the first learner frame', () => {
    const stack = [
      'Error: x',
      '    at inner (blob:null/abc:3:9)',
      '    at runG (blob:null/runtime:10:2)',
      '    at async main (blob:null/abc:7:3)',
      '    at async Promise.all (index 0)',
    ].join('\n');
    expect(mapStack(stack, mapLocation, false)).toEqual({
      text: 'Error: x\n    at inner (main.ts:3:10)\n    at async main (main.ts:7:4)',
      first: { file: 'main.ts', line: 3, column: 10 },
    });
    expect(mapStack(stack, mapLocation, true).text).toContain('    at runG (blob:null/runtime:10:2)');
  });
});

describe('closeNames', () => {
  it.each([
    ['spwan', ['spawn', 'span', 'go'], ['span', 'spawn']],
    ['waitgroup', ['WaitGroup', 'Mutex'], ['WaitGroup']],
    ['Go', ['go', 'chan'], ['go']],
    ['spawn', ['go', 'chan', 'main'], []],
    ['ab', ['abc', 'xyz', 'b'], ['abc', 'b']],
  ])('%s -> %j', (wanted, candidates, expected) => {
    expect(closeNames(wanted, candidates)).toEqual(expected);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('chna', 'chan')).toBe(1);
  });
});
