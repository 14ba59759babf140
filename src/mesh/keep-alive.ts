/**
 * The one place the mesh talks to the runtime's deadlock detector.
 *
 * A goroutine parked on a channel may be woken by a request that has not arrived yet, so while a
 * server listens or a request is pending the program is not deadlocked. The runtime is imported by
 * its bare name so every lab package shares one runtime instance.
 */
import { keepAlive } from 'gort';

export function hold(reason: string): () => void {
  return keepAlive(reason);
}
