/**
 * The one import scanner: finds every module specifier in an ES module's source — static
 * `import ... from 'x'` (with the names it imports), `import 'x'`, `export ... from 'x'`, and every
 * dynamic `import(...)` call (with its specifier when literal). transpile.ts rewrites the learner's
 * relative specifiers and records their imports with it; the sandbox's linker links with it.
 *
 * It is a tokenizer, not a parser: it skips comments, strings, template literals (with nested
 * `${...}` expressions) and regular expressions, then matches the few token patterns above. The
 * inputs are machine-written (esbuild's package output, sucrase's transpiled learner code), for
 * which that is exact; for hand-written code the one guess is whether `/` starts a regex, made
 * from the previous token, and a regex that does not close on its line is re-read as division.
 *
 * Invariant: this function is self-contained (no reference to anything outside its body but
 * standard globals), because the sandbox ships it to the iframe as source text
 * (`Function.prototype.toString`).
 */

/** A name a static import or re-export asks of the module it imports (`default` for a default import). */
export interface ImportedName {
  readonly name: string;
  /** Offset of the name in the source. */
  readonly start: number;
}

/**
 * A static import's specifier (`start`/`end` span its string literal, quotes included) and the names
 * it imports, or a dynamic `import(` call (`start`/`end` span the keyword and its parenthesis;
 * `specifier` is set when the argument is a plain string literal). `statement` is the offset of the
 * `import`/`export` keyword.
 */
export type ImportSite =
  | {
      readonly dynamic: false;
      readonly specifier: string;
      readonly start: number;
      readonly end: number;
      readonly statement: number;
      readonly names: readonly ImportedName[];
    }
  | {
      readonly dynamic: true;
      readonly specifier: string | undefined;
      readonly start: number;
      readonly end: number;
      readonly statement: number;
      /** The specifier's string literal, when it is one. */
      readonly literal: { readonly start: number; readonly end: number } | undefined;
    };

export function scanImports(source: string): ImportSite[] {
  type Token =
    | { kind: 'name'; value: string; start: number; end: number }
    | { kind: 'string'; value: string; start: number; end: number }
    | { kind: 'punct'; value: string; start: number; end: number }
    | { kind: 'other'; value: string; start: number; end: number };

  const tokens: Token[] = [];
  const n = source.length;
  /** Open `{` kinds: 'brace' for a block/object, 'template' for a `${` inside a template literal. */
  const braces: Array<'brace' | 'template'> = [];
  const regexAfterNames = new Set([
    'return',
    'typeof',
    'case',
    'do',
    'else',
    'in',
    'of',
    'new',
    'delete',
    'void',
    'throw',
    'instanceof',
    'yield',
    'await',
  ]);

  const isIdStart = (c: string) => /[A-Za-z_$\u0080-\uffff]/.test(c);
  const isIdPart = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

  const decodeString = (raw: string): string => {
    if (!raw.includes('\\')) return raw;
    return raw.replace(
      /\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g,
      (_m, esc: string) => {
        if (esc.startsWith('u{')) return String.fromCodePoint(parseInt(esc.slice(2, -1), 16));
        if (esc.startsWith('u') && esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
        if (esc.startsWith('x') && esc.length === 3) return String.fromCharCode(parseInt(esc.slice(1), 16));
        const simple: Record<string, string> = {
          n: '\n',
          r: '\r',
          t: '\t',
          b: '\b',
          f: '\f',
          v: '\v',
          '0': '\0',
        };
        if (esc === '\n' || esc === '\r\n' || esc === '\r') return '';
        return simple[esc] ?? esc;
      },
    );
  };

  /** Skips a template literal's text from `i` (just after a backtick or a closing `}` of `${`). */
  const skipTemplate = (from: number): number => {
    let i = from;
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') return i + 1;
      else if (c === '$' && source[i + 1] === '{') {
        braces.push('template');
        return i + 2;
      } else i++;
    }
    return n;
  };

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (prev === undefined) return true;
    if (prev.kind === 'punct') return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
    if (prev.kind === 'name') return regexAfterNames.has(prev.value);
    return false;
  };

  /** End of a regex literal starting at `from` (the `/`), or -1 when none closes on this line. */
  const regexEnd = (from: number): number => {
    let i = from + 1;
    let inClass = false;
    while (i < n) {
      const c = source[i];
      if (c === '\n' || c === '\r') return -1;
      if (c === '\\') i += 2;
      else if (c === '[') {
        inClass = true;
        i++;
      } else if (c === ']') {
        inClass = false;
        i++;
      } else if (c === '/' && !inClass) {
        i++;
        while (i < n && isIdPart(source[i] ?? '')) i++;
        return i;
      } else i++;
    }
    return -1;
  };

  let i = 0;
  while (i < n) {
    const c = source[i] ?? '';
    const next = source[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
    } else if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? n : end;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === '#' && next === '!' && i === 0) {
      const end = source.indexOf('\n');
      i = end === -1 ? n : end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', value: decodeString(source.slice(i + 1, j)), start: i, end: j + 1 });
      i = j + 1;
    } else if (c === '`') {
      const end = skipTemplate(i + 1);
      tokens.push({ kind: 'other', value: 'template', start: i, end });
      i = end;
    } else if (c === '{') {
      braces.push('brace');
      tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
    } else if (c === '}') {
      const kind = braces.pop();
      if (kind === 'template') {
        const end = skipTemplate(i + 1);
        tokens.push({ kind: 'other', value: 'template', start: i, end });
        i = end;
      } else {
        tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
        i++;
      }
    } else if (c === '/') {
      const end = regexAllowed() ? regexEnd(i) : -1;
      if (end === -1) {
        tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
        i++;
      } else {
        tokens.push({ kind: 'other', value: 'regex', start: i, end });
        i = end;
      }
    } else if (isIdStart(c) || (c === '\\' && next === 'u')) {
      let j = i + 1;
      while (j < n && (isIdPart(source[j] ?? '') || source[j] === '\\')) j++;
      tokens.push({ kind: 'name', value: source.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(source[j] ?? '')) j++;
      tokens.push({ kind: 'other', value: 'number', start: i, end: j });
      i = j;
    } else if (c === '.' && next === '.' && source[i + 2] === '.') {
      tokens.push({ kind: 'punct', value: '...', start: i, end: i + 3 });
      i += 3;
    } else if (c === '?' && next === '.' && !/[0-9]/.test(source[i + 2] ?? '')) {
      tokens.push({ kind: 'punct', value: '?.', start: i, end: i + 2 });
      i += 2;
    } else {
      tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }

  const sites: ImportSite[] = [];
  const at = (k: number): Token | undefined => tokens[k];
  const isPunct = (t: Token | undefined, value: string) =>
    t !== undefined && t.kind === 'punct' && t.value === value;
  const isName = (t: Token | undefined, value: string) =>
    t !== undefined && t.kind === 'name' && t.value === value;
  /**
   * The names a clause (tokens `from` to `to`, exclusive) imports: a default binding, and each
   * `name` or `name as alias` between braces (the name, not the alias); none for `* as ns`.
   */
  const clauseNames = (from: number, to: number): ImportedName[] => {
    const names: ImportedName[] = [];
    let inBraces = false;
    for (let j = from; j < to; j++) {
      const t = at(j);
      if (t === undefined) break;
      if (isPunct(t, '{')) inBraces = true;
      else if (isPunct(t, '}')) inBraces = false;
      else if (inBraces && (t.kind === 'name' || t.kind === 'string') && !isName(at(j - 1), 'as')) {
        if (!isName(t, 'as')) names.push({ name: t.value, start: t.start });
      } else if (!inBraces && t.kind === 'name' && !isPunct(at(j - 1), '*') && !isName(at(j - 1), 'as')) {
        if (!isName(t, 'as')) names.push({ name: 'default', start: t.start });
      }
    }
    return names;
  };
  const push = (statement: number, k: number, spec: number) => {
    const t = tokens[spec];
    if (t === undefined) return;
    sites.push({
      dynamic: false,
      specifier: t.value,
      start: t.start,
      end: t.end,
      statement: tokens[k]?.start ?? t.start,
      names: clauseNames(statement, spec - 1),
    });
  };

  /** From token k, the index of the string after the first `from` name (before a `;`), for `import`/`export` clauses. */
  const findFrom = (k: number): number | undefined => {
    for (let j = k; j < tokens.length && j < k + 4096; j++) {
      const t = at(j);
      if (t === undefined || isPunct(t, ';')) return undefined;
      const after = at(j + 1);
      if (isName(t, 'from') && after?.kind === 'string') return j + 1;
      if (isName(t, 'import') || isName(t, 'export')) return undefined;
    }
    return undefined;
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'name') continue;
    const prev = at(k - 1);
    if (isPunct(prev, '.') || isPunct(prev, '?.')) continue; // a property named import/export
    const next = at(k + 1);
    if (t.value === 'import') {
      if (next !== undefined && isPunct(next, '(')) {
        const arg = at(k + 2);
        const close = at(k + 3);
        const literal = arg?.kind === 'string' && (isPunct(close, ')') || isPunct(close, ','));
        sites.push({
          dynamic: true,
          specifier: literal ? arg.value : undefined,
          start: t.start,
          end: next.end,
          statement: t.start,
          literal: literal ? { start: arg.start, end: arg.end } : undefined,
        });
      } else if (next?.kind === 'string') {
        push(k + 1, k, k + 1);
      } else if (
        isPunct(next, '{') ||
        isPunct(next, '*') ||
        (next?.kind === 'name' && !isPunct(at(k + 2), ':'))
      ) {
        const spec = findFrom(k + 1);
        if (spec !== undefined) push(k + 1, k, spec);
      }
    } else if (t.value === 'export' && (isPunct(next, '{') || isPunct(next, '*'))) {
      let j = k + 1;
      if (isPunct(next, '{')) {
        while (j < tokens.length && !isPunct(at(j), '}')) j++;
        if (isName(at(j + 1), 'from') && at(j + 2)?.kind === 'string') push(k + 1, k, j + 2);
      } else {
        const spec = findFrom(j);
        if (spec !== undefined) push(k + 1, k, spec);
      }
    }
  }
  return sites;
}
