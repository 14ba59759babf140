/**
 * `util.format` and a smaller `util.inspect` for the sandbox's console, written to print what Node
 * prints for the values lab programs log: primitives, plain objects and arrays (Node's 80-column
 * line breaking, its grouping of long arrays into columns, depth 2, `<ref *1>`/`[Circular *1]`),
 * class instances, Map/Set, typed arrays, Date, RegExp, Error (its stack), functions and classes,
 * symbols, getters; `%o` shows non-enumerable properties of objects and arrays (not the extra
 * function and typed-array internals Node adds). tests/lab/browser-console-format.test.ts compares
 * it with node:util itself.
 *
 * Invariant: self-contained (shipped into the worker as source text), no colors, and it never
 * throws on a value: a throwing getter or toString is shown, not propagated.
 */

export interface ConsoleFormatter {
  /** `util.format(...args)`. */
  format(args: readonly unknown[]): string;
  /** `util.inspect(value)` with Node's defaults (depth 2, breakLength 80, compact 3). */
  inspect(value: unknown, depth?: number): string;
}

export function createConsoleFormatter(): ConsoleFormatter {
  const BREAK_LENGTH = 80;
  const COMPACT = 3;
  const MAX_ARRAY = 100;
  const MAX_STRING = 10000;

  interface Ctx {
    depth: number;
    /** `%o`: non-enumerable own properties too, shown as `[key]`. */
    showHidden: boolean;
    seen: object[];
    circular: Map<object, number>;
    indentationLvl: number;
    currentDepth: number;
  }

  const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

  const quote = (s: string): string => {
    let q = "'";
    if (s.includes("'")) {
      if (!s.includes('"')) q = '"';
      else if (!s.includes('`') && !s.includes('${')) q = '`';
    }
    let out = '';
    for (const ch of s) {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === q || ch === '\\') out += `\\${ch}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (ch === '\v') out += '\\v';
      else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
      else out += ch;
    }
    return q + out + q;
  };

  const formatNumber = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

  const formatPrimitive = (value: unknown): string | undefined => {
    switch (typeof value) {
      case 'string':
        return value.length > MAX_STRING
          ? `${quote(value.slice(0, MAX_STRING))}... ${value.length - MAX_STRING} more characters`
          : quote(value);
      case 'number':
        return formatNumber(value);
      case 'bigint':
        return `${value}n`;
      case 'boolean':
        return String(value);
      case 'undefined':
        return 'undefined';
      case 'symbol':
        return value.toString();
      default:
        return value === null ? 'null' : undefined;
    }
  };

  const constructorName = (obj: object): string | null => {
    let proto: object | null = obj;
    while (proto !== null) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
      const ctor: unknown = descriptor?.value;
      if (
        typeof ctor === 'function' &&
        typeof (ctor as { name?: unknown }).name === 'string' &&
        ctor.name !== ''
      ) {
        return ctor.name;
      }
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    return null;
  };

  const functionBase = (fn: (...args: never[]) => unknown): string => {
    let source: string;
    try {
      source = Function.prototype.toString.call(fn);
    } catch {
      source = '';
    }
    if (source.startsWith('class') && /^class\s*[\s{A-Za-z_$]/.test(source)) {
      const superClass = Object.getPrototypeOf(fn) as { name?: string } | null;
      const extendsPart = superClass && superClass.name ? ` extends ${superClass.name}` : '';
      return `[class ${fn.name === '' ? '(anonymous)' : fn.name}${extendsPart}]`;
    }
    const tag = (fn as unknown as { [Symbol.toStringTag]?: string })[Symbol.toStringTag];
    const kind = typeof tag === 'string' && tag.endsWith('Function') ? tag : 'Function';
    return fn.name === '' ? `[${kind} (anonymous)]` : `[${kind}: ${fn.name}]`;
  };

  const errorText = (err: Error, ctx: Ctx): string => {
    let stack: string;
    try {
      stack = typeof err.stack === 'string' && err.stack !== '' ? err.stack : '';
    } catch {
      stack = '';
    }
    const name = err.name || 'Error';
    const head = err.message ? `${name}: ${err.message}` : name;
    let text =
      stack !== '' && stack.includes(head.split('\n')[0] ?? head)
        ? stack
        : stack !== ''
          ? `${head}\n${stack.split('\n').slice(1).join('\n')}`
          : `[${head}]`;
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (ctx.indentationLvl !== 0) {
      const indent = ' '.repeat(ctx.indentationLvl);
      text = text.split('\n').join(`\n${indent}`);
    }
    return text;
  };

  const isBelowBreakLength = (output: string[], start: number, base: string): boolean => {
    let total = output.length + start;
    if (total + output.length > BREAK_LENGTH) return false;
    for (const entry of output) {
      total += entry.length;
      if (total > BREAK_LENGTH) return false;
    }
    return base === '' || !base.includes('\n');
  };

  const groupArrayElements = (
    ctx: Ctx,
    output: string[],
    value: readonly unknown[] | undefined,
  ): string[] => {
    let totalLength = 0;
    let maxLength = 0;
    let outputLength = output.length;
    if (value !== undefined && value.length > MAX_ARRAY && outputLength > MAX_ARRAY) outputLength--;
    const separatorSpace = 2;
    const dataLen: number[] = [];
    for (let i = 0; i < outputLength; i++) {
      const len = (output[i] ?? '').length;
      dataLen.push(len);
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (
      actualMax * 3 + ctx.indentationLvl < BREAK_LENGTH &&
      (totalLength / actualMax > 5 || maxLength <= 6)
    ) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((BREAK_LENGTH - ctx.indentationLvl) / actualMax),
        COMPACT * 4,
        15,
      );
      if (columns <= 1) return output;
      const maxLineLength: number[] = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < outputLength; j += columns) lineLength = Math.max(lineLength, dataLen[j] ?? 0);
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = value !== undefined;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      const grouped: string[] = [];
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let line = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j] ?? ''}, `;
          const width = maxLineLength[j - i] ?? 0;
          line += padStart ? cell.padStart(width, ' ') : cell.padEnd(width, ' ');
        }
        if (padStart) line += (output[j] ?? '').padStart((maxLineLength[j - i] ?? 0) - separatorSpace, ' ');
        else line += output[j] ?? '';
        grouped.push(line);
      }
      if (outputLength < output.length) grouped.push(output[outputLength] ?? '');
      return grouped;
    }
    return output;
  };

  const reduceToSingleString = (
    ctx: Ctx,
    output: string[],
    base: string,
    braces: [string, string],
    isArrayLike: boolean,
    recurseTimes: number,
    value: readonly unknown[] | undefined,
  ): string => {
    const entries = output.length;
    let out = output;
    if (isArrayLike && entries > 6) out = groupArrayElements(ctx, output, value);
    if (ctx.currentDepth - recurseTimes < COMPACT && entries === out.length) {
      const start = out.length + ctx.indentationLvl + braces[0].length + base.length + 10;
      if (isBelowBreakLength(out, start, base)) {
        const joined = out.join(', ');
        if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${out.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  };

  const formatKey = (key: string | symbol, hidden: boolean): string => {
    if (typeof key === 'symbol') return `[${key.toString()}]`;
    if (hidden) return `[${key}]`;
    return identifier.test(key) ? key : quote(key);
  };

  const formatProperty = (
    ctx: Ctx,
    obj: object,
    key: string | symbol,
    recurseTimes: number,
    arrayItem: boolean,
  ): string => {
    const descriptor = Object.getOwnPropertyDescriptor(obj, key);
    let valueText: string;
    if (descriptor !== undefined && descriptor.value === undefined && (descriptor.get || descriptor.set)) {
      valueText = descriptor.get ? (descriptor.set ? '[Getter/Setter]' : '[Getter]') : '[Setter]';
    } else {
      ctx.indentationLvl += 2;
      valueText = formatValue(ctx, descriptor?.value, recurseTimes);
      ctx.indentationLvl -= 2;
    }
    return arrayItem ? valueText : `${formatKey(key, descriptor?.enumerable === false)}: ${valueText}`;
  };

  const formatValue = (ctx: Ctx, value: unknown, recurseTimes: number): string => {
    const primitive = formatPrimitive(value);
    if (primitive !== undefined) return primitive;
    const obj = value as object;
    if (ctx.seen.includes(obj)) {
      let index = ctx.circular.get(obj);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(obj, index);
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, obj, recurseTimes);
  };

  const formatRaw = (ctx: Ctx, obj: object, recurseTimes: number): string => {
    let keys: Array<string | symbol>;
    const ownKeys = (skip: (key: string) => boolean) => {
      const names = (ctx.showHidden ? Object.getOwnPropertyNames(obj) : Object.keys(obj)).filter(
        (k) => !skip(k),
      );
      const symbols = Object.getOwnPropertySymbols(obj).filter(
        (s) => Object.getOwnPropertyDescriptor(obj, s)?.enumerable === true,
      );
      return [...names, ...symbols];
    };
    const name = constructorName(obj);
    const tag = (obj as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
    const prefixFor = (fallback: string, size: string) => {
      const shown = name ?? `[${fallback}: null prototype]`;
      const tagPart = typeof tag === 'string' && tag !== '' && tag !== shown ? ` [${tag}]` : '';
      return `${shown}${size}${tagPart} `;
    };
    let braces: [string, string] = ['{', '}'];
    let base = '';
    let isArrayLike = false;
    let arrayValue: readonly unknown[] | undefined;
    let formatter: (depth: number) => string[] = () => [];
    const isIndex = (k: string) => /^(0|[1-9][0-9]*)$/.test(k);

    if (Array.isArray(obj) || (ArrayBuffer.isView(obj) && !(obj instanceof DataView))) {
      const list = obj as unknown as readonly unknown[];
      isArrayLike = true;
      arrayValue = list;
      const typed = !Array.isArray(obj);
      const prefix =
        typed || name !== 'Array' ? prefixFor(typed ? 'TypedArray' : 'Array', `(${list.length})`) : '';
      keys = ownKeys(isIndex).filter((k) => !(typed && k === 'length'));
      braces = [`${prefix}[`, ']'];
      formatter = (depth) => {
        const out: string[] = [];
        const shown = Math.min(list.length, MAX_ARRAY);
        let holes = 0;
        const flushHoles = () => {
          if (holes > 0) out.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
          holes = 0;
        };
        for (let i = 0; i < shown; i++) {
          if (!typed && !Object.prototype.hasOwnProperty.call(list, i)) {
            holes++;
            continue;
          }
          flushHoles();
          out.push(
            typed ? formatValue(ctx, list[i], depth) : formatProperty(ctx, obj, String(i), depth, true),
          );
        }
        flushHoles();
        if (list.length > shown) {
          const more = list.length - shown;
          out.push(`... ${more} more item${more > 1 ? 's' : ''}`);
        }
        return out;
      };
      if (list.length === 0 && keys.length === 0) return `${braces[0]}]`;
    } else if (obj instanceof Map) {
      keys = ownKeys(() => false);
      braces = [`${prefixFor('Map', `(${obj.size})`)}{`, '}'];
      formatter = (depth) => {
        const out: string[] = [];
        ctx.indentationLvl += 2;
        for (const [k, v] of obj) out.push(`${formatValue(ctx, k, depth)} => ${formatValue(ctx, v, depth)}`);
        ctx.indentationLvl -= 2;
        return out;
      };
      if (obj.size === 0 && keys.length === 0) return `${braces[0]}}`;
    } else if (obj instanceof Set) {
      keys = ownKeys(() => false);
      braces = [`${prefixFor('Set', `(${obj.size})`)}{`, '}'];
      formatter = (depth) => {
        const out: string[] = [];
        ctx.indentationLvl += 2;
        for (const v of obj) out.push(formatValue(ctx, v, depth));
        ctx.indentationLvl -= 2;
        return out;
      };
      if (obj.size === 0 && keys.length === 0) return `${braces[0]}}`;
    } else {
      keys = ownKeys(() => false);
      if (typeof obj === 'function') {
        base = functionBase(obj as (...args: never[]) => unknown);
        keys = keys.filter((k) => k !== 'prototype');
        if (keys.length === 0) return base;
      } else if (obj instanceof RegExp) {
        base = RegExp.prototype.toString.call(obj);
        if (keys.length === 0) return base;
      } else if (obj instanceof Date) {
        base = Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
        if (keys.length === 0) return base;
      } else if (obj instanceof Error) {
        base = errorText(obj, ctx);
        keys = keys.filter((k) => k !== 'stack' && k !== 'message');
        if (keys.length === 0) return base;
      } else if (obj instanceof Promise) {
        braces = ['Promise {', '}'];
        formatter = () => ['<unknown>'];
      } else if (obj instanceof WeakMap || obj instanceof WeakSet) {
        return `${name ?? 'WeakMap'} { <items unknown> }`;
      } else if (name === 'Object') {
        if (typeof tag === 'string' && tag !== '') braces = [`Object [${tag}] {`, '}'];
        if (keys.length === 0) return `${braces[0]}}`;
      } else {
        braces = [`${prefixFor('Object', '')}{`, '}'];
        if (keys.length === 0) return `${braces[0]}}`;
      }
    }

    if (recurseTimes > ctx.depth) {
      const label = name ?? (Array.isArray(obj) ? 'Array' : 'Object');
      return Array.isArray(obj) ? '[Array]' : `[${label}]`;
    }
    recurseTimes++;
    ctx.seen.push(obj);
    ctx.currentDepth = recurseTimes;
    let output: string[];
    try {
      output = formatter(recurseTimes);
      for (const key of keys) output.push(formatProperty(ctx, obj, key, recurseTimes, false));
    } catch (error) {
      ctx.seen.pop();
      return `[${name ?? 'Object'}: Inspection interrupted prematurely. ${error instanceof Error ? error.message : String(error)}]`;
    }
    ctx.seen.pop();
    const index = ctx.circular.get(obj);
    if (index !== undefined) {
      const reference = `<ref *${index}>`;
      if (base === '') braces[0] = `${reference} ${braces[0]}`;
      else base = `${reference} ${base}`;
    }
    return reduceToSingleString(ctx, output, base, braces, isArrayLike, recurseTimes, arrayValue);
  };

  const inspectWith = (value: unknown, depth: number, showHidden: boolean): string =>
    formatValue(
      { depth, showHidden, seen: [], circular: new Map(), indentationLvl: 0, currentDepth: 0 },
      value,
      0,
    );
  const inspect = (value: unknown, depth = 2): string => inspectWith(value, depth, false);

  const hasOwnToString = (value: object): boolean => {
    let proto: object | null = value;
    while (proto !== null && proto !== Object.prototype && proto !== Array.prototype) {
      if (Object.prototype.hasOwnProperty.call(proto, 'toString')) return !(value instanceof Error);
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    return false;
  };

  const format = (args: readonly unknown[]): string => {
    const first = args[0];
    let a = 0;
    let out = '';
    if (typeof first === 'string' && args.length > 1) {
      a = 1;
      let last = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first[i] !== '%') continue;
        const c = first[i + 1];
        if (c === '%') {
          out += first.slice(last, i) + '%';
          last = i + 2;
          i++;
          continue;
        }
        if (a >= args.length || c === undefined || !'sdifjoOc'.includes(c)) continue;
        const arg = args[a];
        let piece: string;
        switch (c) {
          case 's':
            if (typeof arg === 'bigint') piece = `${arg}n`;
            else if (typeof arg === 'number') piece = formatNumber(arg);
            else if (typeof arg === 'object' && arg !== null && !hasOwnToString(arg)) piece = inspect(arg, 0);
            else piece = String(arg);
            break;
          case 'd':
            piece =
              typeof arg === 'bigint'
                ? `${arg}n`
                : typeof arg === 'symbol'
                  ? 'NaN'
                  : formatNumber(Number(arg));
            break;
          case 'i':
            piece =
              typeof arg === 'bigint'
                ? `${arg}n`
                : typeof arg === 'symbol'
                  ? 'NaN'
                  : formatNumber(parseInt(String(arg), 10));
            break;
          case 'f':
            piece = typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(String(arg)));
            break;
          case 'j':
            try {
              piece = JSON.stringify(arg) ?? 'undefined';
            } catch {
              piece = '[Circular]';
            }
            break;
          case 'o':
            piece = inspectWith(arg, 4, true);
            break;
          case 'O':
            piece = inspect(arg);
            break;
          default:
            piece = '';
        }
        out += first.slice(last, i) + piece;
        last = i + 2;
        i++;
        a++;
      }
      out += first.slice(last);
    }
    for (; a < args.length; a++) {
      const arg = args[a];
      const text = typeof arg === 'string' ? arg : inspect(arg);
      out += out === '' && a === 0 ? text : ` ${text}`;
    }
    return out;
  };

  return { format, inspect };
}
