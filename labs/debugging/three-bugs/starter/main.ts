import { chan, go, main, recv, select } from 'gort';
import { Mutex, WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

// ---- Given: leave this part as it is. ----

// The metrics feed: every change to the hit count is
// reported here. It has room for every report, so a send
// never waits; but it is an await, and at every await Go
// may run another goroutine.
const metrics = chan<string>(100, '');

class Stats {
  hits = 0;
  readonly mu = new Mutex(); // guards hits
}

class Account {
  readonly mu = new Mutex(); // guards credits
  constructor(
    readonly id: number,
    public credits: number,
  ) {}
}

// lookup asks the user service; every fourth user is
// slow (80ms) and misses the handler's 50ms deadline.
async function lookup(user: number): Promise<string> {
  const slow = user % 4 === 3;
  await time.sleep((slow ? 80 : 10) * time.Millisecond);
  return `user ${user}`;
}

// ---- Yours: three bugs are planted below. ----

// count adds one hit. (A lost update: another handler may
// run at the await, between the read and the write.)
async function count(stats: Stats): Promise<void> {
  const n = stats.hits;
  await metrics.send(`hits: ${n} -> ${n + 1}`);
  stats.hits = n + 1;
}

// fetchUser waits at most 50ms for the lookup. (A leak:
// after the deadline nobody receives from reply, and a
// late lookup waits on its send for ever.)
async function fetchUser(user: number): Promise<string> {
  const reply = chan<string>(0, '');
  go(async () => {
    await reply.send(await lookup(user));
  });
  const r = await select({
    reply: recv(reply),
    timeout: recv(time.after(50 * time.Millisecond)),
  });
  return r.case === 'reply' ? r.value : 'timeout';
}

// transfer moves n credits. (A deadlock: a transfer a->b
// locks a then b, one b->a locks b then a; each can hold
// one lock and wait for the other.)
async function transfer(
  from: Account,
  to: Account,
  n: number,
): Promise<void> {
  const [first, second] = [from, to];
  await first.mu.lock();
  try {
    await second.mu.lock();
    try {
      from.credits -= n;
      to.credits += n;
    } finally {
      second.mu.unlock();
    }
  } finally {
    first.mu.unlock();
  }
}

// handle serves request i: count it, look the user up,
// and move a credit between a and b, one way for even
// requests and the other way for odd ones.
async function handle(
  i: number,
  stats: Stats,
  a: Account,
  b: Account,
): Promise<boolean> {
  await count(stats);
  const user = await fetchUser(i);
  if (i % 2 === 0) await transfer(a, b, 1);
  else await transfer(b, a, 1);
  return user !== 'timeout';
}

main(async () => {
  const requests = 8;
  const stats = new Stats();
  const a = new Account(1, 10);
  const b = new Account(2, 10);
  const wg = new WaitGroup();
  let answered = 0;
  for (let i = 0; i < requests; i++) {
    wg.go(async () => {
      if (await handle(i, stats, a, b)) answered++;
    });
  }
  await wg.wait();
  console.log(
    `served ${requests} requests, ${answered} answered in time`,
  );
  console.log(`hits: ${stats.hits}`);
  console.log(`credits: a ${a.credits}, b ${b.credits}`);
  // A server lives on after its requests: here, one more
  // second, in which a late lookup has time to answer.
  await time.sleep(time.Second);
});
