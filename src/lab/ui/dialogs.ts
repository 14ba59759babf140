/**
 * The lab's dialogs: confirming a reset, the solution beside the learner's code, and the
 * solution's Go twin.
 *
 * Invariants: dialogs are native `<dialog>`s opened with showModal (focus trapped, Escape closes,
 * focus returns to the opener) and removed from the page when closed; the diff's title says where
 * each side is as it is actually drawn (side by side, or inline with removed and added lines on a
 * narrow screen); the diff's models never reach the TypeScript worker (VIEW_LANGUAGE).
 */
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import { h, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import { VIEW_LANGUAGE, type Monaco } from './monaco.ts';
import type { Files } from './persistence.ts';
import type { GoTwin, LabStore } from './store.ts';

/** Below this width of the dialog's content the diff is inline (removed and added lines). */
const SIDE_BY_SIDE_MIN_PX = 640;

function dialog(host: HTMLElement, titleText: string, ...body: Node[]): HTMLDialogElement {
  const titleId = uid('gcl-dialog');
  const el = h(
    'dialog',
    { class: 'gcl-dialog not-content', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, titleText),
    ...body,
  );
  el.addEventListener('close', () => el.remove());
  host.append(el);
  return el;
}

export function confirmReset(host: HTMLElement, store: LabStore, t: Translate): void {
  const cancel = h('button', { type: 'button', class: 'gcl-lab__btn', autofocus: true }, t('lab.cancel'));
  const confirm = h(
    'button',
    { type: 'button', class: 'gcl-lab__btn gcl-lab__btn--danger' },
    t('lab.reset.confirm'),
  );
  const el = dialog(
    host,
    t('lab.reset.title'),
    h('p', {}, t('lab.reset.body')),
    h('div', { class: 'gcl-dialog__actions' }, cancel, confirm),
  );
  cancel.addEventListener('click', () => el.close());
  confirm.addEventListener('click', () => {
    store.reset();
    el.close();
  });
  el.showModal();
  cancel.focus();
}

export function showSolution(
  host: HTMLElement,
  store: LabStore,
  monaco: Monaco,
  t: Translate,
  solution: Files,
): void {
  const state = store.getState();
  const names = state.fileNames.filter((n) => solution[n] !== undefined);
  const diffHost = h('div', { class: 'gcl-dialog__diff' });
  const selectId = uid('gcl-diff-file');
  const select = h('select', { id: selectId }, ...names.map((n) => h('option', { value: n }, n)));
  select.value = names.includes(state.activeFile) ? state.activeFile : (names[0] ?? '');
  const use = h(
    'button',
    { type: 'button', class: 'gcl-lab__btn gcl-lab__btn--primary' },
    t('lab.solution.use'),
  );
  const close = h('button', { type: 'button', class: 'gcl-lab__btn' }, t('lab.close'));
  const el = dialog(
    host,
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
    diffHost,
    h('div', { class: 'gcl-dialog__actions' }, close, use),
  );
  el.classList.add('gcl-dialog--wide');
  el.showModal();
  const sideBySide = diffHost.clientWidth >= SIDE_BY_SIDE_MIN_PX;
  const title = el.querySelector('h2');
  if (title) title.textContent = t(sideBySide ? 'lab.solution.title' : 'lab.solution.titleInline');
  const diff = monaco.editor.createDiffEditor(diffHost, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    minimap: { enabled: false },
    renderSideBySide: sideBySide,
    // The title names the sides as drawn: Monaco must not switch layout behind its back.
    useInlineViewWhenSpaceIsLimited: false,
    scrollBeyondLastLine: false,
    fontSize: 13,
    ariaLabel: t(sideBySide ? 'lab.solution.title' : 'lab.solution.titleInline'),
    originalAriaLabel: t('lab.editor', { file: select.value }),
    modifiedAriaLabel: t('lab.solution'),
  });
  let models: { original: MonacoEditor.ITextModel; modified: MonacoEditor.ITextModel } | undefined;
  const show = (name: string) => {
    const next = {
      original: monaco.editor.createModel(store.getState().files[name] ?? '', VIEW_LANGUAGE),
      modified: monaco.editor.createModel(solution[name] ?? '', VIEW_LANGUAGE),
    };
    diff.setModel(next);
    models?.original.dispose();
    models?.modified.dispose();
    models = next;
  };
  show(select.value);
  select.addEventListener('change', () => show(select.value));
  close.addEventListener('click', () => el.close());
  use.addEventListener('click', () => void store.useSolution().then(() => el.close()));
  el.addEventListener('close', () => {
    diff.dispose();
    models?.original.dispose();
    models?.modified.dispose();
  });
  close.focus();
}

/**
 * The solution's Go twin, read-only: focusable so the keyboard can scroll it, selectable to copy.
 * Not an editor: the learner reads Go here, and the page loads nothing more to show it.
 */
export function showGoTwin(host: HTMLElement, t: Translate, twin: GoTwin): void {
  const close = h('button', { type: 'button', class: 'gcl-lab__btn' }, t('lab.close'));
  const code = h(
    'pre',
    { class: 'gcl-dialog__code', tabindex: '0', 'aria-label': t('lab.go.code'), 'data-gcl-go-source': true },
    h('code', { lang: 'go' }, twin.source),
  );
  const el = dialog(
    host,
    t('lab.go.title'),
    h('p', {}, t('lab.go.note', { version: twin.version.replace(/^go/, 'Go ') })),
    code,
    h('div', { class: 'gcl-dialog__actions' }, close),
  );
  el.classList.add('gcl-dialog--wide');
  close.addEventListener('click', () => el.close());
  el.showModal();
  close.focus();
}
