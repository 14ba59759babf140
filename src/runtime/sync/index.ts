/**
 * gort/sync: Go's sync package (WaitGroup with Go 1.25's `go`, Mutex, RWMutex, Once, Cond).
 * Waiting operations return promises to `await`; misuse panics or fails with Go's texts.
 *
 * @module gort/sync
 */
export { Cond } from './cond.ts';
export { Mutex, type Locker } from './mutex.ts';
export { Once } from './once.ts';
export { RWMutex } from './rw-mutex.ts';
export { WaitGroup } from './wait-group.ts';
