/**
 * What Go itself varies from run to run and machine to machine, taken out of program output before
 * it is compared with what a page shows — and nothing else:
 *
 * - goroutine ids (`goroutine 18`, `Goroutine 18 (running)`, `in goroutine 1`): renumbered in order
 *   of first appearance within each race report (the text between `==================` lines) and
 *   within the rest, so a report that names the same goroutine twice still has to. Not across
 *   reports: which earlier access the race detector reports (and so which goroutine) varies;
 * - addresses and program-counter offsets (`at 0x00c000012345`, `+0x9c`, frame arguments);
 * - the directory part of a file path in a stack frame (`/home/gopher/race/main.go:16`), keeping
 *   the file name and the line, which the pages point at;
 * - how long a goroutine has waited in a dump (`[chan send, 2 minutes]`).
 *
 * `displayGoOutput` is the other direction, for recording: it writes the program's own folder as
 * `/home/gopher/<program>/`, the folder a learner who copies the program would run it in, and
 * GOROOT as `/usr/local/go`, so a re-recording on another machine changes only what Go changed.
 */

/** Goroutine ids renumbered G1, G2, ... in order of first appearance in `text`. */
function renumberGoroutines(text: string): string {
  const ids = new Map<string, number>();
  return text.replace(/\b(goroutine) (\d+)\b/gi, (_, word: string, id: string) => {
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return `${word} G${ids.get(id)}`;
  });
}

/** The race detector's rule line around each report. */
const REPORT_RULE = /^(={18})$/m;

/** `output` with the Go-varied parts replaced by fixed placeholders. */
export function normalizeGoOutput(output: string): string {
  return output
    .split(REPORT_RULE)
    .map(renumberGoroutines)
    .join('')
    .replace(/0x[0-9a-f]+\b/g, '0x…')
    .replace(/(^|\s)\/(?:[^\s/]+\/)*([^\s/]+\.go:\d+)/gm, '$1…/$2')
    .replace(/^(goroutine G\d+ \[[^\]]*?), \d+ minutes?\]/gm, '$1]');
}

/** `output` as a page shows it: the program's folder and GOROOT written the same on every machine. */
export function displayGoOutput(output: string, programDir: string, goroot: string): string {
  const name = programDir.split('/').filter(Boolean).at(-1) ?? 'program';
  return output
    .replaceAll(`${programDir.replace(/\/$/, '')}/`, `/home/gopher/${name}/`)
    .replaceAll(`${goroot.replace(/\/$/, '')}/`, '/usr/local/go/');
}
