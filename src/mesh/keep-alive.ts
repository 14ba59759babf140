/**
 * The one place the mesh talks to the runtime's deadlock detector.
 *
 * A goroutine parked on a channel may be woken by a request that has not arrived yet, so while a
 * server listens or a request is pending the program is not deadlocked: `hold`, and for a server
 * waiting for connections `holdListener` (while only those are held and nothing runs, the program
 * is only serving: the runtime's `serving()`, where the lab host ends an export's run). On the
 * virtual clock, bytes that are really on their way (transport/wire.ts) or real work the mesh is
 * doing for a request (an HMAC in Web Crypto) also stop time from jumping past them: `holdClock`.
 * The runtime is imported by its bare name so every lab package shares one runtime instance.
 */
import { keepAlive } from 'gort';

export function hold(reason: string): () => void {
  return keepAlive(reason);
}

export function holdListener(reason: string): () => void {
  return keepAlive(reason, { listener: true });
}

export function holdClock(reason: string): () => void {
  return keepAlive(reason, { holdsClock: true });
}
