/**
 * The live side of a room: who listens to its changes. The store writes a change; the server then
 * hands it to `publish`, which passes it to every listener of that room whose filter accepts it.
 *
 * Invariant: a listener sees changes in `seq` order with no gap, provided it subscribes in the same
 * synchronous step as it reads its starting point from the store (node:sqlite is synchronous, so
 * no write can come between the two).
 */
import type { Change, ChangeKind } from './store.ts';

export interface Listener {
  /** The kinds this listener wants; undefined for all. */
  readonly kinds: ReadonlySet<ChangeKind> | undefined;
  send(change: Change): void;
}

export class RoomHub {
  readonly #rooms = new Map<number, Set<Listener>>();

  subscribe(roomId: number, listener: Listener): () => void {
    const listeners = this.#rooms.get(roomId) ?? new Set<Listener>();
    this.#rooms.set(roomId, listeners);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#rooms.delete(roomId);
    };
  }

  publish(roomId: number, change: Change | undefined): void {
    if (change === undefined) return;
    for (const listener of this.#rooms.get(roomId) ?? []) {
      if (listener.kinds === undefined || listener.kinds.has(change.kind)) listener.send(change);
    }
  }

  /** How many listeners the room has (for tests and the bench). */
  listeners(roomId: number): number {
    return this.#rooms.get(roomId)?.size ?? 0;
  }
}
