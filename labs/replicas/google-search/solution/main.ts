import { chan, go, main, recv, select } from 'gort';
import * as time from 'gort/time';

type Result = string;
type Search = (query: string) => Promise<Result>;

// ---- Given: the check draws the same latencies, so
// leave this part as it is. ----

// A seeded random source (Park and Miller's minimal
// standard). Pike used rand.Intn(100).
class Source {
  constructor(private state: number) {}
  intn(n: number): number {
    this.state = (this.state * 48271) % 2147483647;
    return this.state % n;
  }
}

function fakeSearch(kind: string, latency: number): Search {
  return async (query) => {
    await time.sleep(latency);
    return `${kind} result for "${query}"`;
  };
}

// Two replicas of each server.
interface Servers {
  web: Search[];
  image: Search[];
  video: Search[];
}

// servers makes the six servers of one seed, drawing
// their latencies (0-99ms) in this order: web1, image1,
// video1, web2, image2, video2.
function servers(seed: number): Servers {
  const r = new Source(seed);
  const ms = () => r.intn(100) * time.Millisecond;
  const [web1, image1, video1] = [ms(), ms(), ms()];
  const [web2, image2, video2] = [ms(), ms(), ms()];
  return {
    web: [
      fakeSearch('web1', web1),
      fakeSearch('web2', web2),
    ],
    image: [
      fakeSearch('image1', image1),
      fakeSearch('image2', image2),
    ],
    video: [
      fakeSearch('video1', video1),
      fakeSearch('video2', video2),
    ],
  };
}

// ---- Yours. ----
// First asks every replica and returns the first
// answer. One slot per replica: the losers' sends
// succeed, and they end. (Pike's channel is
// unbuffered: every loser blocks on its send for ever.)
async function First(
  query: string,
  ...replicas: Search[]
): Promise<Result> {
  const c = chan<Result>(replicas.length, '');
  const searchReplica = async (i: number) =>
    c.send(await replicas[i]!(query));
  for (let i = 0; i < replicas.length; i++) {
    go(searchReplica, i);
  }
  return c.recv();
}

// Google 3.0: replicated servers, and still the timeout.
// A slot per kind: a First that answers after the
// timeout can still send, and its goroutine ends.
async function Google(
  query: string,
  s: Servers,
): Promise<Result[]> {
  const results: Result[] = [];
  const c = chan<Result>(3, '');
  go(async () => c.send(await First(query, ...s.web)));
  go(async () => c.send(await First(query, ...s.image)));
  go(async () => c.send(await First(query, ...s.video)));

  const timeout = time.after(80 * time.Millisecond);
  for (let i = 0; i < 3; i++) {
    const r = await select({
      result: recv(c),
      timeout: recv(timeout),
    });
    if (r.case === 'timeout') return results;
    results.push(r.value);
  }
  return results;
}

main(async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const start = time.now();
    const results = await Google('golang', servers(seed));
    const elapsed = time.since(start);
    const names = results.map((r) => r.split(' ')[0]);
    console.log(
      `seed ${seed}: [${names.join(' ')}] in ${time.formatDuration(elapsed)}`,
    );
  }
  // The caller goes on with its work (a server, with
  // its next request): a loser has time to answer.
  await time.sleep(time.Second);
});
