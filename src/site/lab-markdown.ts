/**
 * Renders a lab's short instructions (lab.json `instructions`) from a small Markdown subset to HTML,
 * at build time, in Lab.astro.
 *
 * The subset: paragraphs (blank-line separated), `-`/`*` bullet lists, numbered lists, `code`,
 * **strong**, *em* or _em_, and [links](https://...). Invariant: every character of the source is
 * HTML-escaped before any markup is added, and link targets are limited to http(s), root-relative
 * and fragment URLs, so instructions can never inject markup or script into a lesson page.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeHref(href: string): string | null {
  return /^(?:https?:\/\/|\/|#)/.test(href) ? href : null;
}

/**
 * Inline markup on one line. Code spans are swapped for placeholders first, so their text stays
 * literal while emphasis may still span them (`**use `wg.wait()`**`). Also used for the workshop
 * plans' one-line texts (src/components/WorkshopPlan.astro).
 */
export function inline(source: string): string {
  const codes: string[] = [];
  let html = escapeHtml(
    source.replace(/`([^`]+)`/g, (_whole, code: string) => {
      codes.push(code);
      return `\uE000${codes.length - 1}\uE000`;
    }),
  );
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text: string, href: string) => {
    // href was escaped with the rest; unescape the one entity a URL may contain to test it.
    const raw = href.replace(/&#38;/g, '&');
    return safeHref(raw) === null ? whole : `<a href="${href}">${text}</a>`;
  });
  html = html.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  html = html.replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>');
  html = html.replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>');
  return html.replace(
    /\uE000(\d+)\uE000/g,
    (_whole, i: string) => `<code>${escapeHtml(codes[Number(i)] ?? '')}</code>`,
  );
}

export function renderInstructions(markdown: string): string {
  const blocks = markdown
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      if (lines.every((l) => /^\s*\d+[.)]\s+/.test(l))) {
        return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)]\s+/, ''))}</li>`).join('')}</ol>`;
      }
      return `<p>${inline(lines.join(' '))}</p>`;
    })
    .join('\n');
}
