/**
 * A small hyperscript helper for the lab UI: elements with attributes, properties and children in
 * one call, so the view reads as its structure. No framework: the lab view is a handful of
 * elements re-rendered from store state.
 */

type Attrs = Readonly<Record<string, string | number | boolean | undefined | EventListener>>;
type Child = Node | string | null | undefined | false;

/**
 * `h('button', { class: 'x', 'aria-label': 'Run', onclick: run }, 'Run')`. Keys starting with `on`
 * add listeners; `true` sets an empty attribute; `false`/`undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
/** A page-unique id for aria references. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `h` for SVG: `svg('line', { x1: 0, y1: 0, x2: 9, y2: 9 })`. */
export function svg(
  tag: string,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** `text` cut into runs, each plain or code: code is what a pair of backticks encloses. */
export function inlineCodeRuns(text: string): { code: boolean; text: string }[] {
  const runs: { code: boolean; text: string }[] = [];
  const pattern = /`([^`\n]+)`/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) runs.push({ code: false, text: text.slice(at, m.index) });
    runs.push({ code: true, text: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ code: false, text: text.slice(at) });
  return runs;
}

/** `text` as nodes, its code (a pair of backticks) in `<code>`; only ever text nodes and `<code>`. */
export function inlineCode(text: string): (string | HTMLElement)[] {
  return inlineCodeRuns(text).map((run) => (run.code ? h('code', {}, run.text) : run.text));
}
