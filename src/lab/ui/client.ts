/**
 * The lab client: turns one server-rendered `<Lab>` (static starter code and a Start button) into
 * the live lab — store, engine, Monaco, terminal — when the learner starts it.
 *
 * Loaded only by the island script's `import()`, never by a page's initial bundle. Invariants: a lab
 * element is started at most once (`data-gcl-state` guards it); if loading fails the static view
 * stays, the learner sees why, and pressing Start again retries; edits are flushed on `pagehide` and
 * when the tab is hidden, the moments a browser may discard the page without further notice.
 * The runner is chosen and the packages are fetched from the moment the lab starts, in parallel
 * with setting up the editor, so the learner's first Run rarely waits for either.
 */
import { readLabConfig } from './config.ts';
import { createEngine } from './engine.ts';
import { translator } from './i18n.ts';
import { loadMonaco, useDeclarations } from './monaco.ts';
import { createLabStorage } from './persistence.ts';
import { LabStore } from './store.ts';
import { createTerminal } from './terminal.ts';
import { LabView } from './view.ts';
import labCss from './lab-client.css?inline';
import { injectStyle } from './inject-style.ts';

injectStyle(labCss);

export interface StartedLab {
  readonly store: LabStore;
  readonly view: LabView;
}

const started = new WeakMap<HTMLElement, Promise<StartedLab>>();

export function startLab(root: HTMLElement, options: { focus?: boolean } = {}): Promise<StartedLab> {
  let lab = started.get(root);
  if (!lab) {
    lab = start(root, options.focus ?? true);
    started.set(root, lab);
    lab.catch(() => started.delete(root));
  }
  return lab;
}

async function start(root: HTMLElement, focus: boolean): Promise<StartedLab> {
  const configText = root.querySelector('script[data-gcl-config]')?.textContent ?? '';
  const config = readLabConfig(configText);
  const t = translator(config.locale);
  const startButton = root.querySelector<HTMLButtonElement>('[data-gcl-start]');
  const message = root.querySelector<HTMLElement>('[data-gcl-start-message]');
  root.dataset['gclState'] = 'loading';
  if (startButton) {
    startButton.disabled = true;
    startButton.setAttribute('aria-busy', 'true');
  }
  if (message) message.textContent = t('lab.loading');
  try {
    const engine = createEngine(config);
    const store = new LabStore({ lab: config, engine, storage: createLabStorage() });
    // Both may take seconds (a WebContainer that cannot start takes the whole boot time limit) and
    // neither needs the editor: start them now. The store reports the runner's progress itself.
    store.prepareRunner();
    // The packages' types are fetched when TypeScript starts (the learner's first click or key press
    // in the editor, monaco.ts startTypeScript), not on Start: only the editor's checking needs them.
    useDeclarations(() => engine.declarations());
    await store.openShareLink(location.hash);
    const monaco = await loadMonaco();
    const view = new LabView({
      root,
      store,
      monaco,
      createTerminal,
      t,
      locale: config.locale,
      requester: () => engine.requester(),
      bootTimeoutMs: engine.bootTimeoutMs,
      goTwin: config.goTwin,
    });
    // A share link followed while the lab is open (only the fragment changes, no reload).
    addEventListener('hashchange', () => void store.openShareLink(location.hash));
    const save = () => store.flush();
    addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') save();
    });
    root.dataset['gclState'] = 'started';
    // Start lab (`gcl:lab-start`, island.ts) to an editor the learner can type in: the site bench's.
    performance.mark('gcl:lab-ready');
    if (focus) view.focusEditor();
    // Test and measurement hook: the store and its marks, read by the e2e suite.
    (root as HTMLElement & { gclLab?: StartedLab }).gclLab = { store, view };
    // The classroom's student part (src/classroom/ui/student.ts) follows this lab's check reports.
    dispatchEvent(new CustomEvent('gcl:lab-started', { detail: { root, store } }));
    return { store, view };
  } catch (error) {
    root.dataset['gclState'] = 'failed';
    if (startButton) {
      startButton.disabled = false;
      startButton.removeAttribute('aria-busy');
    }
    if (message) {
      message.textContent = t('lab.loadFailed', {
        message: error instanceof Error ? error.message : String(error),
      });
      message.setAttribute('role', 'alert');
    }
    throw error;
  }
}
