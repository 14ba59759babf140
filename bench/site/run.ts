/**
 * `npm run bench -- site`: page weight and lab start-up in real Chromium, on the production build.
 * Builds the site, runs bench/site/lab-measure.spec.ts through Playwright (the e2e set-up: astro
 * preview with the isolation headers), and prints the numbers with ratios against the home page and a
 * plain docs page measured in the same run, and the two pages' HTML documents (raw, gzip, inline
 * `style` attributes) side by side. Bytes are gzip sizes, as a static host would send them. Then
 * Lighthouse's mobile audit of every lab page and the docs pages (lighthouse.ts; `--no-lighthouse`
 * skips it: it takes about ten seconds a page).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  EDITOR_FILE,
  MEASUREMENTS_FILE,
  type EditorTimes,
  TIMELINE_FILE,
  type Measurements,
  type TimelineSize,
  type Traffic,
} from './measurements.ts';
import { DOCS_PAGES, formatLighthouse, labPages, runLighthouse } from './lighthouse.ts';

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(`bench/site: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
}

sh('npm', ['run', 'build', '--silent']);
sh('node', ['scripts/ensure-browser.mjs']);
sh('npx', ['playwright', 'test', '-c', 'bench/site/playwright.config.ts', '--reporter=line'], {
  ...process.env,
  E2E_PORT: process.env['E2E_PORT'] ?? '4398',
});

const r = JSON.parse(readFileSync(MEASUREMENTS_FILE, 'utf8')) as Measurements;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const { home, docsPage, labPageBeforeInteraction: lab, labPageAsDocs: twin } = r.pages;
const perKChars = (bytes: number, chars: number) =>
  chars > 0 ? `${((bytes / chars) * 1000).toFixed(0)} B` : 'n/a';
const rows: [string, Traffic][] = [
  ['home page', home],
  ['docs page (How the labs work)', docsPage],
  ['lab page, before interaction', lab],
  ['the same page as a docs page (lab machinery taken out)', twin],
  ['pressing Start lab (client, Monaco, xterm, runner choice)', r.labStart],
  ['first Run (TS worker, packages, sandbox)', r.firstRun],
];
const { docsPage: docsHtml, labPage: labHtml } = r.html;
const out = [
  '| what | JS (gzip) | all (gzip) | requests | JS vs docs page |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    ([name, t]) =>
      `| ${name} | ${kb(t.jsGzip)} | ${kb(t.allGzip)} | ${t.files} | ${ratio(t.jsGzip, docsPage.jsGzip)} |`,
  ),
  '',
  '| HTML document | raw | gzip | style attributes |',
  '| --- | ---: | ---: | ---: |',
  `| docs page (How the labs work) | ${kb(docsHtml.raw)} | ${kb(docsHtml.gzip)} | ${docsHtml.styleAttributes} |`,
  `| lab page (Goroutines) | ${kb(labHtml.raw)} | ${kb(labHtml.gzip)} | ${labHtml.styleAttributes} |`,
  `| lab page vs docs page | ${ratio(labHtml.raw, docsHtml.raw)} | ${ratio(labHtml.gzip, docsHtml.gzip)} | ${ratio(labHtml.styleAttributes, docsHtml.styleAttributes)} |`,
  '',
  `Lab page before interaction vs a docs page of the same text (the same page without the lab's config, Start button, island script and inline CSS; all bytes, gzip): ${ratio(lab.allGzip, twin.allGzip)} (target <= 1.10x)`,
  `Text in the main column: docs page ${r.text.docsPage} characters, lab page ${r.text.labPage}, its docs twin ${r.text.labAsDocs}; gzip bytes per 1,000 characters: docs page ${perKChars(docsPage.allGzip, r.text.docsPage)}, lab page ${perKChars(lab.allGzip, r.text.labPage)}`,
  `Lab page vs the How-the-labs-work docs page (all bytes, gzip): ${ratio(lab.allGzip, docsPage.allGzip)}`,
  `Start lab -> visible feedback: ${r.startToFeedbackMs} ms; -> editor ready: ${r.startToEditorMs} ms (WebContainer blocked)`,
  `Start lab -> runner chosen, WebContainer blocked: ${r.startToRunnerReadyMs} ms`,
  `Run pressed as soon as the editor is there, WebContainer blocked -> first output: ${r.runAtEditorReady.runToFirstOutputMs} ms (${r.runAtEditorReady.startToFirstOutputMs} ms after Start lab)`,
  `first Run -> first output: ${r.firstRun.runToFirstOutputMs} ms`,
  `warm Run -> first output: median ${r.runToFirstOutputMs.median} ms (runs: ${r.runToFirstOutputMs.runs.join(', ')})`,
  `Stop on a runaway loop -> "Stopped.": median ${r.stopMs.median} ms (tries: ${r.stopMs.runs.join(', ')}; the lab promises under 1 s)`,
];
const timeline = JSON.parse(readFileSync(TIMELINE_FILE, 'utf8')) as TimelineSize[];
out.push(
  '',
  'Timeline on long runs (ping-pong of N rounds; one slider move per frame; target: 10,000 events at 60 fps, 100,000 without freezing):',
  '| rounds | events (of) | steps | run | then -> Timeline shown | longest task | scrub fps (slowest frame) | with channels open |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...timeline.map(
    (s) =>
      `| ${s.rounds} | ${s.events} (${s.total}) | ${s.steps} | ${s.runMs} ms | ${s.doneToTimelineMs} ms | ${s.longestTaskMs} ms | ${s.scrub.fps} (${s.scrub.slowestFrameMs} ms) | ${s.scrubWithChannels.fps} (${s.scrubWithChannels.slowestFrameMs} ms) |`,
  ),
);
const editor = JSON.parse(readFileSync(EDITOR_FILE, 'utf8')) as EditorTimes[];
out.push(
  '',
  'Typing in a started lab, key press -> what the learner sees (target on the phone profile: errors and completions within 1 s):',
  '| profile | first error, typed at once after the click (loads the TypeScript worker) | first error, typed 1 s after the click | next error | completion list |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...editor.map(
    (e) =>
      `| ${e.profile.name} | ${e.firstErrorMs} ms | ${e.firstErrorAfterPauseMs} ms | ${e.nextErrorMs} ms | ${e.completionMs} ms |`,
  ),
);
if (!process.argv.includes('--no-lighthouse')) {
  // Without a CJK font Chromium falls back glyph by glyph on the zh-cn pages. Measured 2026-12-04,
  // zh-cn goroutines/select/scheduler: TBT 327/420/417 ms without one, 89/316/253 ms with
  // fonts-noto-cjk (their English pages 65-242 ms in the same runs).
  const cjk = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (cjk.status === 0 && cjk.stdout.trim() === '') {
    out.push(
      '',
      'Warning: this machine has no CJK font (fc-list :lang=zh is empty), so the zh-cn pages score lower than on a phone; install one (Debian: fonts-noto-cjk).',
    );
  }
  const port = Number(process.env['E2E_PORT'] ?? '4398') + 1;
  const rows = await runLighthouse(port, [
    ...DOCS_PAGES.map((p) => ({ path: p, kind: 'docs' as const })),
    ...(await labPages()).map((p) => ({ path: p, kind: 'lab' as const })),
  ]);
  out.push('', ...formatLighthouse(rows));
}
process.stdout.write(out.join('\n') + '\n');
