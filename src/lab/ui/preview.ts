/**
 * The preview panel: the running program's HTTP server (a WebContainer `server-ready` URL) in an
 * iframe below the terminal, with its address as text, a link that opens it in a new tab, a path
 * field with a Go button that navigates the preview, and a Close button.
 *
 * Invariants: the iframe exists only while there is a preview — it is created when one opens and
 * removed when it closes, so a stopped program leaves no frame polling a dead server. Navigation
 * never leaves the server's origin (`previewTarget` refuses `//elsewhere` and absolute URLs). A new
 * server (another run) starts again at `/`; a change of the service's name only retitles the frame.
 * When the panel closes while focus is inside it, `restoreFocus` puts the focus back in the lab.
 * Every control has a visible label; the frame has a title naming the service and port.
 */
import { h, replaceChildren, uid } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { Preview } from './store.ts';

/**
 * The address to show for `path` typed by the learner on the server at `base`, or null when it
 * would leave that server (another origin). An empty path is the root; a missing `/` is added.
 */
export function previewTarget(base: string, path: string): string | null {
  let root: URL;
  try {
    root = new URL(base);
  } catch {
    return null;
  }
  const typed = path.trim();
  const relative = typed === '' ? '/' : typed.startsWith('/') ? typed : `/${typed}`;
  let target: URL;
  try {
    target = new URL(relative, root);
  } catch {
    return null;
  }
  return target.origin === root.origin ? target.href : null;
}

export interface PreviewPanelOptions {
  readonly t: Translate;
  /** The Close button was pressed (the store forgets the preview; `render(null)` follows). */
  readonly onClose: () => void;
  /** The panel is closing with the focus inside it: move the focus somewhere that stays. */
  readonly restoreFocus: () => void;
}

export interface PreviewPanel {
  readonly element: HTMLElement;
  /**
   * Shows `preview` (the service's `name` when known, for the frame's title), or hides and empties
   * the panel for null. Rendering the same server again keeps the frame where the learner took it.
   */
  render(preview: Preview | null, name?: string): void;
}

export function createPreviewPanel(options: PreviewPanelOptions): PreviewPanel {
  const { t } = options;
  const headingId = uid('gcl-preview');
  const element = h('section', {
    class: 'gcl-lab__preview',
    hidden: true,
    'aria-labelledby': headingId,
    'data-gcl-preview': true,
  });
  let shown: { url: string; port: number; frame: HTMLIFrameElement } | null = null;

  const frameTitle = (port: number, name: string | undefined) =>
    name ? t('lab.preview.frame', { name, port }) : t('lab.preview.frameUnnamed', { port });

  const open = (preview: Preview, name: string | undefined) => {
    const pathId = uid('gcl-preview-path');
    const errorId = uid('gcl-preview-error');
    const address = h('code', { class: 'gcl-lab__preview-url', 'data-gcl-preview-url': true }, preview.url);
    const link = h(
      'a',
      {
        href: preview.url,
        target: '_blank',
        rel: 'noopener noreferrer',
        class: 'gcl-lab__link',
        'data-gcl-preview-open': true,
      },
      t('lab.preview.open'),
    );
    const close = h(
      'button',
      {
        type: 'button',
        class: 'gcl-lab__btn',
        'data-gcl-preview-close': true,
        onclick: () => options.onClose(),
      },
      t('lab.preview.close'),
    );
    const error = h('p', { id: errorId, class: 'gcl-lab__preview-error', 'aria-live': 'polite' });
    const input = h('input', {
      id: pathId,
      type: 'text',
      value: '/',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': errorId,
      'data-gcl-preview-path': true,
    });
    const frame = h('iframe', {
      src: preview.url,
      title: frameTitle(preview.port, name),
      class: 'gcl-lab__preview-frame',
      'data-gcl-preview-frame': true,
    });
    const go = (event: Event) => {
      event.preventDefault();
      const target = previewTarget(preview.url, input.value);
      if (target === null) {
        error.textContent = t('lab.preview.offServer');
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      frame.src = target;
      address.textContent = target;
      link.href = target;
    };
    replaceChildren(
      element,
      h(
        'div',
        { class: 'gcl-lab__preview-bar' },
        h('h4', { id: headingId }, t('lab.preview.title')),
        h('p', {}, `${t('lab.preview.address')} `, address),
        link,
        close,
      ),
      h(
        'form',
        { class: 'gcl-lab__preview-nav', onsubmit: go },
        h('label', { for: pathId }, t('lab.preview.path')),
        input,
        h(
          'button',
          { type: 'submit', class: 'gcl-lab__btn', 'data-gcl-preview-go': true },
          t('lab.preview.go'),
        ),
        error,
      ),
      frame,
    );
    element.hidden = false;
    shown = { url: preview.url, port: preview.port, frame };
  };

  return {
    element,
    render(preview, name) {
      if (preview === null) {
        if (!shown) return;
        const hadFocus = element.contains(document.activeElement);
        shown = null;
        element.hidden = true;
        // Removing the frame unloads it: nothing keeps talking to a server that is gone.
        replaceChildren(element);
        if (hadFocus) options.restoreFocus();
        return;
      }
      if (shown && shown.url === preview.url && shown.port === preview.port) {
        shown.frame.title = frameTitle(preview.port, name);
        return;
      }
      open(preview, name);
    },
  };
}
