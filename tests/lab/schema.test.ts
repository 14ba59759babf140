/**
 * The lab format: lab.json defaults, and every malformed fixture failing with a message that names
 * its file and field (what `astro build` and `npm run build:pkgs` print).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { labsLoader, loadAllLabs, loadLab, loadLabMetas } from '../../src/lab/load.ts';
import {
  LabFormatError,
  labMetaSchema,
  labSchema,
  parseLabMeta,
  toLabFormatError,
} from '../../src/lab/schema.ts';
import { LabSyntaxError } from '../../src/lab/transpile.ts';

const fixtures = 'tests/fixtures/labs';
const malformed = (id: string) => path.join(fixtures, 'malformed', id);

const minimal = {
  title: { en: 'Hello', 'zh-cn': '你好' },
  lesson: 'concurrency/goroutines',
  kind: 'exercise',
  instructions: { en: 'Do it.', 'zh-cn': '做吧。' },
};

describe('lab.json', () => {
  it('fills in every default', () => {
    expect(parseLabMeta(minimal, 'lab.json')).toEqual({
      ...minimal,
      entry: 'main.ts',
      clock: 'virtual',
      seed: 1,
      services: false,
      timeoutMs: 10_000,
    });
  });

  it('describes every field with its default', () => {
    for (const [field, schema] of Object.entries(labMetaSchema.shape)) {
      expect(schema.description, field).toMatch(/Default|Required/);
    }
  });

  it('names the file and the field of a bad value', () => {
    expect(() => parseLabMeta({ ...minimal, clock: 'fast' }, 'labs/channels/ping-pong/lab.json')).toThrow(
      'labs/channels/ping-pong/lab.json: clock: expected "virtual" or "real"',
    );
  });

  it('rejects an entry outside the lab folder', () => {
    expect(() => parseLabMeta({ ...minimal, entry: '../main.ts' }, 'lab.json')).toThrow(
      /^lab\.json: entry: /,
    );
  });

  it('validates a published lab, files included', () => {
    const lab = {
      id: 'basics/hello',
      meta: parseLabMeta(minimal, 'x'),
      starter: { 'main.ts': '' },
      solution: { 'main.ts': '' },
      check: 'x',
    };
    const parse = (data: unknown) => {
      const result = labSchema.safeParse(data);
      if (!result.success) throw toLabFormatError('hello.json', result.error);
      return result.data;
    };
    expect(parse(lab).id).toBe('basics/hello');
    expect(() => parse({ ...lab, starter: { '/etc/passwd.ts': '' } })).toThrow(/^hello\.json: starter\./);
  });
});

describe('a malformed lab fails naming its file and field', () => {
  const cases: [id: string, message: string][] = [
    [
      'schema/bad-clock',
      `${fixtures}/malformed/schema/bad-clock/lab.json: clock: expected "virtual" or "real"`,
    ],
    [
      'schema/bad-kind',
      `${fixtures}/malformed/schema/bad-kind/lab.json: kind: expected "exercise" or "demo"`,
    ],
    [
      'schema/missing-title',
      `${fixtures}/malformed/schema/missing-title/lab.json: title: required (expected object)`,
    ],
    [
      'schema/missing-translation',
      `${fixtures}/malformed/schema/missing-translation/lab.json: title.zh-cn: required (expected string)`,
    ],
    ['schema/unknown-field', `${fixtures}/malformed/schema/unknown-field/lab.json: timeout: unknown field`],
    ['schema/bad-timeout', `${fixtures}/malformed/schema/bad-timeout/lab.json: timeoutMs: `],
    [
      'files/missing-entry',
      `${fixtures}/malformed/files/missing-entry/lab.json: entry: starter/app.ts does not exist`,
    ],
    [
      'files/solution-mismatch',
      `${fixtures}/malformed/files/solution-mismatch/solution: must hold the same files as starter/ (extra extra.ts)`,
    ],
    ['files/no-check', `${fixtures}/malformed/files/no-check/check.ts: missing`],
  ];
  it.each(cases)('%s', async (id, message) => {
    const error = await loadLab(malformed(id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabFormatError);
    expect((error as Error).message.startsWith(message), (error as Error).message).toBe(true);
  });

  // Malformed on purpose in ways the repo's own formatter and type checker would trip over, so
  // these are made from a good fixture in a temporary folder instead of living on disk.
  const scratch = mkdtemp(path.join(tmpdir(), 'lab-malformed-'));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));
  async function broken(name: string, file: string, contents: string): Promise<string> {
    const dir = path.join(await scratch, 'broken', name);
    await cp(path.join(fixtures, 'good/basics/greeting'), dir, { recursive: true });
    await writeFile(path.join(dir, file), contents);
    return dir;
  }

  it('invalid JSON in lab.json', async () => {
    const dir = await broken('bad-json', 'lab.json', '{ "kind": "demo", }');
    await expect(loadLab(dir)).rejects.toThrow(/\/broken\/bad-json\/lab\.json: invalid JSON \(/);
  });

  it('a syntax error names the file, line and column', async () => {
    const dir = await broken(
      'syntax-error',
      'solution/main.ts',
      "import { main } from 'gort';\n\nmain(() => {\n  console.log('hi';\n});\n",
    );
    const error = await loadLab(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabSyntaxError);
    expect((error as Error).message).toMatch(
      /\/broken\/syntax-error\/solution\/main\.ts:4:19: Unexpected token, expected ","$/,
    );
  });

  describe('the starter in Chinese (starter.zh-cn/)', () => {
    const commented =
      "import { main } from 'gort';\n\n// Say hello.\nmain(async () => {\n  console.log('hi');\n});\n";
    it('is required once the starter has comments (an untranslated comment used to reach /zh-cn/)', async () => {
      const dir = await broken('untranslated', 'starter/main.ts', commented);
      await expect(loadLab(dir)).rejects.toThrow(
        /\/broken\/untranslated\/starter\.zh-cn: missing: starter\/main\.ts has comments, so the zh-cn page needs them translated/,
      );
    });
    it('may differ from the starter in comments and layout only', async () => {
      const dir = await broken('translated', 'starter/main.ts', commented);
      await mkdir(path.join(dir, 'starter.zh-cn'));
      const chinese =
        "import { main } from 'gort';\n\n/* 打个招呼。 */\nmain(async () => {\n    console.log('hi'); // 你好\n});\n";
      await writeFile(path.join(dir, 'starter.zh-cn/main.ts'), chinese);
      const lab = await loadLab(dir);
      expect(lab.starterTranslations).toEqual({ 'zh-cn': { 'main.ts': chinese } });
      expect(lab.starter['main.ts']).toBe(commented);
    });
    it('names the first token where its code differs', async () => {
      const dir = await broken('drifted', 'starter/main.ts', commented);
      await mkdir(path.join(dir, 'starter.zh-cn'));
      await writeFile(path.join(dir, 'starter.zh-cn/main.ts'), commented.replace("'hi'", "'你好'"));
      await expect(loadLab(dir)).rejects.toThrow(
        /starter\.zh-cn\/main\.ts: the code differs from starter\/main\.ts \(only comments may\): expected "'hi'", found "'你好'"$/,
      );
    });
    it('holds the same files as the starter', async () => {
      const dir = await broken('extra-file', 'starter/main.ts', commented);
      await mkdir(path.join(dir, 'starter.zh-cn'));
      await writeFile(path.join(dir, 'starter.zh-cn/main.ts'), commented);
      await writeFile(path.join(dir, 'starter.zh-cn/util.ts'), 'export {};\n');
      await expect(loadLab(dir)).rejects.toThrow(
        /starter\.zh-cn\/util\.ts: starter\/util\.ts does not exist$/,
      );
    });
  });

  it('fails loading a whole folder of labs at the first malformed one', async () => {
    await expect(loadAllLabs(path.join(fixtures, 'malformed'))).rejects.toThrow(
      /lab\.json|check\.ts|solution/,
    );
  });
});

describe('loading labs', () => {
  it('reads every good fixture lab, sorted by id, with files sorted by path', async () => {
    const labs = await loadAllLabs(path.join(fixtures, 'good'));
    expect(labs.map((lab) => lab.id)).toEqual([...labs.map((lab) => lab.id)].sort());
    expect(labs.length).toBeGreaterThanOrEqual(3);
    for (const lab of labs) {
      expect(Object.keys(lab.starter)).toEqual(Object.keys(lab.solution));
      expect(lab.starter[lab.meta.entry]).toBeDefined();
      expect(lab.check).toContain('defineCheck');
    }
  });

  it('finds no labs under a folder that does not exist', async () => {
    await expect(loadAllLabs(path.join(fixtures, 'nowhere'))).resolves.toEqual([]);
    await expect(loadLabMetas(path.join(fixtures, 'nowhere'))).resolves.toEqual([]);
  });

  it('lists the same labs with their lab.json alone (loadLabMetas), and rejects a malformed lab.json', async () => {
    const labs = await loadAllLabs(path.join(fixtures, 'good'));
    const metas = await loadLabMetas(path.join(fixtures, 'good'));
    expect(metas).toEqual(labs.map(({ id, meta }) => ({ id, meta })));
    await expect(loadLabMetas(path.join(fixtures, 'malformed'))).rejects.toThrow(/lab\.json/);
  });
});

describe('the labs content collection loader', () => {
  /** The parts of Astro's loader context the loader uses, recording what it stores. */
  function context() {
    const entries = new Map<
      string,
      { id: string; data: Record<string, unknown>; digest?: string | number }
    >();
    const logged: string[] = [];
    const ctx = {
      collection: 'labs',
      config: { root: pathToFileURL(`${process.cwd()}/`) },
      store: {
        clear: () => entries.clear(),
        set: (entry: { id: string; data: Record<string, unknown> }) => (entries.set(entry.id, entry), true),
      },
      logger: { info: (m: string) => logged.push(m), error: (m: string) => logged.push(m) },
      parseData: <T>({ data }: { data: T }) => Promise.resolve(data),
      generateDigest: (data: string) => data.length,
    };
    return { ctx: ctx as unknown as Parameters<ReturnType<typeof labsLoader>['load']>[0], entries, logged };
  }

  it('stores every lab by id', async () => {
    const { ctx, entries, logged } = context();
    await labsLoader('tests/fixtures/labs/good').load(ctx);
    expect([...entries.keys()]).toEqual([
      'basics/greeting',
      'basics/numbers',
      'e2e/ping-pong',
      'e2e/users',
      'e2e/wait-for-workers',
      'services/echo',
    ]);
    expect(entries.get('basics/numbers')?.data).toMatchObject({
      id: 'basics/numbers',
      meta: { kind: 'exercise' },
    });
    expect(entries.get('basics/numbers')?.data).not.toHaveProperty('fixture');
    expect(logged).toEqual(['6 labs loaded']);
  });

  it("adds the fixture labs, marked, when the build is the end-to-end tests'", async () => {
    const { ctx, entries, logged } = context();
    await labsLoader('labs', 'tests/fixtures/labs/good').load(ctx);
    const site = (await loadAllLabs('labs')).map((lab) => lab.id);
    const fixtures = [...entries.values()].filter((entry) => entry.data['fixture'] === true);
    expect(fixtures.map((entry) => entry.id)).toContain('e2e/wait-for-workers');
    expect([...entries.keys()].filter((id) => !site.includes(id))).toEqual(fixtures.map((e) => e.id));
    expect(site.every((id) => entries.get(id)?.data['fixture'] === undefined)).toBe(true);
    expect(logged).toEqual([`${entries.size} labs loaded (${fixtures.length} test fixtures)`]);
  });

  it('refuses a fixture whose id a lab already has (it would replace the lab on the site)', async () => {
    const { ctx } = context();
    await expect(
      labsLoader('tests/fixtures/labs/good', 'tests/fixtures/labs/good').load(ctx),
    ).rejects.toThrow(
      'tests/fixtures/labs/good/basics/greeting: the fixture\'s id "basics/greeting" is a lab\'s id in tests/fixtures/labs/good/',
    );
  });

  it('fails (and so fails astro build) naming the file and field of a malformed lab', async () => {
    const { ctx } = context();
    await expect(labsLoader('tests/fixtures/labs/malformed').load(ctx)).rejects.toThrow(
      'tests/fixtures/labs/malformed/files/missing-entry/lab.json: entry: starter/app.ts does not exist',
    );
  });
});
