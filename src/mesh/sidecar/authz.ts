/**
 * Authorization policy at the receiving sidecar (Istio's AuthorizationPolicy, Linkerd's
 * AuthorizationPolicy/Server).
 *
 * The caller is the service proven by a valid `x-mesh-identity` header (see identity.ts), or
 * anonymous when there is none; a header that is present but not valid is rejected with 401 before
 * any policy runs, so a forged identity can never reach the application. Evaluation order is
 * Istio's: any matching deny rule denies; otherwise, if there are allow rules, one must match;
 * with no policy at all everything is allowed. Invariants: the application never sees
 * `x-mesh-identity`; it sees the verified caller in `x-mesh-caller` (and `meta.caller`), and an
 * incoming `x-mesh-caller` is always discarded, so no caller can set it.
 */
import { DeniedByPolicyError, BadOptionError } from '../errors.ts';
import type { Handler, Layer } from '../compose.ts';
import type { HeaderMap, MeshRequest } from '../message.ts';
import type { MeshEvents } from './events.ts';
import { IDENTITY_HEADER, type Mesh } from './identity.ts';

/**
 * The header in which the receiving sidecar tells the application its verified caller.
 *
 * Go: the verified identity Istio passes on in `x-forwarded-client-cert`.
 */
export const CALLER_HEADER = 'x-mesh-caller';

/**
 * One rule: callers, methods and paths it matches (Istio's `from`, `to.operation`).
 *
 * Go: an Istio `AuthorizationPolicy` rule (`from.source.principals`, `to.operation`).
 */
export interface AuthzRule {
  /** Calling services; `*` means any authenticated caller. Omitted: anyone, even anonymous. */
  from?: string | readonly string[];
  /** HTTP methods; omitted: any. */
  methods?: readonly string[];
  /** Paths: exact, `/prefix/*`, or `*`; omitted: any. */
  paths?: readonly string[];
}

/**
 * Deny and allow rules; any matching deny denies, else an allow must match (when there are allow rules).
 *
 * Go: an Istio `AuthorizationPolicy` (`action: DENY` / `ALLOW`).
 */
export interface AuthzPolicy {
  deny?: readonly AuthzRule[];
  allow?: readonly AuthzRule[];
}

/**
 * The options of `authz`: the protected service, the mesh that verifies identities, the policy.
 *
 * Go: an Istio `AuthorizationPolicy` resource's target and rules.
 */
export interface AuthzOptions {
  /** The service this sidecar protects (named in errors). */
  service: string;
  mesh: Mesh;
  policy?: AuthzPolicy;
  events?: MeshEvents;
}

/**
 * A path pattern decided once at build time: `*` (any path), `/prefix/*`, `*suffix` or an exact
 * path, with the fixed part cut out then, so matching a request allocates nothing.
 */
interface PathPattern {
  kind: 'any' | 'prefix' | 'suffix' | 'exact';
  text: string;
}

function compilePath(pattern: string): PathPattern {
  if (pattern === '*') return { kind: 'any', text: '' };
  if (pattern.endsWith('*')) return { kind: 'prefix', text: pattern.slice(0, -1) };
  if (pattern.startsWith('*')) return { kind: 'suffix', text: pattern.slice(1) };
  return { kind: 'exact', text: pattern };
}

function pathMatches(pattern: PathPattern, path: string): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'prefix':
      return path.startsWith(pattern.text);
    case 'suffix':
      return path.endsWith(pattern.text);
    case 'exact':
      return pattern.text === path;
  }
}

/** A rule with its lists normalized once, so evaluating it per request allocates nothing. */
interface CompiledRule {
  from: readonly string[] | undefined;
  methods: readonly string[] | undefined;
  paths: readonly PathPattern[] | undefined;
}

function compileRule(rule: AuthzRule): CompiledRule {
  return {
    from: typeof rule.from === 'string' ? [rule.from] : rule.from,
    methods: rule.methods?.map((m) => m.toUpperCase()),
    paths: rule.paths?.map(compilePath),
  };
}

function ruleMatches(rule: CompiledRule, caller: string, method: string, path: string): boolean {
  if (rule.from && (caller === '' || !rule.from.some((f) => f === '*' || f === caller))) return false;
  if (rule.methods && !rule.methods.includes(method)) return false;
  if (rule.paths && !rule.paths.some((p) => pathMatches(p, path))) return false;
  return true;
}

/** The index of the first rule matching, or -1 (a loop: no callback allocated per request). */
function firstMatch(rules: readonly CompiledRule[], caller: string, method: string, path: string): number {
  for (let i = 0; i < rules.length; i++)
    if (ruleMatches(rules[i] as CompiledRule, caller, method, path)) return i;
  return -1;
}

/** `headers` without `x-mesh-identity` and `x-mesh-caller`, which only the mesh may set. */
function withoutIdentity(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const k in headers) if (k !== IDENTITY_HEADER && k !== CALLER_HEADER) out[k] = headers[k] as string;
  return out;
}

/**
 * A layer that verifies the caller's identity and applies the policy: a forged identity answers 401
 * (`UnauthenticatedError`), a denied call 403 (`DeniedByPolicyError`, `denied by policy of "orders":
 * web may not DELETE /orders/1 (…)`). Go: an Istio AuthorizationPolicy; in Go code, a middleware
 * checking `r.TLS.PeerCertificates`.
 *
 * @example
 * ```ts
 * import { compose, text } from 'gomesh';
 * import { authz, createMesh } from 'gomesh/sidecar';
 *
 * const mesh = createMesh();
 * const guard = authz({ service: 'orders', mesh, policy: { allow: [{ from: 'web', methods: ['GET'] }] } });
 * const handler = compose(guard)(() => text(200, 'ok'));
 * ```
 */
export function authz(options: AuthzOptions): Layer {
  const { service, mesh, policy, events } = options;
  if (!mesh || typeof mesh.verify !== 'function')
    throw new BadOptionError(`Expected \`mesh\` of "${service}" to be a Mesh from createMesh()`);
  const deny = (policy?.deny ?? []).map(compileRule);
  const allow = policy?.allow?.map(compileRule);
  const refuse = (req: MeshRequest, caller: string, rule: string) => {
    events?.onDenied?.(service, caller);
    const who = caller === '' ? 'anonymous caller' : `"${caller}"`;
    return Promise.reject(new DeniedByPolicyError(service, who, req.method, req.path, rule));
  };
  const decide = (req: MeshRequest, caller: string, next: Handler) => {
    const denyIndex = firstMatch(deny, caller, req.method, req.path);
    if (denyIndex >= 0) return refuse(req, caller, `deny rule #${denyIndex + 1}`);
    if (allow && firstMatch(allow, caller, req.method, req.path) < 0)
      return refuse(req, caller, 'no allow rule matched');
    if (caller !== '') req.headers[CALLER_HEADER] = caller;
    req.meta.caller = caller;
    return next(req);
  };
  return (next) => (incoming) => {
    const token = incoming.headers[IDENTITY_HEADER];
    // The request goes on with a copy of its headers that leaves the two out, rather than with
    // them deleted: a `delete` turns the header map into a slow dictionary, which every later loop
    // over the headers pays for (the transport's among them, twice per request).
    const req =
      token !== undefined || incoming.headers[CALLER_HEADER] !== undefined
        ? incoming.with({ headers: withoutIdentity(incoming.headers) })
        : incoming;
    if (token === undefined) return decide(req, '', next);
    // A token seen before is answered from the cache without a promise; new ones pay one HMAC.
    const known = mesh.verifiedBefore(token);
    if (known !== undefined) return decide(req, known, next);
    return mesh.verify(token, service).then(
      (caller) => decide(req, caller, next),
      (e: unknown) => {
        events?.onDenied?.(service, 'unauthenticated');
        throw e;
      },
    );
  };
}
