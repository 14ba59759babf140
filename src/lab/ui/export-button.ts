/**
 * The Export button of a service lab's toolbar: runs the learner's code as it is now, reads how it
 * set up its services, sidecars and clients (the run's `mesh-config` records), and downloads the
 * export (src/lab/export/files.ts: Kubernetes, Istio, Linkerd, Envoy, Prometheus and a README) as
 * one .zip written by src/lab/export/zip.ts.
 *
 * Invariants: the exporter and its YAML writer load only when the button is pressed (they are not
 * part of the page until then); the button is disabled while its own export runs and says what it
 * did in the status line (the learner's language); it exports nothing from a run that set up no
 * service.
 */
import { h } from './dom.ts';
import type { LabLocale, Translate } from './i18n.ts';
import type { LabStore } from './store.ts';

export interface ExportButtonOptions {
  readonly store: LabStore;
  readonly t: Translate;
  readonly locale: LabLocale;
  /** The lab's title, for the README of the export. */
  readonly title: string;
  /** Shows a sentence in the lab's status line. */
  readonly say: (text: string) => void;
}

export function exportButton(options: ExportButtonOptions): HTMLButtonElement {
  const { store, t } = options;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'gcl-lab__btn',
      'aria-label': t('lab.export.label'),
      title: t('lab.export.label'),
      'data-gcl-export': true,
    },
    t('lab.export'),
  );
  button.addEventListener('click', () => void run());

  async function run(): Promise<void> {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    options.say(t('lab.export.running'));
    try {
      const records = await store.runForExport();
      if (!records.some((r) => r.kind === 'server')) {
        options.say(t('lab.export.none'));
        return;
      }
      const [{ exportFiles }, { zip }] = await Promise.all([
        import('../export/files.ts'),
        import('../export/zip.ts'),
      ]);
      const exported = exportFiles({ id: store.lab.id, title: options.title }, records);
      const file = `${store.lab.id.replace(/[^a-z0-9-]+/gi, '-')}-export.zip`;
      download(file, zip(exported.files));
      const names = exported.plan.services.map((s) => s.name);
      options.say(
        t('lab.export.done', {
          file,
          count: Object.keys(exported.files).length,
          services: names.join(options.locale === 'zh-cn' ? '、' : ', '),
        }),
      );
    } catch (error) {
      options.say(
        t('lab.export.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }
  return button;
}

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
