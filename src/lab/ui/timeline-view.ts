/**
 * The Timeline's drawing and controls (loaded when the Timeline tab is first opened): one lane per
 * goroutine in plain SVG (running, runnable, blocked with Go's wait reason), the steps as dots on
 * the lane of the goroutine that acts, the current step's handoff as a line from sender to
 * receiver; a slider to scrub (arrow keys, Home/End, Page Up/Down), ◀ ▶ buttons, and the current
 * step's sentence in an aria-live region. Choosing a step marks its line in the editor (a drag marks
 * the line it stops at). "Channels at this step" (a disclosure, closed by default) tables every
 * channel as it is after the current step: capacity, buffered values, closed, goroutines waiting to
 * send and to receive.
 *
 * Invariants: a move costs the same however long the trace is: only the steps that fit the width are
 * drawn (a window around the current step; each lane's first visible segment found by binary
 * search), the width is kept by a ResizeObserver instead of read (a forced layout) per move, and the
 * channel table, while open, starts from the nearest snapshot (ChannelReplay). Every control has a
 * label; the sentence and the slider's value text always describe the same step; a trace cut by the
 * host says so.
 */
import { h, replaceChildren, svg, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import { injectStyle } from './inject-style.ts';
import type { LabState } from './lab-state.ts';
import { wordPhrase } from './stuck-model.ts';
import type { TraceMessage } from '../protocol.ts';
import type { SourceFiles } from './source-names.ts';
import {
  ChannelReplay,
  countLeading,
  timelineModel,
  timelineModelInSlices,
  type Step,
  type TimelineEnd,
  type TimelineModel,
} from './timeline-model.ts';
import css from './timeline.css?inline';
import type { SourceLocation } from 'gort';

const LABEL_W = 92;
const STEP_W = 18;
const ROW_H = 26;
const AXIS_H = 20;
/** Traces longer than this are read in slices (timelineModelInSlices), giving the page its turn. */
const SLICED_FROM = 8192;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Steps closer together than this are a drag: the editor's mark waits until it stops. */
const MARK_EVERY_MS = 100;

export class TimelineView {
  readonly element: HTMLElement;
  readonly #t: Translate;
  readonly #markStep: (at: SourceLocation | null) => void;
  readonly #slider: HTMLInputElement;
  readonly #prev: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #position: HTMLElement;
  readonly #sentence: HTMLElement;
  readonly #capped: HTMLElement;
  readonly #picture: HTMLElement;
  readonly #channels: HTMLDetailsElement;
  readonly #channelTable: HTMLElement;
  readonly #selectNote: HTMLElement;
  #model: TimelineModel | null = null;
  #replay: ChannelReplay | null = null;
  #step = 0;
  /** The panel's width, kept by a ResizeObserver: reading it per move would force a layout. */
  #width = 0;
  #movedAt = -Infinity;
  #markTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the model has steps of the runtime's own (drawn on a row under the lanes). */
  #runtimeRow = false;
  /** Counts shows: a slice-built model is presented only if no newer show came meanwhile. */
  #build = 0;

  constructor(t: Translate, markStep: (at: SourceLocation | null) => void) {
    injectStyle(css);
    this.#t = t;
    this.#markStep = markStep;
    const sliderId = uid('gcl-timeline-step');
    this.#slider = h('input', {
      id: sliderId,
      type: 'range',
      min: 0,
      max: 0,
      step: 1,
      value: 0,
      class: 'gcl-timeline__slider',
      'data-gcl-timeline-slider': true,
      oninput: () => this.#go(Number(this.#slider.value)),
    });
    this.#prev = h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__btn gcl-timeline__step',
        'aria-label': t('timeline.prev'),
        title: t('timeline.prev'),
        onclick: () => this.#go(this.#step - 1),
      },
      '◀',
    );
    this.#next = h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__btn gcl-timeline__step',
        'aria-label': t('timeline.next'),
        title: t('timeline.next'),
        onclick: () => this.#go(this.#step + 1),
      },
      '▶',
    );
    this.#position = h('span', { class: 'gcl-timeline__position' });
    this.#sentence = h('p', {
      class: 'gcl-timeline__sentence',
      'aria-live': 'polite',
      'data-gcl-timeline-sentence': true,
    });
    this.#capped = h('p', { class: 'gcl-timeline__capped', hidden: true });
    this.#picture = h('div', {
      class: 'gcl-timeline__picture',
      // One listener for every step's dot (they are redrawn at each move).
      onclick: (event: Event) => {
        const dot = (event.target as Element).closest('[data-step]');
        if (dot !== null) this.#go(Number(dot.getAttribute('data-step')));
      },
    });
    this.#channelTable = h('div', {
      class: 'gcl-timeline__channel-table',
      'data-gcl-timeline-channels': true,
    });
    // Said only when the run has a goroutine blocked in a select.
    this.#selectNote = h('p', { class: 'gcl-timeline__note' }, t('timeline.channels.select'));
    this.#channels = h(
      'details',
      { class: 'gcl-timeline__channels', ontoggle: () => this.#drawChannels() },
      h('summary', {}, t('timeline.channels')),
      this.#channelTable,
      this.#selectNote,
    );
    const legend = h(
      'ul',
      { class: 'gcl-timeline__legend' },
      ...(['running', 'runnable', 'blocked'] as const).map((s) =>
        h(
          'li',
          {},
          h('span', { class: `gcl-timeline__swatch gcl-timeline__swatch--${s}`, 'aria-hidden': 'true' }),
          t(`timeline.legend.${s}`),
        ),
      ),
    );
    this.element = h(
      'div',
      { class: 'gcl-timeline' },
      this.#capped,
      h(
        'div',
        { class: 'gcl-timeline__controls' },
        h('label', { for: sliderId, class: 'gcl-timeline__label' }, t('timeline.slider')),
        this.#prev,
        this.#slider,
        this.#next,
        this.#position,
      ),
      this.#sentence,
      this.#picture,
      legend,
      this.#channels,
    );
    new ResizeObserver(() => {
      const width = this.element.clientWidth;
      if (width === this.#width) return;
      this.#width = width;
      if (this.#model !== null && this.#model.steps.length > 0) this.#draw();
    }).observe(this.element);
  }

  /** Shows the lab state's trace (showRun). */
  show(state: LabState): void {
    const trace = state.trace;
    if (trace === null) {
      this.showRun(null, {}, null);
      return;
    }
    const outcome = state.outcome;
    this.showRun(
      trace.message,
      trace.files,
      outcome?.kind === 'exited'
        ? { code: outcome.code, deadlock: state.stuck?.report.kind === 'deadlock' }
        : null,
    );
  }

  /**
   * Shows one run's trace from its first step (the lab's last Run, or a lesson's recorded run), or
   * says there is none (null). A long trace is read in slices, the page keeping its turn between
   * them; a newer call replaces a trace still being read.
   */
  showRun(message: TraceMessage | null, files: SourceFiles, end: TimelineEnd | null): void {
    const build = ++this.#build;
    this.#model = null;
    this.#replay = null;
    this.#slider.max = '0';
    this.#capped.hidden = true;
    this.#prev.disabled = true;
    this.#next.disabled = true;
    replaceChildren(this.#picture);
    replaceChildren(this.#channelTable);
    if (message === null) {
      this.#sentence.textContent = this.#t('timeline.empty');
      return;
    }
    if (message.rows.length <= SLICED_FROM) {
      this.#present(timelineModel(message, files, end));
      return;
    }
    this.#sentence.textContent = this.#t('timeline.preparing', { events: message.rows.length });
    timelineModelInSlices(message, files, end, pause).then(
      (model) => {
        if (build === this.#build) this.#present(model);
      },
      (error: unknown) => {
        if (build !== this.#build) return;
        const text = error instanceof Error ? error.message : String(error);
        this.#sentence.textContent = this.#t('timeline.loadFailed', { message: text });
      },
    );
  }

  #present(model: TimelineModel): void {
    this.#model = model;
    this.#replay = new ChannelReplay(model);
    this.#runtimeRow = model.steps.some((s) => s.g === 0);
    const { events, total, steps } = model;
    this.#capped.hidden = events >= total;
    this.#capped.textContent = this.#t('timeline.capped', { shown: events, total });
    this.#slider.max = String(Math.max(0, steps.length - 1));
    this.#selectNote.hidden = !model.lanes.some((l) => l.segments.some((s) => s.reason === 'select'));
    this.#step = -1;
    this.#go(0);
  }

  #go(i: number): void {
    const model = this.#model;
    if (model === null || model.steps.length === 0) return;
    const n = Math.min(Math.max(0, i), model.steps.length - 1);
    if (n === this.#step) return;
    this.#step = n;
    const step = model.steps[n]!;
    const position = this.#t('timeline.position', { n: n + 1, total: model.steps.length, t: step.t });
    const sentence = this.#sentenceOf(step);
    this.#slider.value = String(n);
    this.#slider.setAttribute('aria-valuetext', `${position}: ${sentence}`);
    this.#position.textContent = position;
    this.#sentence.textContent = sentence;
    this.#prev.disabled = n === 0;
    this.#next.disabled = n === model.steps.length - 1;
    this.#draw();
    this.#drawChannels();
    this.#mark();
  }

  /**
   * Marks the current step's line in the editor: at once after a pause, and while steps come faster
   * than MARK_EVERY_MS (a drag, a held arrow key) once they stop, on the step they stopped at —
   * Monaco lays the page out again at each mark.
   */
  #mark(): void {
    const now = performance.now();
    const settled = now - this.#movedAt >= MARK_EVERY_MS;
    this.#movedAt = now;
    clearTimeout(this.#markTimer);
    const mark = () => {
      const step = this.#model?.steps[this.#step];
      if (step !== undefined) this.#markStep(step.at);
    };
    if (settled) mark();
    else this.#markTimer = setTimeout(mark, MARK_EVERY_MS);
  }

  /** The channels as they are after the current step (only while the disclosure is open). */
  #drawChannels(): void {
    const model = this.#model;
    if (!this.#channels.open || model === null || model.steps.length === 0) return;
    const t = this.#t;
    const channels = this.#replay!.at(this.#step);
    if (channels.length === 0) {
      replaceChildren(this.#channelTable, h('p', {}, t('timeline.channels.none')));
      return;
    }
    const who = (g: number) =>
      wordPhrase(t, g === 1 ? { key: 'timeline.main' } : { key: 'timeline.goroutine', values: { id: g } });
    const list = (gs: readonly number[]) =>
      gs.length === 0 ? t('timeline.channels.nobody') : gs.map(who).join(t('timeline.channels.and'));
    const th = (key: Parameters<Translate>[0]) => h('th', { scope: 'col' }, t(key));
    replaceChildren(
      this.#channelTable,
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            th('timeline.channels.name'),
            th('timeline.channels.buffer'),
            th('timeline.channels.senders'),
            th('timeline.channels.receivers'),
          ),
        ),
        h(
          'tbody',
          {},
          ...channels.map((c) => {
            const kind =
              c.cap === 0
                ? t('timeline.channels.unbuffered')
                : t('timeline.channels.capacity', { len: c.buffer.length, cap: c.cap });
            const state = c.closed
              ? `${kind}${t('timeline.channels.and')}${t('timeline.channels.closed')}`
              : kind;
            const values = c.buffer.map((v) => (typeof v === 'string' ? v : wordPhrase(t, v)));
            return h(
              'tr',
              { 'data-ch': c.ch },
              h('th', { scope: 'row' }, t('timeline.channels.row', { name: wordPhrase(t, c.name), state })),
              h(
                'td',
                {},
                c.cap === 0 ? '—' : values.length === 0 ? t('timeline.channels.empty') : values.join(', '),
              ),
              h('td', {}, list(c.senders)),
              h('td', {}, list(c.receivers)),
            );
          }),
        ),
      ),
    );
  }

  #sentenceOf(step: Step): string {
    const text = wordPhrase(this.#t, step.text);
    return step.at === null ? text : `${text} (${step.at.file}:${step.at.line})`;
  }

  /** Draws the window of steps around the current one that fits the panel's width. */
  #draw(): void {
    const model = this.#model!;
    const width = this.#width || this.element.clientWidth || 600;
    const visible = Math.max(8, Math.floor((width - LABEL_W - 8) / STEP_W));
    const count = model.steps.length;
    const start = Math.min(Math.max(0, this.#step - Math.floor(visible / 3)), Math.max(0, count - visible));
    const end = Math.min(count, start + visible);
    const x = (i: number) => LABEL_W + (i - start) * STEP_W;
    const rows = new Map(model.lanes.map((lane, k) => [lane.g, AXIS_H + k * ROW_H + ROW_H / 2]));
    // The runtime's steps (the program's end, a timer firing) get a row of their own under the lanes.
    if (this.#runtimeRow) rows.set(0, AXIS_H + model.lanes.length * ROW_H + ROW_H / 2);
    const height = AXIS_H + (model.lanes.length + (this.#runtimeRow ? 1 : 0)) * ROW_H + 4;
    const parts: SVGElement[] = [];
    if (this.#runtimeRow) {
      const y = rows.get(0)!;
      parts.push(
        svg(
          'text',
          { x: 4, y: y + 4, class: 'gcl-timeline__name' },
          wordPhrase(this.#t, { key: 'timeline.runtime' }),
        ),
      );
    }

    let lastT: number | null = null;
    let lastLabelX = -Infinity;
    for (let i = start; i < end; i++) {
      const t = model.steps[i]!.t;
      if (t !== lastT && x(i) - lastLabelX >= 48) {
        parts.push(svg('text', { x: x(i), y: 13, class: 'gcl-timeline__time' }, `${t} ms`));
        lastLabelX = x(i);
      }
      lastT = t;
    }
    for (const lane of model.lanes) {
      const y = rows.get(lane.g)!;
      const name = wordPhrase(
        this.#t,
        lane.g === 1 ? { key: 'timeline.main' } : { key: 'timeline.goroutine', values: { id: lane.g } },
      );
      parts.push(
        svg(
          'text',
          { x: 4, y: y + 4, class: 'gcl-timeline__name' },
          svg('title', {}, this.#t('timeline.lane', { who: name, fn: lane.fn })),
          name,
        ),
      );
      // The first segment that reaches past `start` (segments are in step order, contiguous).
      for (let k = countLeading(lane.segments, (seg) => seg.to <= start); k < lane.segments.length; k++) {
        const seg = lane.segments[k]!;
        if (seg.from >= end) break;
        const x1 = x(Math.max(seg.from, start));
        const x2 = x(Math.min(seg.to, end));
        const label =
          seg.reason === undefined
            ? this.#t(`timeline.legend.${seg.state}`)
            : `${this.#t('timeline.legend.blocked')} [${seg.reason}]`;
        parts.push(
          svg(
            'rect',
            {
              x: x1,
              y: y - 5,
              width: Math.max(1, x2 - x1),
              height: 10,
              class: `gcl-timeline__seg gcl-timeline__seg--${seg.state}`,
            },
            svg('title', {}, label),
          ),
        );
      }
    }
    const current = model.steps[this.#step]!;
    const cx = x(this.#step) + STEP_W / 2;
    parts.push(
      svg('line', { x1: cx, x2: cx, y1: AXIS_H - 2, y2: height - 2, class: 'gcl-timeline__cursor' }),
    );
    if (current.to !== undefined && rows.has(current.g) && rows.has(current.to)) {
      parts.push(
        svg('line', {
          x1: cx,
          x2: cx,
          y1: rows.get(current.g)!,
          y2: rows.get(current.to)!,
          class: 'gcl-timeline__handoff',
        }),
      );
    }
    for (let i = start; i < end; i++) {
      const step = model.steps[i]!;
      const y = rows.get(step.g) ?? AXIS_H / 2 + 4;
      parts.push(
        svg('circle', {
          cx: x(i) + STEP_W / 2,
          cy: y,
          r: i === this.#step ? 6 : 4,
          class: `gcl-timeline__dot${i === this.#step ? ' gcl-timeline__dot--current' : ''}`,
          'data-step': i,
        }),
      );
    }
    const width2 = LABEL_W + (end - start) * STEP_W + 4;
    replaceChildren(
      this.#picture,
      svg(
        'svg',
        {
          role: 'img',
          'aria-label': this.#t('timeline.picture'),
          width: width2,
          height,
          viewBox: `0 0 ${width2} ${height}`,
        },
        ...parts,
      ),
    );
  }
}
