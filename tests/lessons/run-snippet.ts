/**
 * Runs a snippet file as a whole program the way a lab runs: `runLab` (the Node runner) mounts it
 * with the prebuilt gort / gomesh / labcheck packages and the lab host, on the virtual clock with
 * seed 1 unless told otherwise. Service snippets run in check mode with a check written by the
 * test, on gomesh's in-memory network (`--net=memory`), so no test binds a real port that another
 * suite's lab might need.
 *
 * Packages are built once per test file, in memory (declarations skipped), so the snippets always
 * run against the current sources.
 */
import type { BuiltPackages } from '../../src/lab/load.ts';
import type { CheckReport } from '../../src/lab/runner.ts';
import { NodeRunner, runLab } from '../../src/lab/runners/node.ts';
import { labMetaSchema, type LabMeta } from '../../src/lab/schema.ts';
import { buildPackagesInMemory } from '../lab/helpers.ts';

export interface SnippetRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly report: CheckReport | undefined;
}

let built: BuiltPackages | undefined;

export async function buildPackages(): Promise<void> {
  built = await buildPackagesInMemory();
}

/** Drops the packages (kept for the callers' afterAll; there is nothing on disk to remove). */
export function removePackages(): void {
  built = undefined;
}

const runner = new NodeRunner();

/**
 * The limit for programs that end on their own but do seconds of work: the resilience experiment's
 * twin (9 s alone) and the capstone's labs were cut at 20 s (exit 130) when a full run shared the
 * machine's two cores with Go builds.
 */
export const HEAVY_RUN_MS = 90_000;

export async function runSnippet(
  source: string,
  options: {
    clock?: LabMeta['clock'];
    check?: string;
    services?: boolean;
    /** More of the program's files, mounted next to its main.ts (`{ 'instance.ts': … }`). */
    files?: Readonly<Record<string, string>>;
    /**
     * When the run is stopped (exit 130). Default 20 s: a claim about a program that hangs waits that
     * long. A safety net, not a measure: pass HEAVY_RUN_MS for a program that ends on its own but
     * takes seconds of CPU.
     */
    timeoutMs?: number;
  } = {},
): Promise<SnippetRun> {
  if (built === undefined) throw new Error('call buildPackages() in beforeAll first');
  const meta = labMetaSchema.parse({
    title: { en: 'snippet', 'zh-cn': 'snippet' },
    lesson: 'snippets',
    kind: 'demo',
    instructions: { en: 'snippet', 'zh-cn': 'snippet' },
    clock: options.clock ?? 'virtual',
    services: options.services ?? false,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  const files = { ...options.files, 'main.ts': source };
  let stdout = '';
  let stderr = '';
  const { result, report } = await runLab(
    { id: 'lessons/snippet', meta, starter: files, solution: files, check: options.check ?? '' },
    {
      mode: options.check === undefined ? 'run' : 'check',
      packages: built,
      runner,
      onText: (text, stream) => {
        if (stream === 'stdout') stdout += text;
        else stderr += text;
      },
      ...(options.services === true ? { net: 'memory' as const } : {}),
    },
  );
  return { stdout, stderr, exitCode: result.exitCode, report };
}
