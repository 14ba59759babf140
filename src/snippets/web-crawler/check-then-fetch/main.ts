import { main } from 'gort';
import {
  Mutex,
  WaitGroup,
} from 'gort/sync';
import * as time from 'gort/time';

const mu = new Mutex();
const seen = new Set<string>(); // guarded by mu

async function fetch(url: string) {
  console.log('fetching', url);
  await time.sleep(10 * time.Millisecond);
}

// visitRacy checks, fetches, then marks.
// Each step holds the lock; the check and
// the mark are still two steps.
async function visitRacy(url: string) {
  await mu.lock();
  const known = seen.has(url);
  mu.unlock();
  if (known) return;
  await fetch(url);
  await mu.lock();
  seen.add(url);
  mu.unlock();
}

// visitOnce checks and marks in one
// critical section, then fetches.
async function visitOnce(url: string) {
  await mu.lock();
  const claimed = !seen.has(url);
  seen.add(url);
  mu.unlock();
  if (claimed) await fetch(url);
}

main(async () => {
  const wg = new WaitGroup();
  // Two pages both link to /a.
  wg.go(() => visitRacy('/a'));
  wg.go(() => visitRacy('/a'));
  await wg.wait();
  wg.go(() => visitOnce('/b'));
  wg.go(() => visitOnce('/b'));
  await wg.wait();
});
