/**
 * What the lab host knows about the learner's code, in one place: the learner map the mount put in
 * the tree (`__lab_map.mjs`), the `mapLocation` built on it, `describe(error)`, the report of an
 * error the program did not catch (errors.ts), and `runtime`, the options every `configure()` of
 * the host passes so panics and deadlock dumps name the learner's lines too (call sites recorded:
 * a lab always wants the line a goroutine is blocked at) and the runtime's problem becomes the
 * run's `problem` line. Host start-up loads it once; run and check mode share it.
 *
 * A tree without a learner map (a hand-made one) still runs: nothing maps then, and only the
 * learner-independent parts of reports remain.
 */
import type { ConfigureOptions } from 'gort';
import type { LearnerMap } from '../learner-map.ts';
import { MAP_FILE } from '../packages.ts';
import { describeError, describeImportError, type ErrorContext, type ErrorReport } from './errors.ts';
import { createLocationMapper, hostLocator } from './locations.ts';
import { writeMessage, writeProblem } from './stdio.ts';

export interface LearnerContext extends ErrorContext {
  /** The report of an error the program did not catch: an import error, or an uncaught error. */
  describe(error: unknown): Promise<ErrorReport>;
  /** What every `configure()` of the host adds for the learner's locations. */
  readonly runtime: Pick<
    ConfigureOptions,
    'mapLocation' | 'callSites' | 'internalFrames' | 'problem' | 'stuck'
  >;
}

function isLearnerMap(value: unknown): value is LearnerMap {
  const map = value as Partial<LearnerMap> | null;
  return (
    typeof map === 'object' && map !== null && typeof map.files === 'object' && Array.isArray(map.packages)
  );
}

/**
 * Loads the learner map next to the host (`hostUrl`: the host's own `import.meta.url`) and builds
 * the context. `importModule` imports a specifier as the host would (relative to the tree's root).
 */
export async function loadLearnerContext(
  hostUrl: string,
  importModule: (specifier: string) => Promise<unknown>,
  internalFrames: boolean,
): Promise<LearnerContext> {
  const loaded = await importModule(`./${MAP_FILE}`).then(
    (module) => (module as { default?: unknown }).default,
    () => undefined,
  );
  const map: LearnerMap = isLearnerMap(loaded) ? loaded : { files: {}, packages: [] };
  const locate = hostLocator(hostUrl);
  const context: ErrorContext = {
    map,
    locate,
    mapLocation: createLocationMapper(map, locate),
    internalFrames,
    exportsOf: async (specifier) => Object.keys((await importModule(specifier)) as object),
  };
  return {
    ...context,
    describe: async (error) => (await describeImportError(error, context)) ?? describeError(error, context),
    runtime: {
      mapLocation: context.mapLocation,
      callSites: true,
      internalFrames,
      problem: (problem) => writeProblem(problem),
      stuck: (report) => writeMessage({ type: 'stuck', report }),
    },
  };
}
