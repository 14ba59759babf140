/**
 * Finds calls into the lab packages (`gort`, `gomesh`) whose promise is dropped: a statement that is
 * only the call, like `wg.wait();` or `ping.send(1);`, with no `await`, `return`, `void` or use of
 * the result. Such a program runs on without waiting (a WaitGroup that waits for nothing, a receive
 * that yields a Promise instead of the value); nothing in TypeScript flags it. The rule is
 * typescript-eslint's no-floating-promises narrowed to our packages.
 *
 * Runs inside Monaco's TypeScript worker (lab-ts.worker.ts) on the worker's own program, so it sees
 * the types the editor sees. Invariants: a call is reported only when the type checker resolves its
 * signature to a declaration in the packages' declaration files (`/node_modules/gort/` or
 * `/node_modules/gomesh/`), never by its name, and only when its type has a callable `then`.
 * Returns positions and the call's text; the UI words the message.
 */
import type * as TS from 'typescript';

export interface FloatingPromise {
  /** Offset of the call in the file, and its length. */
  readonly start: number;
  readonly length: number;
  /** The callee as written (`wg.wait`), for the message. */
  readonly callee: string;
}

const PACKAGE_FILE = /\/node_modules\/(?:gort|gomesh)\//;

export function findFloatingPromises(
  ts: typeof TS,
  program: TS.Program,
  fileName: string,
): FloatingPromise[] {
  const source = program.getSourceFile(fileName);
  if (!source) return [];
  const checker = program.getTypeChecker();
  const found: FloatingPromise[] = [];

  const isPackagePromise = (call: TS.CallExpression): boolean => {
    const declaration = checker.getResolvedSignature(call)?.getDeclaration();
    if (!declaration || !PACKAGE_FILE.test(declaration.getSourceFile().fileName)) return false;
    const then = checker.getTypeAtLocation(call).getProperty('then');
    return then !== undefined && checker.getTypeOfSymbolAtLocation(then, call).getCallSignatures().length > 0;
  };

  const visit = (node: TS.Node): void => {
    if (ts.isExpressionStatement(node)) {
      let expression = node.expression;
      while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
      if (ts.isCallExpression(expression) && isPackagePromise(expression)) {
        found.push({
          start: expression.getStart(source),
          length: expression.getWidth(source),
          callee: expression.expression.getText(source),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
