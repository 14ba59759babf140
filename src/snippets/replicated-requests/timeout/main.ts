import {
  chan,
  go,
  main,
  recv,
  select,
} from 'gort';
import * as time from 'gort/time';

type Result = string;
type Search = (
  query: string,
) => Promise<Result>;

// A seeded random source (Park and Miller's minimal
// standard), so that every run draws the same
// latencies. Pike used rand.Intn(100).
class Source {
  constructor(private state: number) {}
  intn(n: number): number {
    this.state =
      (this.state * 48271) % 2147483647;
    return this.state % n;
  }
}

const latencies = new Source(5);

// fakeSearch draws its latency once, when it is made:
// the same seed gives the same latencies in whatever
// order the searches run.
function fakeSearch(kind: string): Search {
  const latency =
    latencies.intn(100) * time.Millisecond;
  return async (query) => {
    await time.sleep(latency);
    return `${kind} result for "${query}" (${time.formatDuration(latency)})`;
  };
}

const Web = fakeSearch('web');
const Image = fakeSearch('image');
const Video = fakeSearch('video');

// Google 2.1: don't wait for slow servers.
async function Google(query: string) {
  const results: Result[] = [];
  // A slot for every result: a search that answers
  // after the timeout can still send, and its
  // goroutine ends. (Pike's channel is unbuffered,
  // and that goroutine blocks on its send for ever.)
  const c = chan<Result>(3, '');
  go(async () => c.send(await Web(query)));
  go(async () =>
    c.send(await Image(query)),
  );
  go(async () =>
    c.send(await Video(query)),
  );

  const timeout = time.after(
    80 * time.Millisecond,
  );
  for (let i = 0; i < 3; i++) {
    const r = await select({
      result: recv(c),
      timeout: recv(timeout),
    });
    if (r.case === 'timeout') {
      console.log('timed out');
      return results;
    }
    results.push(r.value);
  }
  return results;
}

main(async () => {
  const start = time.now();
  const results = await Google('golang');
  const elapsed = time.since(start);
  for (const r of results) console.log(r);
  console.log(
    'took',
    time.formatDuration(elapsed),
  );
});
