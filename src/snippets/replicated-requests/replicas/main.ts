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

// The first three latencies are 1.0's: replica 2 of
// each is new.
const Web1 = fakeSearch('web1');
const Image1 = fakeSearch('image1');
const Video1 = fakeSearch('video1');
const Web2 = fakeSearch('web2');
const Image2 = fakeSearch('image2');
const Video2 = fakeSearch('video2');

// First asks every replica and returns the first
// answer.
async function First(
  query: string,
  ...replicas: Search[]
): Promise<Result> {
  // One slot per replica: the losers' sends succeed
  // and they end. (Pike's channel is unbuffered:
  // every loser blocks for ever.)
  const c = chan<Result>(
    replicas.length,
    '',
  );
  const searchReplica = async (i: number) =>
    c.send(await replicas[i]!(query));
  for (
    let i = 0;
    i < replicas.length;
    i++
  ) {
    go(searchReplica, i);
  }
  return c.recv();
}

// Google 3.0: replicated servers, and still the
// timeout.
async function Google(query: string) {
  const results: Result[] = [];
  const c = chan<Result>(3, '');
  go(async () =>
    c.send(await First(query, Web1, Web2)),
  );
  go(async () =>
    c.send(
      await First(query, Image1, Image2),
    ),
  );
  go(async () =>
    c.send(
      await First(query, Video1, Video2),
    ),
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
  // Stay on while the losing replicas finish.
  await time.sleep(100 * time.Millisecond);
});
