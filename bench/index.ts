/**
 * `npm run bench [-- <suite>...] [options]`: runs every benchmark suite, a folder `bench/<suite>/`
 * with a `run.ts`, each in its own child process (so one suite's heap and JIT state never skew
 * another's), and passes their output through. Positional names pick suites; every other argument
 * goes to each suite unchanged (e.g. `npm run bench -- csp --reps 1 --scale 0.1`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.ts')))
  .map((d) => d.name)
  .sort();

const args = process.argv.slice(2);
const picked = args.filter((a) => suites.includes(a));
const rest = args.filter((a) => !suites.includes(a));
const unknown = args.find(
  (a, i) => !a.startsWith('-') && !suites.includes(a) && !args[i - 1]?.startsWith('--'),
);
if (unknown !== undefined) {
  process.stderr.write(`unknown bench suite "${unknown}"; suites: ${suites.join(', ')}\n`);
  process.exit(2);
}

let failed = false;
for (const suite of picked.length > 0 ? picked : suites) {
  process.stdout.write(`\n# bench/${suite}\n\n`);
  // tsx as an import hook: the suite's TypeScript runs without a build step
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, suite, 'run.ts'), ...rest], {
    stdio: 'inherit',
  });
  if (child.status !== 0) {
    process.stderr.write(`bench/${suite} failed (exit ${child.status ?? child.signal})\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
