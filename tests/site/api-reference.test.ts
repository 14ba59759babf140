/**
 * The API reference (src/site/api-reference.mjs): the same TypeDoc options the build uses, run
 * through TypeDoc's API (not the whole Astro build, which takes minutes).
 *
 * - On the real entry points of gort, gomesh and labcheck the conversion passes the gate: every
 *   export is documented (the build fails otherwise).
 * - On a fixture with one undocumented export the gate throws, naming it.
 * - Every `@example` in the reference is a program that typechecks against the built lab packages
 *   (public/_lab/pkgs/node_modules, `npm run build:pkgs`) with the lab editor's compiler options; an
 *   example with a type error fails the same check.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, LogLevel, ReflectionKind, type ProjectReflection, type Reflection } from 'typedoc';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_COMPILER_OPTIONS } from '../../src/lab/ui/ts-options.ts';
import {
  API_TSCONFIG,
  apiEntryPoints,
  apiFallbackLinks,
  apiTypeDocOptions,
} from '../../src/site/api-reference.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkgs = path.join(repo, 'public/_lab/pkgs');
const fixture = path.join(repo, 'tests/fixtures/api-reference');
const LAB_GLOBALS_PATH = path.join(repo, 'src/lab/ui/lab-globals.d.ts');

/** Converts with the reference's options (the gate included); resolves to the project and log. */
async function convert(entryPoints: string[], tsconfig: string) {
  const options = apiTypeDocOptions();
  const messages: string[] = [];
  const errors: string[] = [];
  const app = await Application.bootstrapWithPlugins({
    ...options,
    plugin: [...(options['plugin'] as string[]), 'typedoc-plugin-markdown'],
    entryPoints,
    tsconfig,
    logLevel: 'Warn',
  });
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message: string, level: LogLevel) => {
    if (level >= LogLevel.Warn) messages.push(message);
    if (level === LogLevel.Error) errors.push(message);
    log(message, level);
  };
  try {
    return { project: await app.convert(), messages, errors, error: undefined };
  } catch (error) {
    return { project: undefined, messages, errors, error: error as Error };
  }
}

/** The code of every fenced block in the `@example` tags of the project, with where it is from. */
function examples(project: ProjectReflection) {
  const found: { where: string; code: string }[] = [];
  for (const r of Object.values<Reflection>(project.reflections)) {
    for (const tag of r.comment?.getTags('@example') ?? []) {
      const text = tag.content.map((part) => part.text).join('');
      for (const m of text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
        found.push({ where: r.getFullName(), code: m[1] ?? '' });
      }
    }
  }
  return found;
}

/** Type errors of each program, compiled as the lab editor compiles learner code. */
function typecheck(programs: { where: string; code: string }[]) {
  const dir = path.join(pkgs, '__api_examples__');
  const files = new Map(programs.map((p, i) => [path.join(dir, `example-${i}.ts`), p]));
  const options: ts.CompilerOptions = {
    ...(LAB_COMPILER_OPTIONS as ts.CompilerOptions),
    baseUrl: pkgs,
    types: [],
    // The editor's options as they are (Monaco's TypeScript takes them); TypeScript 6 warns about
    // `baseUrl` and node10 resolution, which still work.
    ignoreDeprecations: '6.0',
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(f)?.code ?? read(f);
  host.fileExists = (f) => files.has(f) || exists(f);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => {
    const p = files.get(f);
    return p === undefined ? getSourceFile(f, lang, ...rest) : ts.createSourceFile(f, p.code, lang, true);
  };
  // The lab editor's globals (lab-globals.d.ts) in place of lib.dom, as the editor has them.
  const program = ts.createProgram([...files.keys(), LAB_GLOBALS_PATH], options, host);
  return [...files].flatMap(([file, p]) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => `${p.where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
  );
}

describe('API reference', () => {
  let real: Awaited<ReturnType<typeof convert>>;
  beforeAll(async () => {
    real = await convert(apiEntryPoints(), API_TSCONFIG);
  }, 120_000);

  it('finds every entry point build:pkgs exports (16: gort 8, gomesh 7, labcheck 1)', () => {
    const rel = apiEntryPoints().map((f) => path.relative(repo, f).split(path.sep).join('/'));
    expect(rel).toContain('src/runtime/sync/atomic/index.ts');
    expect(rel).toContain('src/lab/check/index.ts');
    expect(rel.filter((f) => f.startsWith('src/runtime/'))).toHaveLength(8);
    expect(rel.filter((f) => f.startsWith('src/mesh/'))).toHaveLength(7);
    expect(rel).toHaveLength(16);
  });

  it('documents every export of gort, gomesh and labcheck (the gate passes)', () => {
    expect(real.error?.message, real.messages.join('\n')).toBeUndefined();
    // A plugin that failed to load (the gate among them) is only logged: make it fail here.
    expect(real.errors).toEqual([]);
    const modules = (real.project?.children ?? []).map((m) => m.name).sort();
    expect(modules).toEqual([
      'gomesh',
      'gomesh/balancer',
      'gomesh/metrics',
      'gomesh/registry',
      'gomesh/sidecar',
      'gomesh/tracing',
      'gomesh/transport',
      'gort',
      'gort/context',
      'gort/errgroup',
      'gort/reflect',
      'gort/sync',
      'gort/sync/atomic',
      'gort/testing',
      'gort/time',
      'labcheck',
    ]);
  });

  it('fails on a package with one undocumented export, naming it', async () => {
    const { error, messages } = await convert(
      [path.join(fixture, 'index.ts')],
      path.join(fixture, 'tsconfig.json'),
    );
    expect(error?.message).toMatch(/API reference: 1 validation problem/);
    expect(messages.join('\n')).toMatch(/undocumentedTriple.*does not have any documentation/);
    expect(messages.join('\n')).not.toMatch(/double/);
  }, 60_000);

  it('lets a Chinese page link to the fallback of a generated page, and nothing else', () => {
    const docs = mkdtempSync(path.join(tmpdir(), 'api-docs-'));
    try {
      mkdirSync(path.join(docs, 'api/gort/sync/classes'), { recursive: true });
      writeFileSync(path.join(docs, 'api/gort/sync/classes/WaitGroup.md'), '---\ntitle: WaitGroup\n---\n');
      writeFileSync(path.join(docs, 'api/gort/sync/index.md'), '---\ntitle: gort/sync\n---\n');
      const accepts = apiFallbackLinks(docs);
      const zh = (link: string) => accepts({ link, slug: 'zh-cn/api' });
      expect(zh('/zh-cn/api/gort/sync/classes/waitgroup/')).toBe(true);
      expect(zh('/zh-cn/api/gort/sync/classes/waitgroup/#wait')).toBe(true);
      expect(zh('/zh-cn/api/gort/sync/')).toBe(true);
      // A page that was not generated, the Chinese introduction itself, other sections: checked.
      expect(zh('/zh-cn/api/gort/sync/classes/mutex/')).toBe(false);
      expect(zh('/zh-cn/api/')).toBe(false);
      expect(zh('/zh-cn/concurrency/goroutines/')).toBe(false);
      // An English page linking into the Chinese reference is the other locale: checked.
      expect(accepts({ link: '/zh-cn/api/gort/sync/', slug: 'reference/glossary' })).toBe(false);
    } finally {
      rmSync(docs, { recursive: true, force: true });
    }
  });

  describe('examples', () => {
    beforeAll(() => {
      if (!existsSync(path.join(pkgs, 'node_modules/gort/index.d.ts'))) {
        throw new Error('the lab packages are not built: run `npm run build:pkgs` first');
      }
    });

    it('typechecks every @example against the built packages', () => {
      const all = examples(real.project as ProjectReflection);
      expect(all.length).toBeGreaterThan(0);
      expect(typecheck(all)).toEqual([]);
    }, 120_000);

    it('gives every exported function and class an example', () => {
      const project = real.project as ProjectReflection;
      const withExample = new Set(examples(project).map((e) => e.where));
      const missing = project
        .getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class)
        .filter((r) => r.parent?.kindOf(ReflectionKind.Module))
        .map((r) => r.getFullName())
        .filter((name) => ![...withExample].some((w) => w === name || w.startsWith(`${name}.`)));
      expect(missing).toEqual([]);
    });

    it('names a Go counterpart (or says there is none) for every export', () => {
      const project = real.project as ProjectReflection;
      const silent = project
        .getReflectionsByKind(ReflectionKind.All)
        .filter((r) => r.parent?.kindOf(ReflectionKind.Module) && !r.kindOf(ReflectionKind.Reference))
        .filter((r) => {
          const comments = [
            r.comment,
            ...((r as { signatures?: Reflection[] }).signatures ?? []).map((s) => s.comment),
          ];
          const text = comments
            .flatMap((c) => [...(c?.summary ?? []), ...(c?.blockTags.flatMap((t) => t.content) ?? [])])
            .map((part) => part.text)
            .join('');
          return !/\bGo\b|golang|Go's/.test(text);
        })
        .map((r) => r.getFullName());
      expect(silent).toEqual([]);
    });

    it('fails an example with a type error', () => {
      const errors = typecheck([
        {
          where: 'wrong',
          code: "import { chan } from 'gort';\nconst ch = chan<number>();\nawait ch.send('not a number');\n",
        },
        {
          where: 'missing',
          code: "import { noSuchExport } from 'gort/sync';\nnoSuchExport();\n",
        },
      ]);
      expect(errors.some((e) => e.startsWith('wrong: ') && /string/.test(e))).toBe(true);
      expect(errors.some((e) => e.startsWith('missing: ') && /noSuchExport/.test(e))).toBe(true);
    });
  });
});
