/**
 * The mounted tree: exactly the learner's transpiled files, the runtime files of the packages, the
 * host, and in check mode the check — the same tree whatever runner mounts it.
 */
import { describe, expect, it } from 'vitest';
import { toSource, type LearnerMap } from '../../src/lab/learner-map.ts';
import { buildMount, hostArgs, LabMountError } from '../../src/lab/mount.ts';
import { LabSyntaxError } from '../../src/lab/transpile.ts';

const meta = { entry: 'main.ts', clock: 'virtual', seed: 7, services: false, timeoutMs: 5000 } as const;
const packages = {
  'node_modules/gort/index.js': 'export const main = () => {};',
  'node_modules/gort/index.d.ts': 'export declare const main: () => void;',
  'node_modules/gort/package.json': '{"name":"gort"}',
  'manifest.json': '{}',
};
const files = {
  'main.ts': "import { helper } from './helper';\nconst n: number = helper();",
  'helper.ts': 'export const helper = (): number => 1;',
};

describe('buildMount', () => {
  it('mounts the learner files as .js, the runtime package files, the host, the learner map and package.json', () => {
    const mount = buildMount({ meta, files, packages, host: '// host', mode: 'run' });
    expect(Object.keys(mount.files).sort()).toEqual([
      '__lab_host.mjs',
      '__lab_map.mjs',
      'helper.js',
      'main.js',
      'node_modules/gort/index.js',
      'node_modules/gort/package.json',
      'package.json',
    ]);
    expect(mount.files['package.json']).toBe('{"type":"module"}\n');
    expect(mount.files['main.js']).toContain("from './helper.js'");
    expect(mount.entry).toBe('__lab_host.mjs');
    expect(mount.args).toEqual([
      '--mode=run',
      '--entry=main.js',
      '--clock=virtual',
      '--seed=7',
      '--timeout=5000',
    ]);
    expect(mount.timeoutMs).toBe(5000);
  });

  it('maps each emitted file back to its source: columns, imports and the names they import, and what the packages export', async () => {
    const mount = buildMount({
      meta,
      files: {
        'main.ts':
          "import { helper } from './helper';\nconst n: number = helper(); throw new Error(String(n));",
        'helper.ts': 'export const helper = (): number => 1;',
      },
      packages: {
        ...packages,
        'node_modules/gort/package.json': JSON.stringify({ exports: { '.': {}, './sync': {} } }),
      },
      host: '',
      mode: 'run',
    });
    const text = mount.files['__lab_map.mjs'] as string;
    const map = (await import(`data:text/javascript,${encodeURIComponent(text)}`)) as { default: LearnerMap };
    expect(map.default.packages).toEqual(['gort', 'gort/sync']);
    expect(Object.keys(map.default.files).sort()).toEqual(['helper.js', 'main.js']);
    expect(map.default.files['main.js']?.imports).toEqual([
      {
        specifier: './helper',
        emitted: './helper.js',
        line: 1,
        column: 24,
        names: [{ name: 'helper', line: 1, column: 10 }],
      },
    ]);
    // `throw` is at column 29 of line 2 in main.ts; the erased `: number` moved it left in main.js.
    const js = (mount.files['main.js'] as string).split('\n')[1] ?? '';
    expect(toSource(map.default, 'main.js', 2, js.indexOf('throw') + 1)).toEqual({
      file: 'main.ts',
      line: 2,
      column: 29,
    });
  });

  it('adds the transpiled check in check mode', () => {
    const check =
      "import { defineCheck } from 'labcheck';\nexport default defineCheck(async (t: unknown) => {});";
    const mount = buildMount({ meta, files, packages, host: '', check, mode: 'check' });
    expect(mount.files['__lab_check.mjs']).toContain("from 'labcheck'");
    expect(mount.files['__lab_check.mjs']).not.toContain(': unknown');
    expect(mount.args[0]).toBe('--mode=check');
  });

  it("adds the learner's TypeScript as submitted in check mode only, for t.source (the .js files have lost their types)", async () => {
    const check = "import { defineCheck } from 'labcheck';\nexport default defineCheck(async () => {});";
    const mount = buildMount({ meta, files, packages, host: '', check, mode: 'check' });
    const text = mount.files['__lab_sources.mjs'];
    expect(typeof text).toBe('string');
    const url = `data:text/javascript,${encodeURIComponent(String(text))}`;
    expect(((await import(/* @vite-ignore */ url)) as { default: unknown }).default).toEqual(files);
    expect(buildMount({ meta, files, packages, host: '', mode: 'run' }).files).not.toHaveProperty(
      '__lab_sources.mjs',
    );
  });

  it('builds the same tree for the same inputs, byte for byte', () => {
    const a = buildMount({ meta, files, packages, host: 'h', mode: 'run' });
    const b = buildMount({ meta, files: { ...files }, packages: { ...packages }, host: 'h', mode: 'run' });
    expect(a.files).toEqual(b.files);
    // Only the worker's transport choice differs, and only in the arguments.
    const worker = buildMount({ meta, files, packages, host: 'h', mode: 'run', net: 'memory' });
    expect(worker.files).toEqual(a.files);
    expect(worker.args).toEqual([...a.args, '--net=memory']);
  });

  it('passes --services for a lab that starts services', () => {
    expect(hostArgs({ meta: { ...meta, services: true, clock: 'real' }, mode: 'check' })).toContain(
      '--services',
    );
  });

  it('refuses learner files that would shadow the engine', () => {
    for (const name of ['node_modules/gort/index.ts', '__lab_host.ts', '../x.ts']) {
      expect(() =>
        buildMount({ meta, files: { ...files, [name]: '' }, packages, host: '', mode: 'run' }),
      ).toThrow(LabMountError);
    }
  });

  it('throws the syntax error of a learner file', () => {
    expect(() =>
      buildMount({
        meta,
        files: { ...files, 'helper.ts': 'export const = 1' },
        packages,
        host: '',
        mode: 'run',
      }),
    ).toThrow(LabSyntaxError);
  });

  it('requires the entry file and, in check mode, the check', () => {
    expect(() => buildMount({ meta, files: { 'helper.ts': '' }, packages, host: '', mode: 'run' })).toThrow(
      "main.ts: the lab's entry file is missing",
    );
    expect(() => buildMount({ meta, files, packages, host: '', mode: 'check' })).toThrow(
      'check mode needs the check source',
    );
  });
});
