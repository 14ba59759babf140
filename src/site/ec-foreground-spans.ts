/**
 * An Expressive Code plugin that drops the token spans that change nothing. Expressive Code wraps
 * every highlighted token in `<span style="--0:<dark>;--1:<light>">` (one custom property per theme);
 * on the goroutines lesson 448 of its 1,081 style attributes only restated the code's own
 * foreground (`--0:#D6DEEB;--1:#403F53`), which `pre > code` already gives the text. After a block
 * is rendered, this plugin replaces each such span by its text.
 *
 * Invariants:
 *  - Every character keeps its computed colour, background, font style, weight and decoration in
 *    every theme: a span is dropped only when each custom property it sets is a colour `--<n>` equal
 *    (case-insensitively, as CSS compares hex colours) to theme n's code foreground, so the core rule
 *    `color: var(--n, inherit)` resolved to the inherited colour anyway; and only when every element
 *    between it and its line's `.code` element is a `span.indent` or a text marker's inline
 *    `mark`/`ins`/`del`, none of which sets a colour, so the text inherits the code foreground.
 *  - Only spans Expressive Code's inline-style annotation made are touched: a `span` with no class
 *    whose style holds nothing but `--<n>[bg|fs|fw|td]` properties.
 *  - No CSS is added: the page gets lighter and nothing else changes.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code';
import type { Element, ElementContent } from '@astrojs/starlight/expressive-code/hast';

const TOKEN_PROPERTY = /^--(\d+)(bg|fs|fw|td)?$/;
/** Text markers' inline elements: Expressive Code gives them `all: unset`, so they inherit the colour. */
const INLINE_MARKERS = new Set(['mark', 'ins', 'del']);

/** The token span's declarations as [property, value] pairs, or undefined when it is not a token span. */
function tokenDeclarations(node: Element): [string, string][] | undefined {
  if (node.tagName !== 'span' || node.properties['className'] !== undefined) return undefined;
  const style = node.properties['style'];
  if (typeof style !== 'string' || !style.startsWith('--')) return undefined;
  const declarations: [string, string][] = [];
  for (const part of style.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    const property = part.slice(0, colon).trim();
    if (colon < 0 || !TOKEN_PROPERTY.test(property)) return undefined;
    declarations.push([property, part.slice(colon + 1).trim()]);
  }
  return declarations;
}

/** True when the span sets nothing but each theme's own code foreground. */
function restatesForeground(declarations: [string, string][], foregrounds: string[]): boolean {
  return declarations.every(([property, value]) => {
    const [, variant, kind] = TOKEN_PROPERTY.exec(property) ?? [];
    return kind === undefined && foregrounds[Number(variant)] === value.toLowerCase();
  });
}

function hasClass(node: Element, name: string): boolean {
  const classNames = node.properties['className'];
  return Array.isArray(classNames) && classNames.includes(name);
}

/** Replaces, below `parent`, the spans that restate the foreground by their children. */
function unwrapForegroundSpans(parent: Element, foregrounds: string[], inheritsCodeColour: boolean): void {
  const children: ElementContent[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      children.push(child);
      continue;
    }
    const declarations = tokenDeclarations(child);
    if (inheritsCodeColour && declarations && restatesForeground(declarations, foregrounds)) {
      children.push(...child.children);
      continue;
    }
    const isCode = hasClass(child, 'code');
    const passesColourOn =
      inheritsCodeColour &&
      ((child.tagName === 'span' && hasClass(child, 'indent')) || INLINE_MARKERS.has(child.tagName));
    unwrapForegroundSpans(child, foregrounds, isCode || passesColourOn);
    children.push(child);
  }
  parent.children = children;
}

export function dropForegroundTokenSpans(): ExpressiveCodePlugin {
  return definePlugin({
    name: 'gcl-drop-foreground-token-spans',
    hooks: {
      postprocessRenderedBlock({ renderData, styleVariants }) {
        const foregrounds = styleVariants.map((v) =>
          String(v.resolvedStyleSettings.get('codeForeground') ?? '').toLowerCase(),
        );
        unwrapForegroundSpans(renderData.blockAst, foregrounds, false);
      },
    },
  });
}
