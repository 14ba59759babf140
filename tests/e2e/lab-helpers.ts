/**
 * Shared steps of the lab end-to-end specs (tests/e2e/lab-*.spec.ts): where the fixture labs and the
 * lessons with labs are, how to start a lab, replace its code through the real editor, and read its
 * terminal.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { editsKey } from '../../src/lab/ui/persistence.ts';

/**
 * The fixture labs the lab specs run on (tests/fixtures/labs/good/e2e/, each on its own page in the
 * site `npm run build:e2e` builds: src/site/e2e-fixtures.mjs), so lessons can change freely. Prefix a
 * path with `/zh-cn` for the Chinese page.
 */
export const FIXTURES = {
  workers: { path: '/e2e-fixtures/e2e/wait-for-workers/', lab: 'e2e/wait-for-workers' },
  pingPong: { path: '/e2e-fixtures/e2e/ping-pong/', lab: 'e2e/ping-pong' },
  service: { path: '/e2e-fixtures/e2e/users/', lab: 'e2e/users' },
} as const;

/** Lesson pages written by the lessons' authors, and the lab each embeds (the site specs' pages). */
export const LESSONS = {
  goroutines: { path: '/concurrency/goroutines/', lab: 'goroutines/wait-for-workers' },
  channels: { path: '/concurrency/unbuffered-channels/', lab: 'channels/ping-pong' },
  service: { path: '/services/first-service/', lab: 'services/users' },
} as const;

export function labOn(page: Page, id: string): Locator {
  return page.locator(`[data-gcl-lab][data-lab-id="${id}"]`);
}

/** Presses Start and waits until the editor and terminal are there. */
export async function startLab(page: Page, id: string, startLabel = 'Start lab'): Promise<Locator> {
  const lab = labOn(page, id);
  await lab.getByRole('button', { name: startLabel }).click();
  // A safety net: the editor loads in a few seconds, but on a machine shared by many builds it took 30+.
  // A lab that failed to load says why at once (island.ts, client.ts): fail with its words then.
  const editor = lab.locator('[data-gcl-app] .monaco-editor');
  const failure = lab.locator('[data-gcl-start-message][role="alert"]');
  await expect(editor.or(failure)).toBeVisible({ timeout: 90_000 });
  if (await failure.isVisible()) throw new Error(`the lab did not start: ${await failure.textContent()}`);
  await expect(lab.locator('.xterm')).toBeVisible();
  return lab;
}

/**
 * Selects everything in the active editor tab and pastes `code` in its place, as a learner's paste
 * reaches Monaco: a `paste` event with the text on its clipboard data. (Typed text would be
 * auto-closed: `${` in a template literal gained a `}`, and the program a syntax error.)
 */
export async function replaceCode(page: Page, lab: Locator, code: string): Promise<void> {
  await lab.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, code);
}

/** The text the terminal shows. */
export function terminal(lab: Locator): Locator {
  return lab.locator('.xterm-rows');
}

export function status(lab: Locator): Locator {
  return lab.locator('[data-gcl-status]');
}

/** The code in the editor's model for `file` (read through the store the view renders). */
export function storedCode(lab: Locator, file = 'main.ts'): Promise<string> {
  return lab.evaluate(
    (el, name) =>
      (
        el as HTMLElement & { gclLab?: { store: { getState(): { files: Record<string, string> } } } }
      ).gclLab?.store.getState().files[name] ?? '',
    file,
  );
}

/** What the page's storage holds as the learner's saved edits of lab `id` (raw JSON; '' when none). */
export function savedEdits(page: Page, id: string): Promise<string> {
  return page.evaluate((key) => localStorage.getItem(key) ?? '', editsKey(id));
}

/** Opens the Solution dialog and replaces the learner's code with the solution, as a learner would. */
export async function useSolution(lab: Locator): Promise<void> {
  await lab.getByRole('button', { name: 'Solution' }).click();
  const dialog = lab.page().getByRole('dialog');
  await expect(dialog.locator('.monaco-diff-editor')).toBeVisible();
  await dialog.getByRole('button', { name: 'Replace my code with the solution' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * Records everything the lab writes to its terminal from now on, through the store the view renders
 * (the terminal's rows show only what fits: a long run scrolls its first lines out of view). Returns
 * a reader: the program's text, and the kinds of the lab's own notes with their schedule if any.
 */
export async function recordTerminal(
  lab: Locator,
): Promise<() => Promise<{ text: string; notes: string[] }>> {
  type Event = { kind: string; text?: string; note?: { kind: string; schedule?: string } };
  type Hooked = HTMLElement & {
    gclLab?: { store: { onTerminal(listener: (e: Event) => void): unknown } };
    gclTerminalLog?: Event[];
  };
  await lab.evaluate((el) => {
    const root = el as Hooked;
    const log: Event[] = [];
    root.gclTerminalLog = log;
    root.gclLab?.store.onTerminal((e) => {
      if (e.kind === 'clear') log.length = 0;
      else log.push(e);
    });
  });
  return () =>
    lab.evaluate((el) => {
      const log = (el as Hooked).gclTerminalLog ?? [];
      return {
        text: log.map((e) => e.text ?? '').join(''),
        notes: log.flatMap((e) =>
          e.note ? [e.note.schedule ? `${e.note.kind} ${e.note.schedule}` : e.note.kind] : [],
        ),
      };
    });
}

/**
 * Presses Check and waits until this check has ended, whichever way: with a report (its
 * `data-passed` is returned) or without one (a time limit, a runner that failed, a stop), which
 * fails here at once with the status line's words instead of a wait on a hidden report. A check
 * begins when Stop becomes enabled and ends when it is disabled again: a MutationObserver set up
 * before the click sees both, however fast the check, so an earlier Check's report is never read.
 */
export async function checkOnce(lab: Locator): Promise<'true' | 'false'> {
  const stop = lab.getByRole('button', { name: 'Stop' });
  await stop.evaluate((button: HTMLButtonElement) => {
    button.dataset['e2eCheck'] = 'waiting';
    new MutationObserver((_, observer) => {
      if (!button.disabled) button.dataset['e2eCheck'] = 'running';
      else if (button.dataset['e2eCheck'] === 'running') {
        button.dataset['e2eCheck'] = 'ended';
        observer.disconnect();
      }
    }).observe(button, { attributes: true, attributeFilter: ['disabled'] });
  });
  await lab.getByRole('button', { name: 'Check' }).click();
  await expect(stop).toHaveAttribute('data-e2e-check', 'ended', { timeout: 120_000 });
  const passed = await lab.locator('[data-gcl-report]').getAttribute('data-passed');
  if (passed !== 'true' && passed !== 'false') {
    const said = await lab.locator('[data-gcl-status]').textContent();
    throw new Error(`the check ended without a report: ${said}`);
  }
  return passed;
}
