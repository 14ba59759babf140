/**
 * The Go ↔ TypeScript cheat sheet (src/site/cheat-sheet.ts), which both locales' cheat-sheet pages
 * render: every TypeScript form typechecks against the lab packages' declarations (built as the
 * runners mount them, and resolved as a lab resolves `gort` and `gomesh`), every Go form passes
 * `go vet` (which type-checks it) in a module with the snippets module's requirements, and each row
 * links to a lesson of both locales that speaks of it, with a note in each language.
 *
 * Each form compiles in a file of its own, generated from the row (`cheatSheetSources`); one
 * deliberately wrong form per language goes through the same compilers and must fail, so a
 * compiler that checks nothing cannot pass these tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabPackages } from '../../scripts/build-lab-packages.mjs';
import { CHEAT_GROUPS, CHEAT_SHEET, goImports, type CheatRow } from '../../src/site/cheat-sheet.ts';
import { LAB_COMPILER_OPTIONS } from '../../src/lab/ui/ts-options.ts';
import { goToolchain, moduleDir, runGo } from '../go/toolchain.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const LAB_GLOBALS_PATH = path.join(repo, 'src/lab/ui/lab-globals.d.ts');
const docs = path.join(repo, 'src/content/docs');
const rows = CHEAT_SHEET.flatMap((g) => g.rows);
const CJK = /[\u3400-\u9fff]/;

/** `setup` with `form` on its `@@` line (after `setup` when it has none), and `extra` after the form. */
function place(setup: string | undefined, form: string, extra: readonly string[] = []): string {
  const body = [form, ...extra].join('\n');
  if (setup === undefined) return body;
  return setup.includes('@@') ? setup.replace(/^@@$/m, () => body) : `${setup}\n${body}`;
}

/**
 * The variables a Go form declares at its first level (`v, ok :=`, `var wg`) and neither it nor its
 * setup uses: a snippet shows no use of `v`, but Go rejects an unused variable, so `_ = &v` follows
 * the form. (A variable used anywhere gets none, so go vet still sees a `cancel` that is never called.)
 */
function unusedGo(form: string, setup = ''): string[] {
  const names: string[] = [];
  for (const line of form.split('\n')) {
    const short = /^([A-Za-z_]\w*(?:, *[A-Za-z_]\w*)*) *:=/.exec(line);
    const long = /^var ([A-Za-z_]\w*)/.exec(line);
    for (const list of [short?.[1], long?.[1]]) {
      if (list !== undefined) names.push(...list.split(/, */).filter((n) => n !== '_'));
    }
  }
  const code = `${setup}\n${form}`.replace(/\/\/.*$/gm, '');
  return names.filter((n) => (code.match(new RegExp(`(?<![\\w.])${n}\\b`, 'g')) ?? []).length === 1);
}

/** The Go file a row compiles as (package `row`), importing each package its code names. */
function goSource(row: Pick<CheatRow, 'go' | 'setup' | 'file'>): string {
  const uses = row.file ? [] : unusedGo(row.go, row.setup.go).map((n) => `_ = &${n}`);
  const code = place(row.setup.go, row.go, uses);
  const imports = goImports(code).map((p) => `\t"${p}"`);
  const body = row.file ? code : `func _() {\n${code}\n}`;
  return `package row\n\nimport (\n${imports.join('\n')}\n)\n\n${body}\n`;
}

/** The TypeScript file a row compiles as: its group's imports, then the form in an async function. */
function tsSource(row: Pick<CheatRow, 'ts' | 'setup' | 'group'>): string {
  const imports = CHEAT_GROUPS[row.group].tsImports.join('\n');
  return `${imports}\n\nexport async function row() {\n${place(row.setup.ts, row.ts)}\n}\n`;
}

/** Forms that must not compile: a receive-only view has no send; a chan int takes no string. */
const wrong = {
  id: 'wrong',
  group: 'channels',
  ts: 'await ch.send(1);',
  go: 'ch <- "one"',
  setup: {
    ts: "const ch: import('gort').RecvChan<number> = chan<number>();\n@@",
    go: 'ch := make(chan int, 1)\n@@',
  },
  file: false,
} as const satisfies Pick<CheatRow, 'id' | 'group' | 'ts' | 'go' | 'setup' | 'file'>;

describe('the cheat sheet’s rows', () => {
  it('have unique ids that cannot clash with the group headings’ anchors', () => {
    expect(rows.length).toBeGreaterThanOrEqual(70);
    const ids = rows.map((r) => r.id);
    expect(ids.filter((v, i) => ids.indexOf(v) !== i)).toEqual([]);
    const anchors = new Set(Object.values(CHEAT_GROUPS).map((g) => g.anchor));
    for (const r of rows) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(anchors.has(r.id), r.id).toBe(false);
    }
    for (const g of Object.values(CHEAT_GROUPS)) {
      expect(g.en.toLowerCase().replaceAll(' ', '-')).toBe(g.anchor);
    }
  });

  it('have a one-line note in each language', () => {
    for (const r of rows) {
      for (const note of [r.noteEn, r.noteZh]) {
        expect(note.trim(), r.id).toBe(note);
        expect(note, r.id).not.toMatch(/\n/);
        expect(note.length, r.id).toBeGreaterThan(8);
      }
      expect(r.noteEn, r.id).not.toMatch(CJK);
      expect(r.noteZh, r.id).toMatch(CJK);
    }
  });

  it('link to a lesson of both locales whose English page speaks of the row', () => {
    for (const r of rows) {
      const en = path.join(docs, `${r.lesson}.mdx`);
      expect(existsSync(en), `${r.id}: ${r.lesson}`).toBe(true);
      expect(existsSync(path.join(docs, 'zh-cn', `${r.lesson}.mdx`)), `${r.id}: zh-cn/${r.lesson}`).toBe(
        true,
      );
      expect(readFileSync(en, 'utf8'), `${r.id} in ${r.lesson}`).toContain(r.mention);
    }
  });

  it('are on both locales’ pages, every group under its heading in order', () => {
    for (const [locale, file] of [
      ['en', 'reference/cheat-sheet.mdx'],
      ['zh-cn', 'zh-cn/reference/cheat-sheet.mdx'],
    ] as const) {
      const page = readFileSync(path.join(docs, file), 'utf8');
      const shown = [...page.matchAll(/^## (.+)\n\n<CheatSheet locale="([^"]+)" group="([^"]+)" \/>$/gm)].map(
        ([, heading, loc, group]) => [heading, loc, group],
      );
      expect(shown).toEqual(
        CHEAT_SHEET.map(({ group }) => [
          locale === 'en' ? CHEAT_GROUPS[group].en : CHEAT_GROUPS[group].zh,
          locale,
          group,
        ]),
      );
    }
  });
});

describe('the cheat sheet’s TypeScript forms', () => {
  let out: string;
  /** Each generated file's diagnostics, as tsc prints them, by row id. */
  const errors = new Map<string, string>();

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'gcl-cheat-ts-'));
    await buildLabPackages({ outDir: out, log: () => {} });
    // Beside the packages' node_modules, so `gort` resolves as it does in a lab.
    const dir = path.join(out, 'pkgs', 'rows');
    await mkdir(dir);
    const files = new Map<string, string>();
    for (const r of [...rows, wrong]) {
      const file = path.join(dir, `${r.id}.ts`);
      await writeFile(file, tsSource(r));
      files.set(file, r.id);
    }
    const program = ts.createProgram({
      // The lab editor's globals (lab-globals.d.ts) in place of lib.dom, as the editor has them.
      rootNames: [...files.keys(), LAB_GLOBALS_PATH],
      options: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: [...(LAB_COMPILER_OPTIONS.lib ?? [])],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        isolatedModules: true,
        types: [],
      },
    });
    const host = {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => dir,
      getNewLine: () => '\n',
    };
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const id =
        d.file === undefined ? '(global)' : (files.get(path.normalize(d.file.fileName)) ?? '(packages)');
      errors.set(id, (errors.get(id) ?? '') + ts.formatDiagnostic(d, host));
    }
  }, 180_000);

  afterAll(async () => {
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it('leave the packages’ declarations and the libraries without an error', () => {
    expect(errors.get('(global)') ?? '').toBe('');
    expect(errors.get('(packages)') ?? '').toBe('');
  });

  it('reject a wrong form (a send on a receive-only view)', () => {
    expect(errors.get(wrong.id)).toMatch(/Property 'send' does not exist on type 'RecvChan<number/);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s typechecks against gort and gomesh', (id) => {
    expect(errors.get(id) ?? '').toBe('');
  });
});

const toolchain = goToolchain();

describe.skipIf(!toolchain.available)('the cheat sheet’s Go forms', () => {
  let out: string;
  /** Each row's `go vet` messages, by row id. */
  const errors = new Map<string, string>();
  let vet = { stdout: '', stderr: '', exitCode: 0 };

  beforeAll(async () => {
    // A module with the snippets module's requirements (errgroup, chi) and its checksums.
    out = await mkdtemp(path.join(tmpdir(), 'gcl-cheat-go-'));
    await copyFile(path.join(moduleDir, 'go.mod'), path.join(out, 'go.mod'));
    await copyFile(path.join(moduleDir, 'go.sum'), path.join(out, 'go.sum'));
    for (const r of [...rows, wrong]) {
      await mkdir(path.join(out, 'rows', r.id), { recursive: true });
      await writeFile(path.join(out, 'rows', r.id, 'row.go'), goSource(r));
    }
    vet = await runGo(['vet', './rows/...'], { cwd: out });
    for (const line of `${vet.stdout}\n${vet.stderr}`.split('\n')) {
      const m = /rows\/([a-z0-9-]+)\/row\.go/.exec(line) ?? /rows\/([a-z0-9-]+)$/.exec(line);
      if (m?.[1] !== undefined) errors.set(m[1], `${errors.get(m[1]) ?? ''}${line}\n`);
    }
  }, 600_000);

  afterAll(async () => {
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it('reject a wrong form (a string sent on a chan int), and nothing else fails', () => {
    expect(vet.exitCode).not.toBe(0);
    expect(errors.get(wrong.id)).toMatch(/cannot use "one" \(untyped string constant\) as int value in send/);
    const unexplained = `${vet.stdout}\n${vet.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '' && !/rows\/[a-z0-9-]+/.test(l));
    expect(unexplained).toEqual([]);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s passes go vet', (id) => {
    expect(errors.get(id) ?? '').toBe('');
  });
});
