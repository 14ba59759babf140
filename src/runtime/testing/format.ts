/**
 * How `console.log(...)` arguments become text while `runProgram` captures a program's output.
 * In Node (and a WebContainer) this is Node's own `util.format`, reached through
 * `process.getBuiltinModule` so the runtime still imports no `node:*` module; elsewhere a small
 * formatter covers what lessons print (strings, numbers, arrays, plain objects, Maps, Sets, errors).
 */

type Format = (...args: unknown[]) => string;

interface ProcessWithBuiltins {
  getBuiltinModule?: (id: string) => unknown;
}

function nodeFormat(): Format | null {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const util = proc?.getBuiltinModule?.('node:util') as { format?: Format } | undefined;
  return typeof util?.format === 'function' ? util.format : null;
}

function inspect(v: unknown, depth: number, seen: Set<object>): string {
  switch (typeof v) {
    case 'string':
      return depth === 0 ? v : `'${v}'`;
    case 'bigint':
      return `${v}n`;
    case 'function':
      return `[Function: ${v.name || '(anonymous)'}]`;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v === null) return 'null';
  if (seen.has(v)) return '[Circular]';
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (v instanceof Date) return v.toISOString();
  if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.add(v);
  try {
    const inner = (x: unknown): string => inspect(x, depth + 1, seen);
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(inner).join(', ')} ]`;
    if (v instanceof Map) {
      const parts = [...v].map(([k, x]) => `${inner(k)} => ${inner(x)}`);
      return `Map(${v.size}) {${parts.length === 0 ? '' : ` ${parts.join(', ')} `}}`;
    }
    if (v instanceof Set) {
      const parts = [...v].map(inner);
      return `Set(${v.size}) {${parts.length === 0 ? '' : ` ${parts.join(', ')} `}}`;
    }
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    const cls = proto === null || proto === Object.prototype ? '' : `${proto.constructor?.name ?? ''} `;
    const entries = Object.entries(v).map(
      ([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${inner(x)}`,
    );
    return `${cls}${entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`}`;
  } finally {
    seen.delete(v);
  }
}

function fallbackFormat(...args: unknown[]): string {
  let out = '';
  let rest = args;
  const first = args[0];
  if (typeof first === 'string' && first.includes('%')) {
    let i = 1;
    out = first.replace(/%([sdifjoOc%])/g, (m, c: string) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (c) {
        case 's':
          return typeof a === 'string' ? a : inspect(a, 1, new Set());
        case 'd':
        case 'i':
          return String(c === 'i' ? Math.trunc(Number(a)) : Number(a));
        case 'f':
          return String(Number(a));
        case 'j':
          return JSON.stringify(a);
        case 'c':
          return '';
        default:
          return inspect(a, 1, new Set());
      }
    });
    rest = args.slice(i);
  } else if (args.length > 0) {
    out = inspect(first, 0, new Set());
    rest = args.slice(1);
  }
  for (const a of rest) out += ` ${inspect(a, 0, new Set())}`;
  return out;
}

/** Formats console arguments the way the host's console would. */
export const formatArgs: Format = nodeFormat() ?? fallbackFormat;
