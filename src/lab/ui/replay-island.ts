/**
 * The only replay script a lesson page loads before the reader interacts: pressing a
 * `<TimelineReplay>`'s button (click, Enter or Space) loads the Timeline with `import()` and opens
 * or closes that replay. A load that fails says so (the words are in the server-rendered
 * `data-load-failed`) and the next press tries again.
 *
 * Invariant: nothing here imports timeline-replay.ts statically, nor any module it shares (the
 * bundler would move such a module into this script, which every lesson with a replay loads).
 */
const loadReplay = () => import('./timeline-replay.ts');

for (const root of document.querySelectorAll<HTMLElement>('[data-gcl-replay]')) {
  const button = root.querySelector<HTMLButtonElement>('[data-gcl-replay-open]');
  const note = root.querySelector<HTMLElement>('[data-gcl-replay-note]');
  button?.addEventListener('click', () => {
    if (root.dataset['gclState'] === undefined) {
      root.dataset['gclState'] = 'loading';
      button.setAttribute('aria-busy', 'true');
    }
    void loadReplay().then(
      (replay) => replay.toggleReplay(root),
      () => {
        // A failed load (offline) says so in the page's language and leaves the button to try again.
        delete root.dataset['gclState'];
        button.removeAttribute('aria-busy');
        if (note) note.textContent = note.dataset['loadFailed'] ?? '';
      },
    );
  });
}
