/**
 * A lesson's recorded replay, opened (replay-island.ts loads this module on the reader's first
 * press): the lab's Timeline view, in the page's language, given the recording the page embeds
 * (src/lab/record-run.ts: the trace message, the files that ran, the end), so it scrubs, speaks and
 * tables channels exactly as after a Run in the lab. Choosing a step marks its line in the page's
 * TypeScript listing of the same program (GoSideBySide's `data-gcl-code`), as the lab marks the
 * editor's line.
 *
 * Invariants: one view per replay, made on the first press; later presses only show or hide it
 * (`aria-expanded` says which), and hiding it takes the line mark away; at most one line of the
 * listing is marked, and only for a step in the recorded entry file.
 */
import type { SourceLocation } from 'gort';
import type { RunRecording } from '../record-run.ts';
import { DRAW_EVENT } from '../../site/ec-deferred-event.ts';
import { labLocale, translator } from './i18n.ts';
import { TimelineView } from './timeline-view.ts';

const ENTRY = 'main.ts';

/** Marks the current step's line in the page's listing of the program (none: marks nothing). */
class LineMark {
  readonly #lines: readonly HTMLElement[];
  #at: SourceLocation | null = null;
  #marked: HTMLElement | undefined;

  constructor(code: string | undefined) {
    const listing = code === undefined ? null : document.querySelector(`[data-gcl-code="${code}"]`);
    // A long listing arrives as plain text until it nears the viewport: draw its lines now.
    listing?.dispatchEvent(new Event(DRAW_EVENT, { bubbles: true }));
    this.#lines = listing === null ? [] : [...listing.querySelectorAll<HTMLElement>('.ec-line')];
  }

  /** The view's `markStep`. */
  readonly set = (at: SourceLocation | null): void => {
    this.#at = at;
    this.show(true);
  };

  /** Shows the current step's mark, or takes it away while the replay is closed. */
  show(visible: boolean): void {
    this.#marked?.removeAttribute('data-gcl-step-line');
    const at = visible ? this.#at : null;
    this.#marked = at !== null && at.file === ENTRY ? this.#lines[at.line - 1] : undefined;
    this.#marked?.setAttribute('data-gcl-step-line', '');
  }
}

const marks = new WeakMap<HTMLElement, LineMark>();

/** Opens the replay in `root` (a `[data-gcl-replay]` element), or closes it when it is open. */
export function toggleReplay(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-gcl-replay-open]');
  const panel = root.querySelector<HTMLElement>('[data-gcl-replay-panel]');
  const data = root.querySelector('[data-gcl-replay-data]');
  if (button === null || panel === null || data === null) return;
  button.removeAttribute('aria-busy');
  const made = marks.get(root);
  if (made !== undefined) {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    made.show(!panel.hidden);
    return;
  }
  const recording = JSON.parse(data.textContent ?? '') as RunRecording;
  const mark = new LineMark(root.dataset['gclReplayCode']);
  const view = new TimelineView(translator(labLocale(root.dataset['locale'])), mark.set);
  marks.set(root, mark);
  panel.append(view.element);
  panel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  root.dataset['gclState'] = 'open';
  // Drawn once visible: the view fits its window of steps to its width.
  view.showRun(recording.trace, recording.files, recording.end);
}
