/**
 * `npm run lab -- <lab-id> [--solution] [--check] [--internal-frames] [--schedule=<token>]
 * [--root=<dir>]` runs a lab in the terminal with the Node runner (`--internal-frames` keeps the
 * runtime's and the host's frames in error reports; `--schedule` replays a schedule a check's
 * exploration reported); `npm run lab -- --list` lists the labs; `npm run lab -- <id> --export <dir>`
 * runs a service lab's solution once (the starter with `--starter`) and writes its export to
 * Kubernetes, Istio, Linkerd, Envoy and Prometheus into `<dir>` (src/lab/export/).
 *
 * The packages are built fresh (without declarations, in memory) for each invocation, so the CLI
 * always runs the current runtime, mesh and host sources; that build takes ~50 ms, less than telling
 * whether public/_lab/pkgs is still fresh would. Output is streamed with the
 * protocol lines taken out; a check's report is printed as ✓/✗ lines. Exit status: the program's
 * (run), 0 when the check passed else 1 (check), 130 when stopped by the time limit, the output cap
 * or Ctrl-C, each said on stderr in a `[lab]` line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatReport } from '../src/lab/check/report.ts';
import type { StuckMessage } from '../src/lab/protocol.ts';
import { translator } from '../src/lab/ui/i18n.ts';
import { stuckModel, wordPhrase } from '../src/lab/ui/stuck-model.ts';
import { loadAllLabs, loadLab } from '../src/lab/load.ts';
import { runLab } from '../src/lab/runners/node.ts';
import { captureMeshConfig, exportFiles, writeExport } from '../src/lab/export/index.ts';
import { buildLabPackages } from './build-lab-packages.mjs';

const USAGE = `usage: npm run lab -- <lab-id> [--solution] [--check] [--internal-frames] [--schedule=<token>] [--root=<dir>]
       npm run lab -- <lab-id> --export <dir> [--starter] [--root=<dir>]
       npm run lab -- --list [--root=<dir>]`;

interface CliArgs {
  id: string | undefined;
  solution: boolean;
  check: boolean;
  internalFrames: boolean;
  schedule: string | undefined;
  list: boolean;
  root: string;
  /** Where to write the export; undefined: no export. */
  exportDir: string | undefined;
  /** Export the starter's configuration instead of the solution's. */
  starter: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    id: undefined,
    solution: false,
    check: false,
    internalFrames: false,
    schedule: undefined,
    list: false,
    root: 'labs',
    exportDir: undefined,
    starter: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--solution') args.solution = true;
    else if (arg === '--starter') args.starter = true;
    else if (arg === '--export') {
      const dir = argv[++i];
      if (dir === undefined || dir.startsWith('-')) throw new Error(`--export needs a directory\n${USAGE}`);
      args.exportDir = dir;
    } else if (arg.startsWith('--export=')) args.exportDir = arg.slice('--export='.length);
    else if (arg === '--check') args.check = true;
    else if (arg === '--internal-frames') args.internalFrames = true;
    else if (arg === '--list') args.list = true;
    else if (arg.startsWith('--schedule=')) args.schedule = arg.slice('--schedule='.length);
    else if (arg.startsWith('--root=')) args.root = arg.slice('--root='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (args.id === undefined) args.id = arg;
    else throw new Error(`one lab at a time (got "${args.id}" and "${arg}")\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const lab of await loadAllLabs(args.root)) {
      console.log(`${lab.id.padEnd(32)} ${lab.meta.kind.padEnd(9)} ${lab.meta.title.en}`);
    }
    return 0;
  }
  if (args.id === undefined) throw new Error(USAGE);
  const dir = path.join(args.root, args.id);
  if (!existsSync(dir)) throw new Error(`no lab "${args.id}" in ${args.root}/ (see npm run lab -- --list)`);
  const lab = await loadLab(dir);

  const { loaded: packages } = await buildLabPackages({ types: false, write: false, log: () => {} });
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  if (args.exportDir !== undefined) {
    const records = await captureMeshConfig(lab, {
      packages,
      files: args.starter ? 'starter' : 'solution',
      signal: abort.signal,
    });
    const { files, objects } = exportFiles({ id: lab.id, title: lab.meta.title.en }, records);
    for (const file of await writeExport(args.exportDir, files)) console.log(`wrote ${file}`);
    console.log(
      `${objects.kubernetes.length} Kubernetes, ${objects.istio.length} Istio, ${objects.linkerd.length} Linkerd objects; ` +
        `${objects.mappings.length} settings mapped, ${objects.gaps.length} without an exact equivalent (README.md)`,
    );
    return 0;
  }
  let stuck: StuckMessage | undefined;
  const outcome = await runLab(lab, {
    mode: args.check ? 'check' : 'run',
    files: args.solution ? 'solution' : 'starter',
    packages,
    internalFrames: args.internalFrames,
    ...(args.schedule === undefined ? {} : { schedule: args.schedule }),
    signal: abort.signal,
    onText: (text, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
    onMessage: (message) => {
      if (message.type === 'listen')
        process.stderr.write(`[lab] ${message.name} listening on ${message.url}\n`);
      else if (message.type === 'stuck') stuck = message;
    },
  });
  const { result, report } = outcome;
  // The runner reports how a run ended as a reason; the words are the caller's (here, the CLI's).
  if (result.reason === 'timeout')
    process.stderr.write(`\n[lab] stopped after ${lab.meta.timeoutMs / 1000}s (the lab's time limit)\n`);
  else if (result.reason === 'stopped') process.stderr.write('\n[lab] stopped\n');
  else if (result.reason === 'output-limit')
    process.stderr.write(
      `\n[lab] stopped: the program printed more than ${Math.round((result.outputLimit ?? 0) / 1024)} KB\n`,
    );
  else if (result.reason === 'unavailable')
    process.stderr.write(`\n[lab] the program could not be run (${result.unavailable ?? 'unknown'})\n`);
  if (stuck !== undefined) {
    // The deadlock explainer / leak report, in English like the rest of the CLI's words.
    const model = stuckModel(stuck.report, args.solution ? lab.solution : lab.starter);
    const en = translator('en');
    const lines = model.sentences.map((s) => wordPhrase(en, s.text));
    if (model.cycleText !== null) lines.push(wordPhrase(en, model.cycleText));
    process.stderr.write(`\n${lines.map((line) => `[lab] ${line}\n`).join('')}`);
  }
  if (!args.check) return result.exitCode;
  if (report === undefined) {
    process.stdout.write(`\n✗ the check did not report (exit status ${result.exitCode})\n`);
    return 1;
  }
  process.stdout.write(`\n${formatReport(report)}`);
  return report.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
