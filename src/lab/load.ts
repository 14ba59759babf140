/**
 * Loading labs from disk (Node only): `loadLab(dir)`, `loadAllLabs(root)`, `loadLabMetas(root)`
 * (lab.json only, for page lists; re-exported from lab-metas.ts), and the built packages
 * (`loadBuiltPackages`) for the Node runner.
 *
 * A lab folder is `<root>/<section>/<lab>/` with lab.json, starter/, solution/, check.ts and, when
 * the starter has comments, starter.zh-cn/ (the same starter with its comments in Chinese).
 * Invariants of a loaded lab (each violation is a LabFormatError naming the file and what is
 * wrong): lab.json passes the schema; the entry exists in starter/ and solution/; both hold the same
 * file names, all `.ts`; a starter with comments has its translation, holding the same files whose
 * code is the starter's token for token (comments and layout aside), so the learner on either page
 * starts from the same program; check.ts exists; every file transpiles (a syntax error names
 * file:line:col).
 * Labs are returned sorted by id, files by path, so every consumer sees one stable order.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import ts from 'typescript';
import { HOST_FILE, isRuntimeFile, type LoadedPackages, type PackagesManifest } from './packages.ts';
import {
  LabFormatError,
  labMetaSchema,
  labSchema,
  parseLabMetaJson,
  type Lab,
  type LabFiles,
} from './schema.ts';
import { LabSyntaxError, transpileModule } from './transpile.ts';
import { displayPath, isDirectory, labDirs } from './lab-metas.ts';

export { displayPath, loadLabMetas } from './lab-metas.ts';

/** Every file under `dir`, as sorted POSIX paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

async function readFiles(dir: string, label: string): Promise<LabFiles> {
  if (!(await isDirectory(dir)))
    throw new LabFormatError(displayPath(dir), undefined, `the ${label}/ folder is missing`);
  const files: Record<string, string> = {};
  for (const rel of await listFiles(dir)) {
    if (!rel.endsWith('.ts')) {
      throw new LabFormatError(
        displayPath(path.join(dir, rel)),
        undefined,
        'lab files must be TypeScript (.ts)',
      );
    }
    files[rel] = await readFile(path.join(dir, rel), 'utf8');
  }
  return files;
}

function checkTranspiles(dir: string, files: LabFiles): void {
  const names = new Set(Object.keys(files));
  for (const [rel, source] of Object.entries(files)) {
    try {
      transpileModule(rel, source, names);
    } catch (error) {
      if (error instanceof LabSyntaxError) {
        throw new LabSyntaxError(displayPath(path.join(dir, rel)), error.line, error.column, error.reason);
      }
      throw error;
    }
  }
}

/** The locales a starter's comments are translated into, each in `starter.<locale>/`. */
const STARTER_TRANSLATIONS = ['zh-cn'] as const;

/** A file's tokens without comments or layout, and whether it had comments. */
function codeTokens(source: string): { tokens: string[]; comments: boolean } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, source);
  const tokens: string[] = [];
  let comments = false;
  // The scanner alone reads the `}` that ends a template's `${…}` as a brace: on that `}` it must be
  // asked to go on scanning the template, which needs to know which braces are a template's.
  const braces: ('block' | 'template')[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === 'template') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) braces.push('template');
    } else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push('block');
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push('template');
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      comments = true;
    } else if (kind !== ts.SyntaxKind.WhitespaceTrivia && kind !== ts.SyntaxKind.NewLineTrivia) {
      tokens.push(scanner.getTokenText());
    }
  }
  return { tokens, comments };
}

/** Reads and checks starter.<locale>/ against the starter (see the invariants above). */
async function readStarterTranslations(abs: string, starter: LabFiles): Promise<Lab['starterTranslations']> {
  const translations: Record<string, LabFiles> = {};
  // Each starter file is scanned once: for its comments here, for its tokens below.
  const scanned = new Map(Object.entries(starter).map(([name, source]) => [name, codeTokens(source)]));
  const commented = [...scanned].filter(([, scan]) => scan.comments).map(([name]) => name);
  for (const locale of STARTER_TRANSLATIONS) {
    const dir = path.join(abs, `starter.${locale}`);
    if (!(await isDirectory(dir))) {
      if (commented.length > 0) {
        throw new LabFormatError(
          displayPath(dir),
          undefined,
          `missing: starter/${commented[0]} has comments, so the ${locale} page needs them translated (the same files, the same code)`,
        );
      }
      continue;
    }
    const files = await readFiles(dir, `starter.${locale}`);
    for (const name of new Set([...Object.keys(starter), ...Object.keys(files)])) {
      const file = displayPath(path.join(dir, name));
      if (!Object.hasOwn(files, name))
        throw new LabFormatError(file, undefined, `missing (starter/${name} exists)`);
      if (!Object.hasOwn(starter, name))
        throw new LabFormatError(file, undefined, `starter/${name} does not exist`);
      const want = scanned.get(name)?.tokens ?? [];
      const got = codeTokens(files[name] ?? '').tokens;
      const at = want.findIndex((token, i) => token !== got[i]);
      if (at !== -1 || want.length !== got.length) {
        const i = at === -1 ? Math.min(want.length, got.length) : at;
        throw new LabFormatError(
          file,
          undefined,
          `the code differs from starter/${name} (only comments may): expected ${JSON.stringify(want[i] ?? 'the end')}, found ${JSON.stringify(got[i] ?? 'the end')}`,
        );
      }
    }
    translations[locale] = files;
  }
  return Object.keys(translations).length > 0 ? translations : undefined;
}

/** Loads and validates the lab in `dir`; its id is the last two folder names (`<section>/<lab>`). */
export async function loadLab(dir: string): Promise<Lab> {
  const abs = path.resolve(dir);
  const id = `${path.basename(path.dirname(abs))}/${path.basename(abs)}`;
  const jsonFile = path.join(abs, 'lab.json');
  if (!existsSync(jsonFile))
    throw new LabFormatError(displayPath(jsonFile), undefined, 'missing (every lab needs a lab.json)');
  const meta = parseLabMetaJson(await readFile(jsonFile, 'utf8'), displayPath(jsonFile));
  if (!labSchema.shape.id.safeParse(id).success) {
    throw new LabFormatError(
      displayPath(abs),
      undefined,
      `the folder names must be lower-case kebab-case, got "${id}"`,
    );
  }

  const starter = await readFiles(path.join(abs, 'starter'), 'starter');
  const solution = await readFiles(path.join(abs, 'solution'), 'solution');
  for (const [files, label] of [
    [starter, 'starter'],
    [solution, 'solution'],
  ] as const) {
    if (!Object.hasOwn(files, meta.entry)) {
      throw new LabFormatError(
        displayPath(jsonFile),
        'entry',
        `${label}/${meta.entry} does not exist${meta.entry === labMetaSchema.shape.entry.parse(undefined) ? ' (the default entry)' : ''}`,
      );
    }
  }
  const starterNames = Object.keys(starter).join('\n');
  const solutionNames = Object.keys(solution).join('\n');
  if (starterNames !== solutionNames) {
    const missing = Object.keys(starter).filter((f) => !Object.hasOwn(solution, f));
    const extra = Object.keys(solution).filter((f) => !Object.hasOwn(starter, f));
    throw new LabFormatError(
      displayPath(path.join(abs, 'solution')),
      undefined,
      `must hold the same files as starter/ (${[...missing.map((f) => `missing ${f}`), ...extra.map((f) => `extra ${f}`)].join(', ')})`,
    );
  }

  const checkFile = path.join(abs, 'check.ts');
  if (!existsSync(checkFile))
    throw new LabFormatError(displayPath(checkFile), undefined, 'missing (every lab needs a check)');
  const check = await readFile(checkFile, 'utf8');

  checkTranspiles(path.join(abs, 'starter'), starter);
  checkTranspiles(path.join(abs, 'solution'), solution);
  checkTranspiles(abs, { 'check.ts': check });
  const starterTranslations = await readStarterTranslations(abs, starter);
  return { id, meta, starter, ...(starterTranslations ? { starterTranslations } : {}), solution, check };
}

/** Every lab under `root`, loaded and validated (loadLab), sorted by id; none when root is missing. */
export async function loadAllLabs(root = 'labs'): Promise<Lab[]> {
  const labs: Lab[] = [];
  for (const dir of await labDirs(root)) labs.push(await loadLab(dir));
  return labs;
}

/** What loadBuiltPackages reads: the same shape as the browser's fetchLabPackages. */
export type BuiltPackages = LoadedPackages;

/** Reads what `npm run build:pkgs` wrote (default public/_lab/pkgs). */
export async function loadBuiltPackages(dir = 'public/_lab/pkgs'): Promise<BuiltPackages> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${displayPath(manifestFile)} is missing: run \`npm run build:pkgs\` first`);
  }
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as PackagesManifest;
  const packages: Record<string, string> = {};
  await Promise.all(
    manifest.files
      .filter((f) => f.path.startsWith('node_modules/') && isRuntimeFile(f.path))
      .map(async (f) => {
        packages[f.path] = await readFile(path.join(dir, f.path), 'utf8');
      }),
  );
  const host = await readFile(path.join(dir, HOST_FILE), 'utf8');
  return { manifest, packages, host };
}

/**
 * The Astro content loader of the `labs` collection (src/content.config.ts): every lab under
 * `<project root>/<dir>/`, stored by id with the published shape (`labSchema`), and, when
 * `fixturesDir` is given (the site built for the end-to-end tests), the fixture labs under it marked
 * `fixture: true`. A malformed lab, or a fixture whose id a lab already has, throws a LabFormatError,
 * which fails `astro build`. In dev, a change under either folder reloads.
 */
export function labsLoader(dir = 'labs', fixturesDir?: string): Loader {
  return {
    name: 'go-concurrency-labs:labs',
    async load(context) {
      const { config, store, watcher, logger } = context;
      const rootOf = (folder: string) => fileURLToPath(new URL(`./${folder}/`, config.root));
      const roots = [rootOf(dir), ...(fixturesDir === undefined ? [] : [rootOf(fixturesDir)])];
      const sync = async () => {
        const labs: Lab[] = await loadAllLabs(roots[0]);
        if (roots[1] !== undefined) {
          const ids = new Set(labs.map((lab) => lab.id));
          for (const lab of await loadAllLabs(roots[1])) {
            if (ids.has(lab.id)) {
              throw new LabFormatError(
                displayPath(path.join(roots[1], lab.id)),
                undefined,
                `the fixture's id "${lab.id}" is a lab's id in ${dir}/`,
              );
            }
            labs.push({ ...lab, fixture: true });
          }
        }
        store.clear();
        for (const lab of labs) {
          const data = await context.parseData({ id: lab.id, data: { ...lab } });
          store.set({ id: lab.id, data, digest: context.generateDigest(JSON.stringify(lab)) });
        }
        const fixtures = labs.filter((lab) => lab.fixture).length;
        logger.info(
          `${labs.length} lab${labs.length === 1 ? '' : 's'} loaded${fixtures > 0 ? ` (${fixtures} test fixtures)` : ''}`,
        );
      };
      await sync();
      if (watcher !== undefined) {
        for (const root of roots) watcher.add(root);
        const onChange = (file: string) => {
          if (!roots.some((root) => file.startsWith(root))) return;
          sync().catch((error: unknown) =>
            logger.error(error instanceof Error ? error.message : String(error)),
          );
        };
        watcher.on('change', onChange);
        watcher.on('add', onChange);
        watcher.on('unlink', onChange);
      }
    },
  };
}
