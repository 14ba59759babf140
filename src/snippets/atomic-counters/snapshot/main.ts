import { main } from 'gort';
import {
  Mutex,
  WaitGroup,
} from 'gort/sync';
import * as time from 'gort/time';

// Latency is read as a whole: the mean is sum / count, so
// nobody may see count updated without sum.
class Latency {
  readonly mu = new Mutex();
  count = 0;
  sum: time.Duration = 0;
  max: time.Duration = 0;

  async observe(d: time.Duration) {
    await this.mu.lock();
    try {
      this.count++;
      this.sum += d;
      this.max = Math.max(this.max, d);
    } finally {
      this.mu.unlock();
    }
  }

  // report reads all three under the same lock.
  async report(): Promise<string> {
    await this.mu.lock();
    try {
      const mean = this.sum / this.count;
      return `requests: ${this.count}, mean: ${time.formatDuration(mean)}, max: ${time.formatDuration(this.max)}`;
    } finally {
      this.mu.unlock();
    }
  }
}

main(async () => {
  const lat = new Latency();
  const wg = new WaitGroup();
  for (const ms of [12, 30, 18]) {
    wg.go(() =>
      lat.observe(ms * time.Millisecond),
    );
  }
  await wg.wait();
  console.log(await lat.report());
});
