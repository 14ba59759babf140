/**
 * The only lab script a page loads before the learner interacts: a few hundred bytes that wait.
 *
 * Pressing a lab's Start button (click, Enter or Space) loads the client with `import()` and starts
 * that lab; moving keyboard focus to the Start button only warms the module cache, so the Enter that
 * follows starts faster (a mere hover does not, nor does focus elsewhere in the lab, such as the
 * code block's Copy button: Monaco is megabytes a passing pointer or Tab should not cost). A
 * share link aimed at a lab on this page (`#lab=<id>:...`) scrolls to that lab and starts it at once,
 * since the learner came to see that code (also when only the fragment changes). Also shows the
 * stored progress mark and says when saved edits exist (the static view shows the starter), which
 * needs no client code.
 *
 * Invariants: Start shows its loading state in the same task as the press (before the client, Monaco
 * and xterm arrive), and a client that fails to arrive turns it into the load error (Start stays
 * pressable), in the page's language (the words are in the server-rendered `data-*`
 * attributes); nothing here imports the client statically, nor any module the client shares: the
 * bundler would move all of such a module into this script (persistence.ts and share-link.ts make it
 * 4 KB instead of 0.9 KB), so the storage keys (persistence.ts `editsKey`, `progressKey`) and the link
 * prefix (share-link.ts `SHARE_PREFIX`) are written out here.
 */
const load = () => import('./client.ts');

for (const root of document.querySelectorAll<HTMLElement>('[data-gcl-lab]')) {
  const id = root.dataset['labId'] ?? '';
  const startButton = root.querySelector<HTMLButtonElement>('[data-gcl-start]');
  const message = root.querySelector<HTMLElement>('[data-gcl-start-message]');
  const start = (focus: boolean) => {
    // Measurements (bench/site/lab-measure.spec.ts) time the lab from here, before the client loads.
    performance.mark('gcl:lab-start');
    if (root.dataset['gclState'] === undefined || root.dataset['gclState'] === 'failed') {
      // Seen at once: the client takes a second or more to arrive (the client repeats this).
      root.dataset['gclState'] = 'loading';
      startButton?.setAttribute('aria-busy', 'true');
      if (message) message.textContent = message.dataset['loading'] ?? '';
      performance.mark('gcl:lab-feedback');
    }
    load().then(
      // The client shows its own failures (and lets Start try again); nothing more to do here.
      (client) => client.startLab(root, { focus }).catch(() => undefined),
      (error: unknown) => loadFailed(error),
    );
  };
  // The client's chunk did not arrive (offline, a deploy replaced it): say so instead of "loading"
  // forever, and let Start try again.
  const loadFailed = (error: unknown) => {
    root.dataset['gclState'] = 'failed';
    startButton?.removeAttribute('aria-busy');
    if (!message) return;
    const why = error instanceof Error ? error.message : String(error);
    message.textContent = (message.dataset['failed'] ?? '').replace('{message}', why);
    message.setAttribute('role', 'alert');
  };
  startButton?.addEventListener('click', () => start(true));
  startButton?.addEventListener('focus', () => void load(), { once: true });
  const aimedHere = () => location.hash.startsWith(`#lab=${id}:`);
  const followLink = () => {
    // The fragment names no element, so the browser opened the page at its top.
    root.scrollIntoView({ block: 'start' });
    start(false);
  };
  if (aimedHere()) followLink();
  // A link followed within the page (same path, new fragment) does not reload it.
  addEventListener('hashchange', () => aimedHere() && followLink());
  try {
    const progress = JSON.parse(localStorage.getItem(`gcl:lab:${id}:progress:v1`) ?? '{}') as {
      passed?: unknown;
    };
    if (progress.passed === true) {
      root.querySelector<HTMLElement>('[data-gcl-progress]')?.removeAttribute('hidden');
    }
    if (message && !aimedHere() && localStorage.getItem(`gcl:lab:${id}:v1`) !== null) {
      message.textContent = message.dataset['saved'] ?? '';
      message.dataset['gclSaved'] = '';
    }
  } catch {
    // Storage disabled: no mark, nothing else changes.
  }
}
