/**
 * The progress page's script (src/components/LabProgress.astro): each lab's state from storage,
 * and Export, Import and Reset all.
 *
 * Invariants: every change this page makes to storage is followed by re-reading it into the table
 * and a `gcl:progress` event, so the sidebar's done marks follow (src/lab/ui/sidebar-marks.ts);
 * every outcome is said in the page's status line in the page's language, a failure included, and
 * a failure changes nothing (progress-file.ts rolls a failed import back). The zod-based file code
 * loads only when Export or Import is pressed.
 */
import { labLocale, translator } from './i18n.ts';
import { createLabStorage } from './persistence.ts';

const root = document.querySelector<HTMLElement>('[data-gcl-progress-page]');
if (root) wire(root);

function wire(root: HTMLElement): void {
  const locale = labLocale(root.dataset['locale']);
  const t = translator(locale);
  const storage = createLabStorage();
  const rows = [...root.querySelectorAll<HTMLTableRowElement>('tr[data-lab-id]')];
  const ids = rows.map((row) => row.dataset['labId'] ?? '');
  const titles = new Map(rows.map((row) => [row.dataset['labId'] ?? '', row.dataset['title'] ?? '']));
  const names = (list: readonly string[]) =>
    list.length === 0
      ? t('progress.none')
      : list.map((id) => titles.get(id) ?? id).join(locale === 'en' ? ', ' : '、');
  const message = root.querySelector<HTMLElement>('[data-gcl-progress-message]');
  const say = (text: string) => {
    if (message) message.textContent = text;
  };
  const dates = new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const when = (ms: number) => {
    const time = document.createElement('time');
    time.dateTime = new Date(ms).toISOString();
    time.textContent = dates.format(ms);
    return time;
  };

  const render = () => {
    for (const row of rows) {
      const id = row.dataset['labId'] ?? '';
      const cell = row.querySelector<HTMLElement>('[data-gcl-state]');
      if (!cell) continue;
      const progress = storage.loadProgress(id);
      const edits = storage.loadEdits(id);
      const [state, key, at] = progress?.passed
        ? (['passed', 'progress.state.passed', progress.at] as const)
        : edits
          ? (['edited', 'progress.state.edited', edits.savedAt] as const)
          : (['none', 'progress.state.none', undefined] as const);
      row.dataset['state'] = state;
      // The date goes where the sentence has `{when}`, as a <time> element.
      const [before = '', after = ''] = t(key).split('{when}');
      cell.replaceChildren(before, ...(at === undefined ? [] : [when(at), after]));
    }
  };
  const changed = () => {
    render();
    dispatchEvent(new Event('gcl:progress'));
  };
  render();

  const importButton = root.querySelector<HTMLButtonElement>('[data-gcl-import]');
  const resetButton = root.querySelector<HTMLButtonElement>('[data-gcl-reset]');
  if (!storage.available) {
    root.querySelector('[data-gcl-storage-off]')?.removeAttribute('hidden');
    if (importButton) importButton.disabled = true;
    if (resetButton) resetButton.disabled = true;
  }

  root.querySelector('[data-gcl-export]')?.addEventListener('click', () => {
    void import('./progress-file.ts').then(({ exportProgress }) => {
      const file = exportProgress(storage, ids);
      const name = `go-concurrency-labs-progress-${file.exportedAt.slice(0, 10)}.json`;
      const url = URL.createObjectURL(
        new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      say(t('progress.exported', { file: name, count: Object.keys(file.labs).length }));
    });
  });

  const input = root.querySelector<HTMLInputElement>('[data-gcl-import-file]');
  importButton?.addEventListener('click', () => input?.click());
  input?.addEventListener('change', () => {
    const chosen = input.files?.[0];
    input.value = '';
    if (chosen) void importFile(chosen);
  });
  const importFile = async (chosen: File) => {
    say(t('progress.importing', { file: chosen.name }));
    const { importProgress, parseProgressFile } = await import('./progress-file.ts');
    let text: string;
    try {
      text = await chosen.text();
    } catch {
      say(t('progress.error', { file: chosen.name, problem: t('progress.error.read-failed') }));
      return;
    }
    const parsed = parseProgressFile(text, chosen.size);
    if (!parsed.ok) {
      const { code, field = '' } = parsed.error;
      say(t('progress.error', { file: chosen.name, problem: t(`progress.error.${code}`, { field }) }));
      return;
    }
    const result = importProgress(storage, parsed.file, ids);
    if (result.status !== 'imported') {
      say(t(result.status === 'full' ? 'progress.importFull' : 'progress.importUnavailable'));
      return;
    }
    changed();
    const skipped =
      result.skipped.length === 0
        ? ''
        : ` ${t('progress.importSkipped', { labs: result.skipped.join(', ') })}`;
    say(
      t('progress.imported', {
        file: chosen.name,
        edits: names(result.edits),
        progress: names(result.progress),
      }) + skipped,
    );
  };

  const dialog = root.querySelector<HTMLDialogElement>('[data-gcl-reset-dialog]');
  const list = root.querySelector<HTMLElement>('[data-gcl-reset-list]');
  resetButton?.addEventListener('click', () => {
    void import('./progress-file.ts').then(({ savedLabs }) => {
      const saved = savedLabs(storage, ids);
      if (!dialog || !list) return;
      if (saved.edits.length === 0 && saved.progress.length === 0) {
        say(t('progress.reset.nothing'));
        return;
      }
      const item = (text: string) => Object.assign(document.createElement('li'), { textContent: text });
      list.replaceChildren(
        ...(saved.edits.length > 0 ? [item(t('progress.reset.edits', { labs: names(saved.edits) }))] : []),
        ...(saved.progress.length > 0
          ? [item(t('progress.reset.progress', { labs: names(saved.progress) }))]
          : []),
      );
      dialog.returnValue = '';
      dialog.showModal();
    });
  });
  dialog?.addEventListener('close', () => {
    if (dialog.returnValue !== 'reset') return;
    void import('./progress-file.ts').then(({ resetAll }) => {
      const result = resetAll(storage, ids);
      changed();
      say(t(result === 'saved' ? 'progress.reset.done' : 'progress.reset.failed'));
    });
  });
}
