/**
 * The only lab script a page loads before the learner interacts: a few hundred bytes that wait.
 *
 * Pressing a lab's Start button (click, Enter or Space) loads the client with `import()` and starts
 * that lab; moving keyboard focus to the Start button only warms the module cache, so the Enter that
 * follows starts faster (a mere hover does not, nor does focus elsewhere in the lab, such as the
 * code block's Copy button: Monaco is megabytes a passing pointer or Tab should not cost). A
 * share link aimed at a lab on this page (`#lab=<id>:...`) starts it at once, since the learner came
 * to see that code (also when only the fragment changes). Also shows the stored progress mark, which
 * needs no client code. Invariants: nothing here imports the client statically, nor any module the
 * client shares: the bundler would move all of such a module into this script (persistence.ts and
 * share-link.ts make it 4 KB instead of 0.9 KB), so the progress key (persistence.ts `progressKey`)
 * and the link prefix (share-link.ts `SHARE_PREFIX`) are written out here.
 */
const load = () => import('./client.ts');

for (const root of document.querySelectorAll<HTMLElement>('[data-gcl-lab]')) {
  const id = root.dataset['labId'] ?? '';
  const start = (focus: boolean) => {
    // Measurements (bench/site/lab-measure.spec.ts) time the lab from here, before the client loads.
    performance.mark('gcl:lab-start');
    void load().then((client) => client.startLab(root, { focus }));
  };
  const startButton = root.querySelector('[data-gcl-start]');
  startButton?.addEventListener('click', () => start(true));
  startButton?.addEventListener('focus', () => void load(), { once: true });
  const aimedHere = () => location.hash.startsWith(`#lab=${id}:`);
  if (aimedHere()) start(false);
  // A link followed within the page (same path, new fragment) does not reload it.
  addEventListener('hashchange', () => aimedHere() && start(false));
  try {
    const progress = JSON.parse(localStorage.getItem(`gcl:lab:${id}:progress:v1`) ?? '{}') as {
      passed?: unknown;
    };
    if (progress.passed === true) {
      root.querySelector<HTMLElement>('[data-gcl-progress]')?.removeAttribute('hidden');
    }
  } catch {
    // Storage disabled: no mark, nothing else changes.
  }
}
