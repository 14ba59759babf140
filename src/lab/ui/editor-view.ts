/**
 * The lab's code editor: the file tabs, one Monaco model per file, and what the editor marks in
 * the code — syntax errors, the line where the last run failed (a decoration, a glyph and a
 * status-line sentence; the file's tab is selected), the line of the Timeline's current step
 * (`markStep`), and gort/gomesh calls whose promise is dropped.
 *
 * Invariants: model text is pushed to the store on each edit and pulled from it only when the store
 * changed the files (reset, solution, shared code), so typing never round-trips; the failed line is
 * drawn exactly while `state.failedLine` names it (an edit or the next run clears it in the store);
 * floating-promise markers are recomputed after a pause in typing, for the model that changed.
 * TypeScript (its worker, the packages' declarations) starts at the learner's first click or key
 * press in the editor or the first change to its text, never on Start: until then the files are coloured by
 * Monaco's TypeScript tokenizer alone, and nothing is checked.
 */
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import type { SourceLocation } from 'gort';
import { h, replaceChildren, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { FailedLine, LabState } from './lab-state.ts';
import { floatingPromises, startTypeScript, VIEW_LANGUAGE, type Monaco } from './monaco.ts';
import type { LabStore } from './store.ts';

/** An error marker in one of the lab's files, as the editor shows it. */
export interface ErrorMarker {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** TypeScript's error number (`2322`), `gcl-floating`, or '' for the lab's syntax markers. */
  readonly code: string;
}

const FLOATING_OWNER = 'gcl-floating';
const SYNTAX_OWNER = 'gcl-syntax';
const LINT_DELAY_MS = 400;
const MIN_EDITOR_PX = 256;
const MAX_EDITOR_PX = 448;

export class EditorView {
  readonly element: HTMLElement;
  readonly #store: LabStore;
  readonly #monaco: Monaco;
  readonly #t: Translate;
  readonly #editor: MonacoEditor.IStandaloneCodeEditor;
  readonly #models = new Map<string, MonacoEditor.ITextModel>();
  readonly #tabs: HTMLElement;
  readonly #panel: HTMLElement;
  /** Monaco's `gclRunning` context key: Escape and Ctrl+. stop a program only while one runs. */
  readonly #running: MonacoEditor.IContextKey<boolean>;
  /** The text last pushed to the store or pulled from it, per file. */
  readonly #synced = new Map<string, string>();
  #pushing = false;
  #failed: MonacoEditor.IEditorDecorationsCollection;
  /** The Timeline's current step's line (markStep), kept to redraw it when its file is shown again. */
  #step: MonacoEditor.IEditorDecorationsCollection;
  #stepAt: SourceLocation | null = null;
  readonly #lintTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Set once TypeScript serves the lab's models (`#startTypeScript`). */
  #typescript: Promise<void> | undefined;

  constructor(store: LabStore, monaco: Monaco, t: Translate) {
    this.#store = store;
    this.#monaco = monaco;
    this.#t = t;
    const state = store.getState();
    this.#tabs = h('div', { class: 'gcl-lab__tabs', role: 'tablist', 'aria-label': t('lab.files') });
    this.#panel = h('div', { class: 'gcl-lab__editor', role: 'tabpanel', id: uid('gcl-panel') });
    this.element = h('div', { class: 'gcl-lab__code' }, this.#tabs, this.#panel);

    const m = monaco;
    const folder = `file:///labs/${store.lab.id}/`;
    for (const name of state.fileNames) {
      const uri = m.Uri.parse(folder + name);
      const text = state.files[name] ?? '';
      const model = m.editor.getModel(uri) ?? m.editor.createModel(text, VIEW_LANGUAGE, uri);
      model.setValue(text);
      this.#synced.set(name, text);
      this.#models.set(name, model);
      model.onDidChangeContent(() => {
        this.#startTypeScript();
        if (this.#pushing) return;
        m.editor.setModelMarkers(model, SYNTAX_OWNER, []);
        const typed = model.getValue();
        this.#synced.set(name, typed);
        this.#store.edit(name, typed);
        this.#lintSoon(name);
      });
    }
    this.#editor = m.editor.create(this.#panel, {
      model: this.#models.get(state.activeFile) ?? null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      lineNumbersMinChars: 3,
      // Monaco dims the empty last line's number below WCAG contrast; now that the editor shows the
      // whole file, that line is on screen (axe: color-contrast on .dimmed-line-number).
      renderFinalNewline: 'on',
      glyphMargin: true,
      scrollBeyondLastLine: false,
      tabSize: 2,
      fixedOverflowWidgets: true,
      ariaLabel: t('lab.editor', { file: state.activeFile }),
      accessibilitySupport: 'auto',
      renderLineHighlight: 'line',
      padding: { top: 8, bottom: 8 },
      // The editor may be taller than a zoomed viewport: at its end the wheel scrolls the page on.
      scrollbar: { alwaysConsumeMouseWheel: false },
    });
    this.#failed = this.#editor.createDecorationsCollection();
    this.#step = this.#editor.createDecorationsCollection();
    // The editor is as tall as the code (within limits), so a short viewport (200% zoom, a phone
    // held sideways) shows the whole file by scrolling the page, not 8 lines in a fixed box.
    const fit = () => {
      const cap = Math.max(MAX_EDITOR_PX, innerHeight * 0.9);
      this.#panel.style.height = `${Math.min(Math.max(this.#editor.getContentHeight(), MIN_EDITOR_PX), cap)}px`;
    };
    this.#editor.onDidContentSizeChange(fit);
    fit();
    this.#running = this.#editor.createContextKey<boolean>('gclRunning', false);
    // A click (or tap) in the editor comes before the first key press of a learner who places the
    // cursor first: starting there gives the worker's download that much of a head start.
    const firstTouch = [this.#editor.onKeyDown, this.#editor.onMouseDown].map((on) =>
      on(() => {
        for (const d of firstTouch) d.dispose();
        this.#startTypeScript();
      }),
    );
    this.#editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => void this.run());
    this.#editor.addCommand(m.KeyCode.Escape, () => this.#store.stop(), 'gclRunning');
    this.#editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Period, () => this.#store.stop(), 'gclRunning');
    this.#renderTabs(state);
  }

  /**
   * Projector mode: large type, and long lines wrapped, since half a projected screen holds about
   * 40 columns of it; otherwise the lab's usual 14 px and no wrapping.
   */
  setProjector(on: boolean, fontPx: number): void {
    this.#editor.updateOptions({ fontSize: on ? fontPx : 14, wordWrap: on ? 'on' : 'off' });
  }

  focus(): void {
    this.#editor.focus();
  }

  /** Runs the program; the store says in the terminal when the code has errors (it runs anyway). */
  run(): Promise<void> {
    return this.#store.run(this.errorMarkers());
  }

  /** The error markers on the lab's files (type, syntax, floating promises). */
  errorMarkers(): ErrorMarker[] {
    const m = this.#monaco;
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
    return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  }

  render(state: LabState, prev: LabState, first: boolean): void {
    this.#running.set(state.phase !== 'idle');
    if (state.files !== prev.files) this.#pull(state);
    if (first || state.activeFile !== prev.activeFile) this.#showFile(state);
    if (state.failedLine !== prev.failedLine) this.#markFailed(state.failedLine);
  }

  #pull(state: LabState): void {
    this.#pushing = true;
    try {
      for (const [name, model] of this.#models) {
        const text = state.files[name] ?? '';
        if (this.#synced.get(name) === text) continue;
        this.#synced.set(name, text);
        if (model.getValue() !== text) {
          model.setValue(text);
          this.#lintSoon(name);
        }
      }
    } finally {
      this.#pushing = false;
    }
  }

  #showFile(state: LabState): void {
    const model = this.#models.get(state.activeFile);
    if (model && this.#editor.getModel() !== model) this.#editor.setModel(model);
    this.#editor.updateOptions({ ariaLabel: this.#t('lab.editor', { file: state.activeFile }) });
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>('[role=tab]')) {
      const selected = tab.dataset['file'] === state.activeFile;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) this.#panel.setAttribute('aria-labelledby', (tab.id ||= uid('gcl-tab')));
    }
    // The decoration lives on the editor, not the model: redraw it for the file now shown.
    this.#markFailed(state.failedLine);
    this.#drawStep();
  }

  /**
   * Marks the line of the Timeline's current step (null: none), switching to its file and showing
   * it without moving the focus or the cursor; `data-gcl-step-line` on the editor names it for tests.
   */
  markStep(at: SourceLocation | null): void {
    this.#stepAt = at !== null && this.#models.has(at.file) ? at : null;
    if (this.#stepAt !== null && this.#store.getState().activeFile !== this.#stepAt.file) {
      this.#store.setActiveFile(this.#stepAt.file);
      return; // #showFile draws it for the new model
    }
    this.#drawStep();
  }

  #drawStep(): void {
    const at = this.#stepAt;
    if (at === null || this.#store.getState().activeFile !== at.file) {
      this.#step.clear();
      delete this.#panel.dataset['gclStepLine'];
      return;
    }
    const label = this.#t('timeline.at', { line: at.line });
    this.#step.set([
      {
        range: new this.#monaco.Range(at.line, 1, at.line, 1),
        options: {
          isWholeLine: true,
          className: 'gcl-step-line',
          linesDecorationsClassName: 'gcl-step-lines',
          hoverMessage: { value: label },
        },
      },
    ]);
    this.#panel.dataset['gclStepLine'] = String(at.line);
    this.#editor.revealLineInCenterIfOutsideViewport(at.line);
  }

  /** Marks (or unmarks) the failed line; switches to its file and shows it. */
  #markFailed(failed: FailedLine | null): void {
    const m = this.#monaco;
    for (const model of this.#models.values()) m.editor.setModelMarkers(model, SYNTAX_OWNER, []);
    const model = failed ? this.#models.get(failed.file) : undefined;
    if (!failed || !model) {
      this.#failed.clear();
      return;
    }
    if (this.#store.getState().activeFile !== failed.file) {
      this.#store.setActiveFile(failed.file);
      return; // #showFile draws it for the new model
    }
    const label = this.#t(`lab.failed.${failed.kind}`, { file: failed.file, line: failed.line });
    if (failed.kind === 'syntax') {
      m.editor.setModelMarkers(model, SYNTAX_OWNER, [
        {
          severity: m.MarkerSeverity.Error,
          message: failed.message,
          startLineNumber: failed.line,
          startColumn: failed.column,
          endLineNumber: failed.line,
          endColumn: failed.column + 1,
        },
      ]);
    }
    this.#failed.set([
      {
        range: new m.Range(failed.line, 1, failed.line, 1),
        options: {
          isWholeLine: true,
          className: 'gcl-failed-line',
          glyphMarginClassName: 'gcl-failed-glyph',
          glyphMarginHoverMessage: { value: label },
          hoverMessage: { value: label },
          linesDecorationsClassName: 'gcl-failed-lines',
        },
      },
    ]);
    this.#editor.revealLineInCenterIfOutsideViewport(failed.line);
    this.#editor.setPosition({ lineNumber: failed.line, column: failed.column });
  }

  /** Switches the lab's models to TypeScript (once), then checks each for floating promises. */
  #startTypeScript(): void {
    if (this.#typescript) return;
    this.#typescript = startTypeScript([...this.#models.values()]).then(() => {
      for (const name of this.#models.keys()) this.#lintSoon(name);
    });
  }

  #lintSoon(name: string): void {
    if (!this.#typescript) return;
    clearTimeout(this.#lintTimers.get(name));
    this.#lintTimers.set(
      name,
      setTimeout(() => void this.#lint(name), LINT_DELAY_MS),
    );
  }

  async #lint(name: string): Promise<void> {
    const model = this.#models.get(name);
    if (!model) return;
    await this.#typescript;
    const version = model.getVersionId();
    let found;
    try {
      found = await floatingPromises(model);
    } catch {
      return; // The worker is restarting (options changed): the next edit checks again.
    }
    if (model.isDisposed() || model.getVersionId() !== version) return;
    const m = this.#monaco;
    m.editor.setModelMarkers(
      model,
      FLOATING_OWNER,
      found.map((f) => {
        const start = model.getPositionAt(f.start);
        const end = model.getPositionAt(f.start + f.length);
        return {
          severity: m.MarkerSeverity.Error,
          code: FLOATING_OWNER,
          message: this.#t('lab.lint.floating', { callee: f.callee }),
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: end.lineNumber,
          endColumn: end.column,
        };
      }),
    );
  }

  #renderTabs(state: LabState): void {
    const names = state.fileNames;
    const select = (name: string, focus: boolean) => {
      this.#store.setActiveFile(name);
      if (focus) this.#tabs.querySelector<HTMLElement>(`[data-file="${CSS.escape(name)}"]`)?.focus();
    };
    const keys: Readonly<Record<string, (i: number) => string | undefined>> = {
      ArrowRight: (i) => names[(i + 1) % names.length],
      ArrowLeft: (i) => names[(i - 1 + names.length) % names.length],
      Home: () => names[0],
      End: () => names.at(-1),
    };
    const tabs = names.map((name) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'gcl-lab__tab',
          'data-file': name,
          'aria-controls': this.#panel.id,
          onclick: () => select(name, false),
          onkeydown: (event: Event) => {
            const next = keys[(event as KeyboardEvent).key]?.(names.indexOf(name));
            if (next !== undefined) {
              event.preventDefault();
              select(next, true);
            }
          },
        },
        name,
      ),
    );
    replaceChildren(this.#tabs, ...tabs);
  }
}
