/**
 * The response headers of the static site, read from `public/_headers` (the Netlify/Cloudflare
 * format the repository already ships), so the classroom server sends exactly what every other host
 * sends: COOP + COEP (lab pages need a cross-origin isolated page), CORP, and immutable caching of
 * `/_astro/`.
 *
 * The format: a line starting at column 0 is a path pattern (`/*` or `/_astro/*`: a trailing `*`
 * matches any rest); the indented `Name: value` lines under it are its headers; `#` starts a comment.
 */
import { readFileSync } from 'node:fs';

export interface HeaderRule {
  readonly pattern: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: { pattern: string; headers: Record<string, string> }[] = [];
  for (const [index, line] of text.split(/\r?\n/u).entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/u.test(line)) {
      rules.push({ pattern: line.trim(), headers: {} });
      continue;
    }
    const match = /^\s+([A-Za-z0-9-]+):\s*(.+?)\s*$/u.exec(line);
    const rule = rules.at(-1);
    if (match === null || rule === undefined) {
      throw new Error(
        `_headers line ${index + 1}: expected "Name: value" under a path, got ${JSON.stringify(line)}`,
      );
    }
    rule.headers[match[1] as string] = match[2] as string;
  }
  return rules;
}

export function readHeadersFile(file: string): HeaderRule[] {
  return parseHeadersFile(readFileSync(file, 'utf8'));
}

/** The headers for `urlPath`: every matching rule's, later rules overriding earlier ones. */
export function headersFor(rules: readonly HeaderRule[], urlPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const matches = rule.pattern.endsWith('*')
      ? urlPath.startsWith(rule.pattern.slice(0, -1))
      : urlPath === rule.pattern;
    if (matches) Object.assign(out, rule.headers);
  }
  return out;
}
