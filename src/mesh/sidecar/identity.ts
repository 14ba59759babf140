/**
 * Service identity that a learner's code in another service cannot forge (Linkerd and Istio get
 * this from mTLS certificates; here, an HMAC-signed header with a per-mesh key).
 *
 * A `Mesh` holds a random, non-extractable HMAC-SHA-256 key created by Web Crypto (available in
 * Node, WebContainers and Web Workers). Sidecars of the mesh sign `x-mesh-identity:
 * v1.<service>.<expiresAt>.<hex signature>` on the way out and verify it on the way in; the
 * verifying sidecar strips the header before the application sees it, so a service never learns a
 * token it could replay. Invariants: the key never leaves the `Mesh` object (there is no getter and
 * the CryptoKey is not extractable); a token verifies only under the mesh that signed it and only
 * before it expires; tokens and verdicts are cached so signing costs one HMAC per service per TTL;
 * expiry is on the program's clock (gort's `epochNow`, virtual or real); the key is the one random
 * thing not drawn from the program's seeded source (a secret must not be replayable from a seed),
 * and it never reaches the output.
 */
import { activeRuntime } from 'gort';
import { BadOptionError, UnauthenticatedError, checkNumber } from '../errors.ts';
import type { Layer } from '../compose.ts';
import { holdClock } from '../keep-alive.ts';

/**
 * The header carrying a signed service identity between sidecars (what mTLS certificates carry in
 * Linkerd and Istio).
 *
 * Go: the peer certificate of a TLS connection (`r.TLS.PeerCertificates`).
 */
export const IDENTITY_HEADER = 'x-mesh-identity';

const SERVICE_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(buf)) s += b.toString(16).padStart(2, '0');
  return s;
}

function unhex(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The options of `createMesh`: trust domain name, key material, token lifetime, clock.
 *
 * Go: a CA's settings (trust domain, key, certificate lifetime).
 */
export interface MeshOptions {
  /** Trust domain name; default `mesh`. */
  name?: string;
  /** Key material (at least 32 bytes); default 32 random bytes. */
  secret?: Uint8Array;
  /** Token lifetime; default 5 minutes. */
  tokenTtlMs?: number;
  /** Wall clock for token expiry (epoch ms); default the program's (gort's `epochNow`). */
  now?: () => number;
}

/**
 * A trust domain: an HMAC key that signs and verifies service identities (`x-mesh-identity`), so a
 * service cannot pretend to be another. Go: the mTLS identity of a Linkerd or Istio mesh
 * (`crypto/tls` client certificates).
 *
 * @throws `BadOptionError` for a secret shorter than 32 bytes or a bad service name.
 *
 * @example
 * ```ts
 * import { createMesh } from 'gomesh/sidecar';
 *
 * const mesh = createMesh({ name: 'shop' });
 * const sign = mesh.signer('orders'); // an outbound layer signing as "orders"
 * ```
 */
export class Mesh {
  readonly name: string;
  readonly #key: Promise<CryptoKey>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #issued = new Map<string, { token: string; refreshAt: number }>();
  readonly #verified = new Map<string, { service: string; expiresAt: number }>();
  readonly #signing = new Map<string, Promise<string>>();

  constructor(options: MeshOptions = {}) {
    this.name = options.name ?? 'mesh';
    this.#ttlMs = checkNumber('tokenTtlMs', options.tokenTtlMs ?? 300_000, 1000);
    if (options.now === undefined) {
      const rt = activeRuntime();
      this.#now = () => Math.floor(rt.epochNow()); // whole ms, as Date.now: tokens carry an integer
    } else this.#now = options.now;
    const secret = options.secret ?? crypto.getRandomValues(new Uint8Array(32));
    if (secret.length < 32)
      throw new BadOptionError(`Expected \`secret\` to have at least 32 bytes, got ${secret.length}`);
    this.#key = crypto.subtle.importKey(
      'raw',
      new Uint8Array(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  #payload(service: string, expiresAt: number): Uint8Array<ArrayBuffer> {
    return encoder.encode(`v1.${this.name}.${service}.${expiresAt}`);
  }

  /** A signed identity token for `service` (cached until it is halfway to expiry). */
  async token(service: string): Promise<string> {
    if (!SERVICE_NAME.test(service))
      throw new BadOptionError(`Expected a service name of letters, digits, "-" or "_", got "${service}"`);
    const now = this.#now();
    const cached = this.#issued.get(service);
    if (cached && now < cached.refreshAt) return cached.token;
    let signing = this.#signing.get(service);
    if (signing === undefined) {
      const expiresAt = now + this.#ttlMs;
      signing = this.#crypto(`signing the identity of "${service}"`, async () => {
        const sig = await crypto.subtle.sign('HMAC', await this.#key, this.#payload(service, expiresAt));
        return `v1.${service}.${expiresAt}.${hex(sig)}`;
      }).then(
        (token) => {
          this.#signing.delete(service);
          this.#issued.set(service, { token, refreshAt: now + this.#ttlMs / 2 });
          return token;
        },
        (e: unknown) => {
          this.#signing.delete(service);
          throw e;
        },
      );
      this.#signing.set(service, signing);
    }
    return signing;
  }

  /**
   * Web Crypto's HMAC is real work off the JavaScript thread: on the virtual clock time must not
   * jump while it runs (the request it belongs to would seem to take longer, or time out), so it
   * holds the clock. Concurrent signings of one service share one, so the requests waiting on it
   * go on in the order they came, whenever the host finishes it.
   */
  async #crypto<T>(what: string, work: () => Promise<T>): Promise<T> {
    const release = holdClock(`mesh "${this.name}": ${what}`);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** The service a token proves, or `UnauthenticatedError` naming `verifier` and the reason. */
  async verify(token: string, verifier: string): Promise<string> {
    const now = this.#now();
    const hit = this.#verified.get(token);
    if (hit) {
      if (now < hit.expiresAt) return hit.service;
      this.#verified.delete(token);
      throw new UnauthenticatedError(verifier, `identity of "${hit.service}" expired`);
    }
    const parts = token.split('.');
    const [version, service, expires, sigHex] = parts;
    if (parts.length !== 4 || version !== 'v1' || service === undefined || !SERVICE_NAME.test(service)) {
      throw new UnauthenticatedError(verifier, 'malformed identity header');
    }
    const expiresAt = Number(expires);
    const sig = unhex(sigHex ?? '');
    if (!Number.isSafeInteger(expiresAt) || sig === undefined) {
      throw new UnauthenticatedError(verifier, 'malformed identity header');
    }
    const ok = await this.#crypto(`verifying an identity of "${service}"`, async () =>
      crypto.subtle.verify('HMAC', await this.#key, sig, this.#payload(service, expiresAt)),
    );
    if (!ok)
      throw new UnauthenticatedError(verifier, `identity "${service}" is not signed by mesh "${this.name}"`);
    if (now >= expiresAt) throw new UnauthenticatedError(verifier, `identity of "${service}" expired`);
    if (this.#verified.size >= 10_000) this.#verified.clear();
    this.#verified.set(token, { service, expiresAt });
    return service;
  }

  /** The service a token proves if it was verified before and has not expired; else undefined. */
  verifiedBefore(token: string): string | undefined {
    const hit = this.#verified.get(token);
    return hit && this.#now() < hit.expiresAt ? hit.service : undefined;
  }

  /** Outbound layer: signs every request with `service`'s identity. */
  signer(service: string): Layer {
    if (!SERVICE_NAME.test(service))
      throw new BadOptionError(`Expected a service name of letters, digits, "-" or "_", got "${service}"`);
    return (next) => (req) => {
      const cached = this.#issued.get(service);
      // Synchronous while the cached token is fresh: no extra promise on the hot path.
      if (cached && this.#now() < cached.refreshAt) {
        req.headers[IDENTITY_HEADER] = cached.token;
        return next(req);
      }
      return this.token(service).then((token) => {
        req.headers[IDENTITY_HEADER] = token;
        return next(req);
      });
    };
  }
}

/**
 * A new `Mesh` (trust domain) with a fresh random key.
 *
 * Go: creating a mesh's trust root (an mTLS CA, `x509.CreateCertificate`).
 *
 * @example
 * ```ts
 * import { createMesh } from 'gomesh/sidecar';
 *
 * const mesh = createMesh();
 * console.log(mesh.name); // mesh
 * ```
 */
export function createMesh(options: MeshOptions = {}): Mesh {
  return new Mesh(options);
}
