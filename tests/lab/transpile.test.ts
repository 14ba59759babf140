/**
 * TypeScript -> JavaScript for learner files: types erased, lines kept, relative imports pointed at
 * the emitted .js files, and syntax errors reported at the right file, line and column.
 */
import { describe, expect, it } from 'vitest';
import { sourceColumn } from '../../src/lab/learner-map.ts';
import {
  LabSyntaxError,
  outputPath,
  rewriteSpecifier,
  transpile,
  transpileFiles,
  transpileModule,
} from '../../src/lab/transpile.ts';

describe('transpileModule', () => {
  it('erases types and keeps ES syntax and line numbers', () => {
    const source = [
      "import { go } from 'gort';",
      "import type { Chan } from 'gort';",
      'const n: number = 1;',
      'let c: Chan<number> | undefined = undefined;',
      'export const f = (x?: { a: number }) => x?.a ?? n;',
      'go(f);',
    ].join('\n');
    const js = transpileModule('main.ts', source);
    expect(js).not.toMatch(/: number|type \{/);
    expect(js).toContain("import { go } from 'gort';");
    expect(js).toContain('x?.a ?? n');
    expect(js.split('\n').findIndex((line) => line.includes('x?.a'))).toBe(4);
  });

  it('drops imports used only as types, as tsc does', () => {
    expect(transpileModule('main.ts', "import { Chan } from 'gort';\nlet c: Chan<number>;")).not.toContain(
      'gort',
    );
  });

  it.each([
    ["import { a } from './util';", "import { a } from './util.js';"],
    ["import { a } from './util.ts';", "import { a } from './util.js';"],
    ["import { a } from './util.js';", "import { a } from './util.js';"],
    ['import {\n  a,\n} from "./util";', 'import {\n  a,\n} from "./util.js";'],
    ["export { a } from '../lib/util';", "export { a } from '../lib/util.js';"],
    ["export * from './all';", "export * from './all.js';"],
    ["import './side-effect';", "import './side-effect.js';"],
    ["const m = await import('./lazy');", "const m = await import('./lazy.js');"],
    ["import { go } from 'gort/sync';", "import { go } from 'gort/sync';"],
  ])('rewrites %s', (source, expected) => {
    // The imported names are used, so the imports are not elided.
    const js = transpileModule('lib/main.ts', `${source}\nconsole.log(typeof a, typeof go);`);
    expect(js.slice(0, expected.length)).toBe(expected);
  });

  it('resolves a folder import to its index.js when the files are known', () => {
    expect(rewriteSpecifier('./store', 'main.ts', new Set(['main.ts', 'store/index.ts']))).toBe(
      './store/index.js',
    );
    expect(rewriteSpecifier('./store', 'main.ts', new Set(['main.ts', 'store.ts']))).toBe('./store.js');
  });

  it('reports a syntax error with file, line and 1-based column', () => {
    const error = (() => {
      try {
        transpileModule('lib/util.ts', 'const a = 1;\n  foo(;\n');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LabSyntaxError);
    expect(error).toMatchObject({
      file: 'lib/util.ts',
      line: 2,
      column: 7,
      message: 'lib/util.ts:2:7: Unexpected token',
    });
  });
});

describe('syntax error positions', () => {
  // sucrase reports an error inside an arrow function's body at the arrow (it parses arrows
  // speculatively); these used to point at `main(` instead of the learner's mistake.
  it.each([
    ["main(() => {\n  console.log('hi';\n});", '2:19: Unexpected token, expected ","'],
    ["main(async () => {\n  console.log('hi';\n});", '2:19: Unexpected token, expected ","'],
    ['go(() => { let x = ; });', '1:20: Unexpected token'],
    ['main(() => {\n  go((n: number): void => {\n    let = 3;\n  });\n});', '3:9: Unexpected token'],
    ['const x = (a: number) => a +;', '1:29: Unexpected token'],
    ["r.get('/x', (req) => json(200, { a: req.param('id') ));", '1:53: Unexpected token, expected ","'],
    ["const s = 'abc", '1:11: Unterminated string constant'],
  ])('%j fails at %s', (source, where) => {
    expect(() => transpileModule('main.ts', source)).toThrow(`main.ts:${where}`);
  });
});

describe('the column map', () => {
  it('maps emitted columns back past erased types', () => {
    const source = 'const n: number = 1; const s: string = "a"; throw new Error(s + n);';
    const { code, emitted } = transpile('main.ts', source);
    const at = (text: string, of: string) => text.indexOf(of);
    expect(sourceColumn(emitted.columns, 0, at(code, 'throw'))).toBe(at(source, 'throw'));
    expect(sourceColumn(emitted.columns, 0, at(code, 'Error(') + 2)).toBe(at(source, 'Error(') + 2);
  });

  it("maps the columns after a template literal with an empty part (sucrase's own map is stuck from there on)", () => {
    const source =
      'const x: number = 1;\nconst s: string = `boom ${x}`;\nconst t: string = s; throw new Error(t);';
    const { code, emitted } = transpile('main.ts', source);
    const last = (text: string) => text.split('\n')[2] ?? '';
    expect(sourceColumn(emitted.columns, 2, last(code).indexOf('throw'))).toBe(last(source).indexOf('throw'));
    expect(sourceColumn(emitted.columns, 2, last(code).indexOf('t)'))).toBe(last(source).indexOf('t)'));
  });

  it('maps the columns after a rewritten specifier back to the source (a dynamic import adds .js)', () => {
    const source = "const m: unknown = import('./lazy'); const x: number = 1; throw new Error(String(x));";
    const { code, emitted } = transpile('main.ts', source);
    expect(code).toContain("import('./lazy.js')");
    expect(sourceColumn(emitted.columns, 0, code.indexOf('throw'))).toBe(source.indexOf('throw'));
  });

  it('records each import where the learner wrote it, with the names it imports', () => {
    const source =
      "const a: number = 1;\nimport { go,\n  chan } from 'gort';\nexport { x } from './x';\ngo(() => chan(a));";
    expect(transpile('main.ts', source).emitted.imports).toEqual([
      {
        specifier: 'gort',
        emitted: 'gort',
        line: 3,
        column: 15,
        names: [
          { name: 'go', line: 2, column: 10 },
          { name: 'chan', line: 3, column: 3 },
        ],
      },
      {
        specifier: './x',
        emitted: './x.js',
        line: 4,
        column: 19,
        names: [{ name: 'x', line: 4, column: 10 }],
      },
    ]);
  });
});

describe('transpileFiles', () => {
  it('emits every file at its .js path', () => {
    const out = transpileFiles({
      'main.ts': "import { x } from './lib/x';\nconsole.log(x);",
      'lib/x.ts': 'export const x: number = 1;',
    });
    expect(Object.keys(out.files).sort()).toEqual(['lib/x.js', 'main.js']);
    expect(out.files['main.js']).toContain("from './lib/x.js'");
    expect(Object.keys(out.emitted).sort()).toEqual(['lib/x.js', 'main.js']);
    expect(out.emitted['main.js']?.source).toBe('main.ts');
    expect(outputPath('a/b.ts')).toBe('a/b.js');
  });
});
