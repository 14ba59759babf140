/**
 * Go's wait reasons (and `syscall`, Go's status for a goroutine outside the runtime: here, one
 * awaiting a promise the runtime does not know): what a parked goroutine waits for, printed in the deadlock dump
 * (`goroutine 1 [chan receive]:`). The strings are Go's own (runtime/runtime2.go).
 */
export type WaitReason =
  | 'chan receive'
  | 'chan send'
  | 'chan receive (nil chan)'
  | 'chan send (nil chan)'
  | 'select'
  | 'select (no cases)'
  | 'sync.WaitGroup.Wait'
  | 'sync.Mutex.Lock'
  | 'sync.RWMutex.Lock'
  | 'sync.RWMutex.RLock'
  | 'sync.Cond.Wait'
  | 'sleep'
  | 'runnable'
  | 'syscall';
