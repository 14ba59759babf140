/**
 * Marks a lesson done in the sidebar once every lab on it has passed a check: a ✓ the screen reader
 * skips, and visually hidden words ("completed", "已完成") it reads, so the mark is neither colour
 * nor glyph alone.
 *
 * Invariants: which labs a link holds and the word come from the server (src/site/lab-sidebar.ts
 * puts `data-gcl-labs` and `data-gcl-done` on the link); the marks follow storage again when a
 * check passes or a lab is reset on this page (the `gcl:progress` event the lab view and the
 * progress page send) and when another tab changes it (`storage`). Like island.ts, this imports
 * nothing so it stays a few hundred bytes: the key is persistence.ts `progressKey`, written out.
 */
const passed = (id: string): boolean => {
  try {
    return (
      (JSON.parse(localStorage.getItem(`gcl:lab:${id}:progress:v1`) ?? '{}') as { passed?: unknown })
        .passed === true
    );
  } catch {
    return false;
  }
};

const mark = (): void => {
  for (const link of document.querySelectorAll<HTMLElement>('a[data-gcl-labs]')) {
    const done = (link.dataset['gclLabs'] ?? '').split(' ').every(passed);
    const old = link.querySelector('.gcl-done');
    if (!done) old?.remove();
    if (!done || old) continue;
    const glyph = document.createElement('span');
    glyph.ariaHidden = 'true';
    glyph.textContent = '✓';
    const words = document.createElement('span');
    words.className = 'sr-only';
    words.textContent = ` (${link.dataset['gclDone'] ?? ''})`;
    const el = document.createElement('span');
    el.className = 'gcl-done';
    el.append(glyph, words);
    link.append(el);
  }
};

mark();
addEventListener('gcl:progress', mark);
addEventListener('storage', mark);
