/**
 * The lab view: Monaco, the terminal, the toolbar, notices, status line, check report, service
 * panel, server preview (preview.ts) and dialogs for one lab, rendered from the store's state.
 *
 * Invariants: the view holds no lab state of its own beyond widgets — every action goes through a
 * store method and every visible fact comes from `store.getState()`. Model text is pushed to the
 * store on each edit and pulled from it only when the store changed the files (reset, solution,
 * shared code), so typing never round-trips. While a runner is being chosen the status line says so
 * (with the WebContainer's time limit) and offers the sandbox at once. Every control has a visible
 * label or an aria-label;
 * the status line is a polite live region; dialogs are native `<dialog>`s (focus trapped, Escape
 * closes, focus returns to the opener).
 */
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import { h, replaceChildren, uid } from './dom.ts';
import type { LabStringKey, Translate } from './i18n.ts';
import type { Monaco } from './monaco.ts';
import type { Files } from './persistence.ts';
import { createPreviewPanel, previewTarget, type PreviewPanel } from './preview.ts';
import type { LabState, LabStore, Notice, TerminalEvent } from './store.ts';
import type { LabTerminal } from './terminal.ts';

export interface ServiceRequester {
  /** Sends a GET to a service of the running program; resolves with the status and body. */
  get(url: string): Promise<{ status: number; body: string }>;
}

export interface LabViewOptions {
  readonly root: HTMLElement;
  readonly store: LabStore;
  readonly monaco: Monaco;
  readonly createTerminal: (host: HTMLElement, label: string) => LabTerminal;
  readonly t: Translate;
  /** Present when the current runner can take requests from the page (the sandbox's memory transport). */
  readonly requester?: () => ServiceRequester | undefined;
  /** How long the WebContainer may take to boot before the sandbox is used (quoted to the learner). */
  readonly bootTimeoutMs: number;
}

/** An error marker in one of the lab's files, as the editor shows it. */
export interface ErrorMarker {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** TypeScript's error number (`2322`), or '' for the lab's own syntax markers. */
  readonly code: string;
}

const RUN_KEYS = 'Control+Enter Meta+Enter';
const STOP_KEYS = 'Escape Control+.';

function statusText(t: Translate, state: LabState, bootSeconds: number): string {
  const { outcome, phase, report, runnerChoosing } = state;
  if (runnerChoosing && (phase === 'idle' || phase === 'preparing')) {
    if (runnerChoosing === 'worker') return t('lab.status.startingSandbox');
    return t(phase === 'idle' ? 'lab.status.booting' : 'lab.status.bootingRun', { seconds: bootSeconds });
  }
  if (phase === 'preparing') return t('lab.status.preparing');
  if (phase === 'running') return t('lab.status.running');
  if (phase === 'checking') return t('lab.status.checking');
  if (!outcome) return t('lab.status.idle');
  if (state.mode === 'check' && report && outcome.kind === 'exited') {
    const failed = report.items.filter((i) => !i.pass).length;
    const total = report.items.length;
    return report.passed
      ? t('lab.status.checkPassed', { total })
      : t('lab.status.checkFailed', { failed, total });
  }
  switch (outcome.kind) {
    case 'exited':
      return t('lab.status.exited', { code: outcome.code });
    case 'stopped':
      return t('lab.status.stopped');
    case 'timeout':
      return t('lab.status.timeout', { seconds: outcome.seconds });
    case 'output-limit':
      return t('lab.status.outputLimit', { kb: outcome.kb });
    case 'syntax': {
      const { file, line, column } = outcome.problem;
      return t('lab.status.syntaxError', { file, line, column });
    }
    case 'failed':
      return t('lab.status.failed', { message: outcome.message });
  }
}

function runnerText(t: Translate, runner: LabState['runner'], choosing: boolean): string {
  // The status line says what is starting; here only the way out (the "use the sandbox" button).
  if (choosing) return '';
  if (!runner) return t('lab.runner.pending');
  if (runner.kind === 'webcontainer') return t('lab.runner.webcontainer');
  if (runner.kind === 'node') return t('lab.runner.node');
  if (!runner.fallback) return t('lab.runner.worker');
  const reason = t(`lab.reason.${runner.fallback.code}`, { message: runner.fallback.message });
  return t('lab.runner.workerBecause', { reason });
}

/** A notice's words and tone (plain, warning or error). */
function noticeText(t: Translate, notice: Notice): { tone?: 'warn' | 'error'; text: string } {
  switch (notice.kind) {
    case 'storage-unavailable':
      return { tone: 'warn', text: t('lab.notice.storageUnavailable') };
    case 'storage-full':
      return { tone: 'warn', text: t('lab.notice.storageFull') };
    case 'shared':
      return { text: t('lab.notice.shared') };
    case 'malformed-link':
      return {
        tone: 'error',
        text: t('lab.notice.malformedLink', { reason: t(`lab.link.${notice.reason}`) }),
      };
    case 'restored':
      return { text: t('lab.notice.restored') };
  }
}

export class LabView {
  readonly #o: LabViewOptions;
  readonly #store: LabStore;
  readonly #t: Translate;
  readonly #editor: MonacoEditor.IStandaloneCodeEditor;
  readonly #models = new Map<string, MonacoEditor.ITextModel>();
  readonly #terminal: LabTerminal;
  /** Monaco's `gclRunning` context key: Escape and Ctrl+. stop a program only while one runs. */
  readonly #running: MonacoEditor.IContextKey<boolean>;
  readonly #preview: PreviewPanel;
  readonly #el: {
    app: HTMLElement;
    tabs: HTMLElement;
    panel: HTMLElement;
    run: HTMLButtonElement;
    stop: HTMLButtonElement;
    check: HTMLButtonElement;
    status: HTMLElement;
    runner: HTMLElement;
    notices: HTMLElement;
    share: HTMLElement;
    report: HTMLElement;
    services: HTMLElement;
    terminal: HTMLElement;
    pick: HTMLSelectElement;
    useSandbox: HTMLButtonElement;
    progress: HTMLElement | null;
  };
  #pushing = false;
  /**
   * The text last pushed to the store or pulled from it, per file: a change of `state.files` that
   * only echoes the learner's own typing is not pulled back (which would read every model's text).
   */
  readonly #synced = new Map<string, string>();
  #lastState: LabState;

  constructor(options: LabViewOptions) {
    this.#o = options;
    this.#store = options.store;
    this.#t = options.t;
    const t = this.#t;
    const state = this.#store.getState();
    this.#lastState = state;

    const tabsId = uid('gcl-tabs');
    const panelId = uid('gcl-panel');
    const hintId = uid('gcl-hint');
    const button = (key: LabStringKey, onclick: () => void, extra: Record<string, string> = {}) =>
      h('button', { type: 'button', class: 'gcl-lab__btn', onclick, ...extra }, t(key));

    const run = button('lab.run', () => void this.#store.run(), {
      class: 'gcl-lab__btn gcl-lab__btn--primary',
      'aria-keyshortcuts': RUN_KEYS,
      'aria-describedby': hintId,
    });
    const stop = button('lab.stop', () => this.#store.stop(), {
      'aria-keyshortcuts': STOP_KEYS,
      'aria-describedby': hintId,
    });
    const check = button('lab.check', () => void this.#store.check());
    const reset = button('lab.reset', () => this.#confirmReset());
    const solution = button('lab.solution', () => void this.#showSolution());
    const shareButton = button('lab.share', () => void this.#share());

    const tabs = h('div', {
      class: 'gcl-lab__tabs',
      role: 'tablist',
      'aria-label': t('lab.files'),
      id: tabsId,
    });
    const panel = h('div', { class: 'gcl-lab__editor', role: 'tabpanel', id: panelId });
    const terminalHost = h('div', {
      class: 'gcl-lab__terminal',
      role: 'region',
      'aria-label': t('lab.terminal'),
    });
    const status = h('p', {
      class: 'gcl-lab__status',
      role: 'status',
      'aria-live': 'polite',
      'data-gcl-status': true,
    });
    const runner = h('p', { class: 'gcl-lab__runner', 'data-gcl-runner': true });
    const pickId = uid('gcl-runner');
    const pick = h(
      'select',
      {
        id: pickId,
        'data-gcl-runner-pick': true,
        onchange: () => this.#store.setRunnerPreference(pick.value === 'worker' ? 'worker' : 'auto'),
      },
      h('option', { value: 'auto' }, t('lab.runner.auto')),
      h('option', { value: 'worker' }, t('lab.runner.sandbox')),
    );
    pick.value = state.runnerPreference;
    // The way out of a slow WebContainer boot: the same switch as the picker, offered where the
    // status line says the learner is waiting.
    const useSandbox = h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__link',
        hidden: true,
        'data-gcl-use-sandbox': true,
        onclick: () => {
          this.#store.setRunnerPreference('worker');
          // The button hides itself. Focus goes to Run, which stays enabled whatever happens next
          // (the picker is disabled while the program runs, which would drop the focus again),
          // without scrolling: the learner is looking at the status line and the terminal.
          this.#el.run.focus({ preventScroll: true });
        },
      },
      t('lab.runner.useSandbox'),
    );
    const notices = h('div', { class: 'gcl-lab__notices', 'aria-live': 'polite' });
    const share = h('div', { class: 'gcl-lab__share', hidden: true });
    const report = h('section', { class: 'gcl-lab__report', hidden: true, 'data-gcl-report': true });
    const services = h('div', { class: 'gcl-lab__services', hidden: true, 'data-gcl-services': true });
    this.#preview = createPreviewPanel({
      t,
      onClose: () => this.#store.closePreview(),
      // Run stays enabled whatever the program does next, so the focus does not fall to the page.
      restoreFocus: () => this.#el.run.focus({ preventScroll: true }),
    });

    const app = h(
      'div',
      // not-content: Starlight's prose spacing would otherwise reach into Monaco's and xterm's boxes.
      { class: 'gcl-lab__app not-content', 'data-gcl-app': true },
      notices,
      h(
        'div',
        { class: 'gcl-lab__toolbar', role: 'toolbar', 'aria-label': t('lab.toolbar') },
        h('div', { class: 'gcl-lab__group' }, run, stop, check),
        h('div', { class: 'gcl-lab__group' }, reset, solution, shareButton),
      ),
      share,
      tabs,
      panel,
      h('p', { class: 'gcl-lab__hint', id: hintId }, t('lab.shortcuts')),
      h(
        'div',
        { class: 'gcl-lab__statusbar' },
        status,
        h(
          'div',
          { class: 'gcl-lab__runnerbar' },
          runner,
          useSandbox,
          h('label', { for: pickId }, t('lab.runner.choose')),
          pick,
        ),
      ),
      terminalHost,
      this.#preview.element,
      services,
      report,
    );
    this.#el = {
      app,
      tabs,
      panel,
      run,
      stop,
      check,
      status,
      runner,
      notices,
      share,
      report,
      services,
      terminal: terminalHost,
      pick,
      useSandbox,
      progress: options.root.querySelector<HTMLElement>('[data-gcl-progress]'),
    };

    const staticView = options.root.querySelector('[data-gcl-static]');
    if (staticView) staticView.replaceWith(app);
    else options.root.append(app);

    const m = options.monaco;
    const folder = `file:///labs/${this.#store.lab.id}/`;
    for (const name of state.fileNames) {
      const uri = m.Uri.parse(folder + name);
      const text = state.files[name] ?? '';
      const model = m.editor.getModel(uri) ?? m.editor.createModel(text, 'typescript', uri);
      model.setValue(text);
      this.#synced.set(name, text);
      this.#models.set(name, model);
      model.onDidChangeContent(() => {
        if (this.#pushing) return;
        m.editor.setModelMarkers(model, 'gcl-syntax', []);
        const typed = model.getValue();
        this.#synced.set(name, typed);
        this.#store.edit(name, typed);
      });
    }
    this.#editor = m.editor.create(panel, {
      model: this.#models.get(state.activeFile) ?? null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      fixedOverflowWidgets: true,
      ariaLabel: t('lab.editor', { file: state.activeFile }),
      accessibilitySupport: 'auto',
      renderLineHighlight: 'line',
      padding: { top: 8, bottom: 8 },
    });
    this.#running = this.#editor.createContextKey<boolean>('gclRunning', false);
    this.#editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => void this.#store.run());
    this.#editor.addCommand(m.KeyCode.Escape, () => this.#store.stop(), 'gclRunning');
    this.#editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Period, () => this.#store.stop(), 'gclRunning');

    this.#terminal = options.createTerminal(terminalHost, t('lab.terminal'));

    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || (event.target as Element | null)?.closest('dialog')) return;
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void this.#store.run();
      } else if (this.#store.running && (event.key === 'Escape' || (event.ctrlKey && event.key === '.'))) {
        event.preventDefault();
        this.#store.stop();
      }
    };
    options.root.addEventListener('keydown', onKey);

    this.#store.onTerminal((e) => this.#onTerminal(e));
    this.#store.subscribe((s) => this.#render(s));
    this.#renderTabs(state);
    this.#render(state, true);
  }

  focusEditor(): void {
    this.#editor.focus();
  }

  /** The error markers on the lab's files (type, syntax and run errors): the e2e suite's view of the red underlines. */
  errorMarkers(): ErrorMarker[] {
    const m = this.#o.monaco;
    const out: ErrorMarker[] = [];
    for (const [file, model] of this.#models) {
      for (const marker of m.editor.getModelMarkers({ resource: model.uri })) {
        if (marker.severity !== m.MarkerSeverity.Error) continue;
        const code = typeof marker.code === 'object' ? marker.code.value : (marker.code ?? '');
        out.push({
          file,
          line: marker.startLineNumber,
          column: marker.startColumn,
          message: marker.message,
          code,
        });
      }
    }
    return out;
  }

  #onTerminal(event: TerminalEvent): void {
    const t = this.#t;
    const term = this.#terminal;
    switch (event.kind) {
      case 'clear':
        term.clear();
        return;
      case 'text':
        term.write(event.text, event.stream === 'stderr' ? 'stderr' : undefined);
        return;
      case 'note': {
        const note = event.note;
        if (note.kind === 'exit')
          term.write(
            `\n[${t('lab.terminal.exit', { code: note.code })}]\n`,
            note.code === 0 ? 'note' : 'error',
          );
        else if (note.kind === 'checked')
          term.write(
            `\n[${t('lab.terminal.checked', { passed: note.passed, total: note.total })}]\n`,
            note.passed === note.total ? 'note' : 'error',
          );
        else if (note.kind === 'stopped') term.write(`\n[${t('lab.terminal.stopped')}]\n`, 'note');
        else if (note.kind === 'capped')
          term.write(`\n[${t('lab.terminal.capped', { kb: note.kb })}]\n`, 'error');
        else if (note.kind === 'syntax') {
          const p = note.problem;
          term.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`, 'error');
        } else term.write(`${t('lab.status.failed', { message: note.message })}\n`, 'error');
      }
    }
  }

  #renderTabs(state: LabState): void {
    const names = state.fileNames;
    const select = (name: string, focus: boolean) => {
      this.#store.setActiveFile(name);
      if (focus) this.#el.tabs.querySelector<HTMLElement>(`[data-file="${CSS.escape(name)}"]`)?.focus();
    };
    const tabs = names.map((name) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'gcl-lab__tab',
          'data-file': name,
          'aria-controls': this.#el.panel.id,
          onclick: () => select(name, false),
          onkeydown: (event: Event) => {
            const key = (event as KeyboardEvent).key;
            const i = names.indexOf(name);
            const next =
              key === 'ArrowRight'
                ? names[(i + 1) % names.length]
                : key === 'ArrowLeft'
                  ? names[(i - 1 + names.length) % names.length]
                  : key === 'Home'
                    ? names[0]
                    : key === 'End'
                      ? names.at(-1)
                      : undefined;
            if (next !== undefined) {
              event.preventDefault();
              select(next, true);
            }
          },
        },
        name,
      ),
    );
    replaceChildren(this.#el.tabs, ...tabs);
  }

  #render(state: LabState, first = false): void {
    const prev = this.#lastState;
    this.#lastState = state;
    const t = this.#t;
    const el = this.#el;

    if (state.files !== prev.files) {
      this.#pushing = true;
      try {
        for (const [name, model] of this.#models) {
          const text = state.files[name] ?? '';
          if (this.#synced.get(name) === text) continue;
          this.#synced.set(name, text);
          if (model.getValue() !== text) model.setValue(text);
        }
      } finally {
        this.#pushing = false;
      }
    }
    if (first || state.activeFile !== prev.activeFile) {
      const model = this.#models.get(state.activeFile);
      if (model && this.#editor.getModel() !== model) this.#editor.setModel(model);
      this.#editor.updateOptions({ ariaLabel: t('lab.editor', { file: state.activeFile }) });
      for (const tab of el.tabs.querySelectorAll<HTMLElement>('[role=tab]')) {
        const selected = tab.dataset['file'] === state.activeFile;
        tab.setAttribute('aria-selected', String(selected));
        tab.tabIndex = selected ? 0 : -1;
        if (selected) el.panel.setAttribute('aria-labelledby', (tab.id ||= uid('gcl-tab')));
      }
    }

    const busy = state.phase !== 'idle';
    if (busy && prev.phase === 'idle') {
      // Output is what the learner waits for after Run: bring the terminal into view (xterm also
      // pauses drawing while it is off screen). `nearest` scrolls as little as possible.
      this.#el.terminal.scrollIntoView({ block: 'nearest' });
    }
    this.#running.set(busy);
    el.stop.disabled = !busy;
    // A run still waiting for its runner may switch: the store moves it to the new choice.
    const waiting = state.runnerChoosing !== null && (state.phase === 'idle' || state.phase === 'preparing');
    el.pick.disabled = busy && !waiting;
    el.pick.value = state.runnerPreference;
    el.useSandbox.hidden = !(waiting && state.runnerChoosing === 'auto');
    el.app.dataset['phase'] = state.phase;
    el.status.textContent = statusText(t, state, Math.round(this.#o.bootTimeoutMs / 1000));
    el.status.dataset['outcome'] = state.outcome?.kind ?? '';
    el.runner.textContent = runnerText(t, state.runner, state.runnerChoosing !== null);
    el.runner.dataset['runner'] = state.runner?.kind ?? '';
    el.runner.dataset['choosing'] = state.runnerChoosing ?? '';

    if (state.outcome?.kind === 'syntax' && state.outcome !== prev.outcome)
      this.#markSyntax(state.outcome.problem);
    if (first || state.notices !== prev.notices) this.#renderNotices(state.notices);
    if (
      first ||
      state.report !== prev.report ||
      state.reportCurrent !== prev.reportCurrent ||
      state.phase !== prev.phase
    )
      this.#renderReport(state);
    if (first || state.services !== prev.services || state.phase !== prev.phase) this.#renderServices(state);
    if (first || state.preview !== prev.preview || state.services !== prev.services) {
      const port = state.preview?.port;
      this.#preview.render(state.preview, state.services.find((s) => s.port === port)?.name);
    }
    if (first || state.progress !== prev.progress) this.#renderProgress(state);
  }

  #markSyntax(problem: { file: string; line: number; column: number; message: string }): void {
    const model = this.#models.get(problem.file);
    if (!model) return;
    const m = this.#o.monaco;
    m.editor.setModelMarkers(model, 'gcl-syntax', [
      {
        severity: m.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: problem.line,
        startColumn: problem.column,
        endLineNumber: problem.line,
        endColumn: problem.column + 1,
      },
    ]);
    this.#store.setActiveFile(problem.file);
    this.#editor.revealLineInCenterIfOutsideViewport(problem.line);
    this.#editor.setPosition({ lineNumber: problem.line, column: problem.column });
  }

  #renderNotices(notices: readonly Notice[]): void {
    const t = this.#t;
    const link = (label: string, onclick: () => void) =>
      h('button', { type: 'button', class: 'gcl-lab__link', onclick }, label);
    const items = notices.map((notice) => {
      const { tone, text } = noticeText(t, notice);
      // A shared-code notice offers the way back to the learner's own code instead of a dismiss.
      const action =
        notice.kind === 'shared'
          ? link(t('lab.notice.sharedBack'), () => this.#store.backToSaved())
          : link(t('lab.notice.dismiss'), () => this.#store.dismissNotice(notice.kind));
      return h(
        'div',
        {
          class: tone ? `gcl-notice gcl-notice--${tone}` : 'gcl-notice',
          role: tone === 'error' ? 'alert' : undefined,
          'data-notice': notice.kind,
        },
        h('p', {}, text),
        action,
      );
    });
    replaceChildren(this.#el.notices, ...items);
  }

  #renderReport(state: LabState): void {
    const t = this.#t;
    const el = this.#el.report;
    const report = state.report;
    if (!report) {
      // A check that ended without a report (the program crashed the host, or it was stopped).
      const noReport = state.mode === 'check' && state.phase === 'idle' && state.outcome?.kind === 'exited';
      el.hidden = !noReport;
      replaceChildren(
        el,
        noReport
          ? h(
              'p',
              {},
              t('lab.check.none', { code: state.outcome?.kind === 'exited' ? state.outcome.code : '' }),
            )
          : null,
      );
      return;
    }
    const failed = report.items.filter((i) => !i.pass).length;
    const headingId = uid('gcl-report');
    el.setAttribute('aria-labelledby', headingId);
    el.dataset['passed'] = String(report.passed);
    el.dataset['current'] = String(state.reportCurrent);
    replaceChildren(
      el,
      h('h4', { id: headingId }, t('lab.check.title')),
      h(
        'p',
        { class: 'gcl-lab__summary' },
        report.passed ? t('lab.check.passed') : t('lab.check.failed', { failed, total: report.items.length }),
      ),
      h(
        'ul',
        { class: 'gcl-lab__items' },
        ...report.items.map((item) =>
          h(
            'li',
            { class: item.pass ? 'gcl-pass' : 'gcl-fail', 'data-pass': String(item.pass) },
            h('span', { class: 'gcl-lab__mark', 'aria-hidden': 'true' }, item.pass ? '✓' : '✗'),
            h('span', { class: 'sr-only' }, `${item.pass ? t('lab.check.pass') : t('lab.check.fail')}: `),
            h('span', { class: 'gcl-lab__item-name' }, item.name),
            item.detail ? h('span', { class: 'gcl-lab__item-detail' }, item.detail) : null,
          ),
        ),
      ),
    );
    el.hidden = false;
  }

  /**
   * Listening services, and (when the runner can take requests from the page) a form that sends
   * GET requests to them. The form is built once and kept, so the typed path and the last answer
   * survive the program stopping and starting again.
   */
  #renderServices(state: LabState): void {
    const t = this.#t;
    const el = this.#el.services;
    const requester = this.#o.requester?.();
    const live = state.services.length > 0 && state.phase !== 'idle';
    const show = state.services.length > 0 || (requester !== undefined && this.#store.lab.services);
    el.hidden = !show;
    if (!show) return;
    const list = h(
      'ul',
      { class: 'gcl-lab__listeners' },
      ...state.services.map((s) => h('li', {}, t('lab.listen', { name: s.name, url: s.url }))),
    );
    if (requester && !this.#request) this.#request = this.#requestForm(requester);
    if (this.#request) this.#request.send.disabled = !live;
    replaceChildren(el, state.services.length > 0 ? list : null, this.#request?.form);
  }

  #request: { form: HTMLFormElement; send: HTMLButtonElement } | undefined;

  #requestForm(requester: ServiceRequester): { form: HTMLFormElement; send: HTMLButtonElement } {
    const t = this.#t;
    const inputId = uid('gcl-path');
    const output = h('pre', { class: 'gcl-lab__response', 'aria-live': 'polite', 'data-gcl-response': true });
    const input = h('input', {
      id: inputId,
      type: 'text',
      value: '/',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const submit = async (event: Event) => {
      event.preventDefault();
      const state = this.#store.getState();
      const service = state.services[0];
      if (!service || state.phase === 'idle') {
        output.textContent = t('lab.request.noService');
        return;
      }
      // Trimmed, `/` when empty, and never another origin than the service's.
      const target = previewTarget(service.url, input.value);
      if (target === null) {
        output.textContent = t('lab.preview.offServer');
        return;
      }
      try {
        const res = await requester.get(target);
        output.textContent = `HTTP ${res.status}\n${res.body}`;
      } catch (error) {
        output.textContent = t('lab.request.error', {
          message: error instanceof Error ? error.message : String(error),
        });
      }
    };
    const send = h('button', { type: 'submit', class: 'gcl-lab__btn' }, t('lab.request.send'));
    const form = h(
      'form',
      { class: 'gcl-lab__request', onsubmit: (e: Event) => void submit(e) },
      h('h4', {}, t('lab.request.title')),
      h('label', { for: inputId }, t('lab.request.path')),
      input,
      send,
      output,
    );
    return { form, send };
  }

  #renderProgress(state: LabState): void {
    const el = this.#el.progress;
    if (!el) return;
    const passed = state.progress?.passed === true;
    el.dataset['passed'] = String(passed);
    el.textContent = passed ? `✓ ${this.#t('lab.progress.done')}` : '';
    el.hidden = !passed;
  }

  #dialog(titleText: string, ...body: Node[]): HTMLDialogElement {
    const titleId = uid('gcl-dialog');
    const dialog = h(
      'dialog',
      { class: 'gcl-dialog not-content', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, titleText),
      ...body,
    );
    dialog.addEventListener('close', () => dialog.remove());
    this.#o.root.append(dialog);
    return dialog;
  }

  #confirmReset(): void {
    const t = this.#t;
    const cancel = h('button', { type: 'button', class: 'gcl-lab__btn', autofocus: true }, t('lab.cancel'));
    const confirm = h(
      'button',
      { type: 'button', class: 'gcl-lab__btn gcl-lab__btn--danger' },
      t('lab.reset.confirm'),
    );
    const dialog = this.#dialog(
      t('lab.reset.title'),
      h('p', {}, t('lab.reset.body')),
      h('div', { class: 'gcl-dialog__actions' }, cancel, confirm),
    );
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      this.#store.reset();
      dialog.close();
    });
    dialog.showModal();
    cancel.focus();
  }

  async #showSolution(): Promise<void> {
    const t = this.#t;
    const m = this.#o.monaco;
    let solution: Files;
    try {
      solution = await this.#store.solution();
    } catch (error) {
      this.#el.status.textContent = t('lab.loadFailed', {
        message: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const state = this.#store.getState();
    const names = state.fileNames.filter((n) => solution[n] !== undefined);
    const host = h('div', { class: 'gcl-dialog__diff' });
    const selectId = uid('gcl-diff-file');
    const select = h('select', { id: selectId }, ...names.map((n) => h('option', { value: n }, n)));
    select.value = names.includes(state.activeFile) ? state.activeFile : (names[0] ?? '');
    const use = h(
      'button',
      { type: 'button', class: 'gcl-lab__btn gcl-lab__btn--primary' },
      t('lab.solution.use'),
    );
    const close = h('button', { type: 'button', class: 'gcl-lab__btn' }, t('lab.close'));
    const dialog = this.#dialog(
      t('lab.solution.title'),
      names.length > 1
        ? h(
            'p',
            { class: 'gcl-dialog__field' },
            h('label', { for: selectId }, t('lab.solution.file')),
            ' ',
            select,
          )
        : h('p', { class: 'gcl-dialog__file' }, select.value),
      host,
      h('div', { class: 'gcl-dialog__actions' }, close, use),
    );
    dialog.classList.add('gcl-dialog--wide');
    dialog.showModal();
    const diff = m.editor.createDiffEditor(host, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      minimap: { enabled: false },
      renderSideBySide: host.clientWidth > 640,
      useInlineViewWhenSpaceIsLimited: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      ariaLabel: t('lab.solution.title'),
      originalAriaLabel: t('lab.editor', { file: select.value }),
      modifiedAriaLabel: t('lab.solution'),
    });
    let original: MonacoEditor.ITextModel | undefined;
    let modified: MonacoEditor.ITextModel | undefined;
    const show = (name: string) => {
      original?.dispose();
      modified?.dispose();
      original = m.editor.createModel(this.#store.getState().files[name] ?? '', 'typescript');
      modified = m.editor.createModel(solution[name] ?? '', 'typescript');
      diff.setModel({ original, modified });
    };
    show(select.value);
    select.addEventListener('change', () => show(select.value));
    close.addEventListener('click', () => dialog.close());
    use.addEventListener('click', () => {
      void this.#store.useSolution().then(() => dialog.close());
    });
    dialog.addEventListener('close', () => {
      diff.dispose();
      original?.dispose();
      modified?.dispose();
    });
    close.focus();
  }

  async #share(): Promise<void> {
    const t = this.#t;
    const el = this.#el.share;
    const fragment = await this.#store.shareFragment();
    const url = `${location.href.split('#')[0] ?? ''}${fragment}`;
    const inputId = uid('gcl-share');
    if (url.length > 60_000) {
      replaceChildren(el, h('p', {}, t('lab.share.tooLong', { kb: Math.round(fragment.length / 1024) })));
      el.hidden = false;
      return;
    }
    // The clipboard may be refused (no permission, not focused): the link is shown either way.
    const copied = await navigator.clipboard.writeText(url).then(
      () => true,
      () => false,
    );
    const input = h('input', {
      id: inputId,
      type: 'text',
      readonly: true,
      value: url,
      'data-gcl-share-url': true,
      onfocus: (e: Event) => (e.target as HTMLInputElement).select(),
    });
    const close = h(
      'button',
      { type: 'button', class: 'gcl-lab__link', onclick: () => (el.hidden = true) },
      t('lab.close'),
    );
    replaceChildren(
      el,
      h('label', { for: inputId }, copied ? t('lab.share.copied') : t('lab.share.ready')),
      input,
      close,
    );
    el.hidden = false;
    if (!copied) input.focus();
  }
}
