/**
 * The lab format: the zod schema of `labs/<section>/<lab>/lab.json` and the types of a loaded lab.
 *
 * Browser-safe (no node:*): the build, the content collection, the Lab UI and the tests all validate
 * against this one schema. Invariants: every field is `.describe()`d with its default; a parse
 * failure always becomes a LabFormatError whose message names the file and the dotted field path
 * (`labs/channels/ping-pong/lab.json: clock: expected "virtual" or "real"`), so a malformed lab fails
 * the build with a message a lesson author can act on.
 */
import { z } from 'zod';

/** The site's languages, as lab texts and the lab UI name them. */
export const labLocales = ['en', 'zh-cn'] as const;
export type LabLocale = (typeof labLocales)[number];

/** Text in both site languages. */
const localized = (what: string) =>
  z
    .object({
      en: z.string().min(1).describe(`${what} in English. Required.`),
      'zh-cn': z.string().min(1).describe(`${what} in Simplified Chinese. Required.`),
    })
    .strict();

/** A relative POSIX file path inside starter/ or solution/ (no `..`, no leading slash). */
const relativeFile = z
  .string()
  .regex(
    /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w.\-/]+\.ts$/,
    'expected a relative path to a .ts file, like "main.ts" or "lib/util.ts"',
  );

export const labMetaSchema = z
  .object({
    title: localized('The lab title shown above the editor').describe(
      'The lab title, { en, "zh-cn" }. Required.',
    ),
    lesson: z
      .string()
      .regex(/^[a-z0-9-]+(?:\/[a-z0-9-]+)*$/, 'expected a docs slug like "concurrency/goroutines"')
      .describe('The docs slug of the lesson the lab belongs to, e.g. "concurrency/goroutines". Required.'),
    kind: z
      .enum(['exercise', 'demo'])
      .describe(
        'What the learner does: "exercise" (the starter fails the check until solved) or "demo" (the starter already works; no failing starter). Required.',
      ),
    entry: relativeFile
      .default('main.ts')
      .describe('The program entry inside starter/ and solution/. Default "main.ts".'),
    clock: z
      .enum(['virtual', 'real'])
      .default('virtual')
      .describe(
        'The runtime clock: "virtual" (time jumps when every goroutine sleeps; deterministic) or "real". Default "virtual".',
      ),
    seed: z
      .number()
      .int()
      .nonnegative()
      .default(1)
      .describe('Seed of the runtime random source (select choices, shuffles). Default 1.'),
    services: z
      .boolean()
      .default(false)
      .describe('Whether the program starts services (listens for requests). Default false.'),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(120_000)
      .default(10_000)
      .describe(
        'Wall-clock limit for one run or check, in milliseconds; the runner stops the program after it. Default 10000.',
      ),
    instructions: localized('Short markdown shown above the editor').describe(
      'Short markdown instructions shown above the editor, { en, "zh-cn" }. Required.',
    ),
  })
  .strict()
  .describe('lab.json: the metadata of one lab.');

/** lab.json as written (defaults optional). */
export type LabMetaInput = z.input<typeof labMetaSchema>;
/** lab.json after validation, with every default filled in. */
export type LabMeta = z.output<typeof labMetaSchema>;

/** Files by relative path -> source text. */
export type LabFiles = Readonly<Record<string, string>>;

/** A loaded lab: its id (`<section>/<lab>`), metadata, files and the check's source. */
export interface Lab {
  readonly id: string;
  readonly meta: LabMeta;
  readonly starter: LabFiles;
  /**
   * The starter with its comments in another language (`starter.zh-cn/`): the same files and the
   * same code, token for token; only comments differ. Absent when the starter has no comments.
   */
  readonly starterTranslations?: { readonly 'zh-cn'?: LabFiles };
  readonly solution: LabFiles;
  /** The TypeScript source of check.ts. */
  readonly check: string;
  /**
   * A test fixture (tests/fixtures/labs/good/), in the collection only when the site is built for
   * the end-to-end tests: rendered on its own /e2e-fixtures/ page, never listed with the lessons' labs.
   */
  readonly fixture?: true;
}

const labFiles = z
  .record(relativeFile, z.string())
  .describe('Files by relative path (e.g. "main.ts") -> source text.');

/** The whole lab as the `labs` content collection stores it (src/lab/load.ts). */
export const labSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'expected "<section>/<lab>" in lower-case kebab-case')
      .describe('The lab id "<section>/<lab>", from its folder. Required.'),
    meta: labMetaSchema,
    starter: labFiles.describe('The starter files the learner edits. Required.'),
    starterTranslations: z
      .object({ 'zh-cn': labFiles.optional() })
      .strict()
      .optional()
      .describe(
        'The starter with its comments translated (starter.<locale>/): same files, same code. Required when the starter has comments.',
      ),
    solution: labFiles.describe('The solved files, same names as the starter. Required.'),
    check: z.string().min(1).describe('The TypeScript source of the hidden check (check.ts). Required.'),
    fixture: z
      .literal(true)
      .optional()
      .describe('Set by the loader on a test fixture lab (built only for the end-to-end tests).'),
  })
  .strict();

/** The settings a run of the lab is mounted with (the runners' `MountInput.meta`). */
export type LabRunSettings = Pick<LabMeta, 'entry' | 'clock' | 'seed' | 'services' | 'timeoutMs'>;

/**
 * What a lesson page embeds for the lab client (`<script type="application/json" data-gcl-config>`):
 * the metadata a run needs and the starter, never the solution or the check (fetched when wanted).
 * Every field is present: the server fills the defaults in.
 */
export const labConfigSchema = labMetaSchema
  .pick({ entry: true, kind: true, clock: true, seed: true, services: true, timeoutMs: true })
  .required()
  .extend({
    id: labSchema.shape.id,
    locale: z.enum(labLocales).describe('The language of the page the lab is on.'),
    starter: labFiles.describe('The starter files.'),
    base: z.string().describe('URL of the `/_lab/` folder (site base included), ending in `/`.'),
    goTwin: z
      .boolean()
      .describe(
        'Whether the lab has a Go twin of its solution (src/snippets/labs/<id>/solution.go), offered once the check passes.',
      ),
  })
  .strict();

export type LabConfig = z.output<typeof labConfigSchema>;

/** What the lab store needs of a lab (tests build it by hand). */
export type StoreLab = Pick<LabConfig, 'id' | 'entry' | 'kind' | 'timeoutMs' | 'services' | 'starter'>;

/** A lab that does not follow the format; the message names the file and the field. */
export class LabFormatError extends Error {
  override readonly name = 'LabFormatError';
  readonly code = 'LAB_FORMAT';
  readonly file: string;
  readonly field: string | undefined;

  constructor(file: string, field: string | undefined, problem: string) {
    super(field === undefined ? `${file}: ${problem}` : `${file}: ${field}: ${problem}`);
    this.file = file;
    this.field = field;
  }
}

/** Words for one zod issue, stable across zod's own message wording where it matters most. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `required (expected ${issue.expected})`
        : `expected ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** Turns the first zod issue into a LabFormatError naming `file` and the dotted field path. */
export function toLabFormatError(file: string, error: z.ZodError): LabFormatError {
  const issue = error.issues[0];
  if (issue === undefined) return new LabFormatError(file, undefined, 'invalid');
  const path = issue.path.map(String).join('.');
  // unrecognized_keys sits on the object; name the first unknown key as the field.
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return new LabFormatError(file, path === '' ? key : `${path}.${key}`, 'unknown field');
  }
  return new LabFormatError(file, path === '' ? undefined : path, describeIssue(issue));
}

/** Validates parsed lab.json data; `file` is the path used in error messages. */
export function parseLabMeta(data: unknown, file: string): LabMeta {
  const result = labMetaSchema.safeParse(data);
  if (!result.success) throw toLabFormatError(file, result.error);
  return result.data;
}

/** Validates lab.json text (JSON syntax errors are LabFormatErrors too). */
export function parseLabMetaJson(text: string, file: string): LabMeta {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LabFormatError(file, undefined, `invalid JSON (${(error as Error).message})`);
  }
  return parseLabMeta(data, file);
}
