/**
 * The lab view: lays out one lab's parts and connects them to the store — notices, the toolbar,
 * the share panel, a service lab's Export button (export-button.ts), the editor (editor-view.ts), the status bar (status-view.ts), the output area
 * (output-panels.ts: the terminal, the request, the Timeline and the Traffic tabs), the server preview (preview.ts) and the
 * check report (report-view.ts); dialogs are in dialogs.ts.
 *
 * Invariants: the view holds no lab state of its own beyond widgets — every action goes through a
 * store method and every visible fact comes from `store.getState()`; every control has a visible
 * label or an aria-label; Ctrl/⌘+Enter runs and Escape or Ctrl+. stops from anywhere in the lab.
 */
import { confirmReset, showGoTwin, showSolution } from './dialogs.ts';
import { h, uid } from './dom.ts';
import { EditorView, type ErrorMarker } from './editor-view.ts';
import { exportButton } from './export-button.ts';
import type { LabLocale, LabStringKey, Translate } from './i18n.ts';
import type { LabState } from './lab-state.ts';
import type { Monaco } from './monaco.ts';
import { NoticesView } from './notices-view.ts';
import { OutputPanels } from './output-panels.ts';
import { createPreviewPanel, type PreviewPanel } from './preview.ts';
import { ReportView } from './report-view.ts';
import { requestsTab, type ServiceRequester } from './requests-tab.ts';
import { SharePanel } from './share-panel.ts';
import { StatusView } from './status-view.ts';
import { StuckView } from './stuck-view.ts';
import type { LabStore } from './store.ts';
import type { LabTerminal } from './terminal.ts';
import { terminalTab } from './terminal-tab.ts';
import { timelineTab } from './timeline-tab.ts';
import { trafficTab } from './traffic-tab.ts';
import { PROJECTOR_ATTRIBUTE } from './projector.ts';

/** Whether projector mode is on, for every lab of this browser (view.ts `#setProjector`). */
export const PROJECTOR_KEY = 'gcl:lab:projector:v1';
const PROJECTOR_FONT_PX = 22;

function readProjector(): boolean {
  try {
    return localStorage.getItem(PROJECTOR_KEY) === '1';
  } catch {
    return false;
  }
}

export type { ErrorMarker, ServiceRequester };

export interface LabViewOptions {
  readonly root: HTMLElement;
  readonly store: LabStore;
  readonly monaco: Monaco;
  readonly createTerminal: (host: HTMLElement, label: string) => LabTerminal;
  readonly t: Translate;
  readonly locale: LabLocale;
  /** Present when the current runner can take requests from the page (the sandbox's memory transport). */
  readonly requester?: () => ServiceRequester | undefined;
  /** How long the WebContainer may take to boot before the sandbox is used (quoted to the learner). */
  readonly bootTimeoutMs: number;
  /** Whether the lab's solution has a Go twin, offered in a passed report. */
  readonly goTwin?: boolean;
}

const RUN_KEYS = 'Control+Enter Meta+Enter';
const STOP_KEYS = 'Escape Control+.';

export class LabView {
  readonly #o: LabViewOptions;
  readonly #store: LabStore;
  readonly #editor: EditorView;
  readonly #status: StatusView;
  readonly #notices: NoticesView;
  readonly #report: ReportView;
  readonly #stuck: StuckView;
  readonly #output: OutputPanels;
  readonly #preview: PreviewPanel;
  readonly #share: SharePanel;
  readonly #app: HTMLElement;
  readonly #run: HTMLButtonElement;
  readonly #stop: HTMLButtonElement;
  readonly #progress: HTMLElement | null;
  #lastState: LabState;
  #projector = false;
  #projectorButton!: HTMLButtonElement;

  constructor(options: LabViewOptions) {
    this.#o = options;
    const { store, t } = options;
    this.#store = store;
    const state = store.getState();
    this.#lastState = state;

    const hintId = uid('gcl-hint');
    const button = (key: LabStringKey, onclick: () => void, extra: Record<string, string> = {}) =>
      h('button', { type: 'button', class: 'gcl-lab__btn', onclick, ...extra }, t(key));
    this.#run = button('lab.run', () => void this.#editor.run(), {
      class: 'gcl-lab__btn gcl-lab__btn--primary',
      'aria-keyshortcuts': RUN_KEYS,
      'aria-describedby': hintId,
    });
    this.#stop = button('lab.stop', () => store.stop(), {
      'aria-keyshortcuts': STOP_KEYS,
      'aria-describedby': hintId,
    });
    const check = button('lab.check', () => void store.check());
    const reset = button('lab.reset', () => confirmReset(options.root, store, t));
    const solution = button('lab.solution', () => void this.#showSolution());
    const share = button('lab.share', () => void this.#share.open());
    // A service lab's Export runs the code as it is now and downloads its services as real config.
    const exporter = store.lab.services
      ? exportButton({
          store,
          t,
          locale: options.locale,
          title: options.root.dataset['labTitle'] ?? store.lab.id,
          say: (text) => this.#status.say(text),
        })
      : undefined;
    const projectorHintId = uid('gcl-projector-hint');
    const projector = button('lab.projector', () => this.#setProjector(!this.#projector), {
      'aria-pressed': 'false',
      'aria-describedby': projectorHintId,
      'data-gcl-projector-toggle': '',
    });
    this.#projectorButton = projector;

    // Run stays enabled whatever happens next, so the focus never falls to the page.
    const focusRun = () => this.#run.focus({ preventScroll: true });
    this.#editor = new EditorView(store, options.monaco, t);
    this.#status = new StatusView(store, t, options.bootTimeoutMs, focusRun);
    this.#notices = new NoticesView(store, t);
    this.#report = new ReportView(
      t,
      options.locale,
      (schedule) => void store.replay(schedule),
      options.goTwin ? () => void this.#showGoTwin() : undefined,
    );
    this.#stuck = new StuckView(t);
    this.#share = new SharePanel(store, t);
    const terminal = terminalTab(t, options.createTerminal);
    this.#output = new OutputPanels(
      [
        terminal,
        requestsTab(store, t, () => options.requester?.()),
        timelineTab(store, t, (at) => this.#editor.markStep(at)),
        trafficTab(store, t),
      ],
      t('lab.panels'),
    );
    this.#preview = createPreviewPanel({ t, onClose: () => store.closePreview(), restoreFocus: focusRun });

    this.#app = h(
      'div',
      // not-content: Starlight's prose spacing would otherwise reach into Monaco's and xterm's boxes.
      { class: 'gcl-lab__app not-content', 'data-gcl-app': true },
      this.#notices.element,
      h(
        'div',
        { class: 'gcl-lab__toolbar', role: 'toolbar', 'aria-label': t('lab.toolbar') },
        h('div', { class: 'gcl-lab__group' }, this.#run, this.#stop, check),
        h(
          'div',
          { class: 'gcl-lab__group' },
          reset,
          solution,
          share,
          ...(exporter ? [exporter] : []),
          projector,
        ),
      ),
      // Hidden, and still the button's description (aria-describedby reads hidden elements).
      h('p', { id: projectorHintId, hidden: true }, t('lab.projectorHint')),
      this.#share.element,
      this.#editor.element,
      h('p', { class: 'gcl-lab__hint', id: hintId }, t('lab.shortcuts')),
      this.#status.element,
      this.#output.element,
      this.#stuck.element,
      this.#preview.element,
      this.#report.element,
    );
    this.#progress = options.root.querySelector<HTMLElement>('[data-gcl-progress]');
    const staticView = options.root.querySelector('[data-gcl-static]');
    if (staticView) staticView.replaceWith(this.#app);
    else options.root.append(this.#app);

    options.root.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || (event.target as Element | null)?.closest('dialog')) return;
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void this.#editor.run();
      } else if (store.running && (event.key === 'Escape' || (event.ctrlKey && event.key === '.'))) {
        event.preventDefault();
        store.stop();
      }
    });
    store.onTerminal((e) => terminal.onEvent(e));
    store.subscribe((s) => this.#render(s));
    this.#render(state, true);
    if (readProjector()) this.#setProjector(true);
  }

  /** Projector mode: this lab full screen, editor and output side by side, large type (lab-client.css). */
  #setProjector(on: boolean): void {
    this.#projector = on;
    this.#app.toggleAttribute('data-gcl-projector', on);
    this.#projectorButton.setAttribute('aria-pressed', String(on));
    this.#editor.setProjector(on, PROJECTOR_FONT_PX);
    // The editor's and the terminal's colours follow the page's (monaco.ts, terminal.ts).
    document.documentElement.toggleAttribute(
      PROJECTOR_ATTRIBUTE,
      document.querySelector('.gcl-lab__app[data-gcl-projector]') !== null,
    );
    try {
      if (on) localStorage.setItem(PROJECTOR_KEY, '1');
      else localStorage.removeItem(PROJECTOR_KEY);
    } catch {
      // Storage disabled: the mode lasts as long as the page.
    }
  }

  focusEditor(): void {
    this.#editor.focus();
  }

  /** The error markers on the lab's files: the e2e suite's view of the red underlines. */
  errorMarkers(): ErrorMarker[] {
    return this.#editor.errorMarkers();
  }

  #render(state: LabState, first = false): void {
    const prev = this.#lastState;
    this.#lastState = state;
    const busy = state.phase !== 'idle';
    if (busy && prev.phase === 'idle') {
      // Output is what the learner waits for after Run: bring the terminal forward and into view
      // (xterm also pauses drawing while it is off screen). `nearest` scrolls as little as possible.
      this.#output.select('terminal');
      this.#output.element.scrollIntoView({ block: 'nearest' });
    }
    this.#stop.disabled = !busy;
    this.#app.dataset['phase'] = state.phase;
    this.#editor.render(state, prev, first);
    this.#status.render(state);
    this.#output.render(state, prev, first);
    if (first || state.stuck !== prev.stuck) this.#stuck.render(state);
    if (first || state.notices !== prev.notices) this.#notices.render(state.notices);
    if (
      first ||
      state.report !== prev.report ||
      state.reportCurrent !== prev.reportCurrent ||
      state.phase !== prev.phase
    )
      this.#report.render(state);
    if (first || state.preview !== prev.preview || state.services !== prev.services) {
      const port = state.preview?.port;
      this.#preview.render(state.preview, state.services.find((s) => s.port === port)?.name);
    }
    if ((first || state.progress !== prev.progress) && this.#progress) {
      const passed = state.progress?.passed === true;
      this.#progress.dataset['passed'] = String(passed);
      this.#progress.hidden = !passed;
    }
    // The sidebar's done marks re-read storage on this event (src/lab/ui/sidebar-marks.ts).
    if (!first && state.progress !== prev.progress) dispatchEvent(new Event('gcl:progress'));
  }

  async #showGoTwin(): Promise<void> {
    try {
      const twin = await this.#store.goTwin();
      if (twin) showGoTwin(this.#o.root, this.#o.t, twin);
    } catch (error) {
      this.#status.say(
        this.#o.t('lab.go.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  async #showSolution(): Promise<void> {
    try {
      const solution = await this.#store.solution();
      showSolution(this.#o.root, this.#store, this.#o.monaco, this.#o.t, solution);
    } catch (error) {
      this.#status.say(
        this.#o.t('lab.loadFailed', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }
}
