// charge sends one charge twice, as orders'
// sidecar does when a per-try timeout cuts
// off the first try: the retry reaches
// payments while the first try is still at
// the bank. Three payments handlers take it.
import {
  chan,
  main,
  recv,
  select,
  type Chan,
} from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

interface Charge {
  id: string;
  order: string;
  cents: number;
}

let start = time.now();

function logf(text: string) {
  const ms = Math.round(time.since(start));
  console.log(
    `${String(ms).padStart(4)}ms  ${text}`,
  );
}

// payments keeps the ledger; the bank is
// slow on the first call.
class Payments {
  ledger: Charge[] = [];
  calls = 0;

  async bank(order: string, cents: number) {
    const slow = ++this.calls === 1;
    logf(
      `payments: charging ${order} at the bank`,
    );
    await time.sleep(
      (slow ? 150 : 30) * time.Millisecond,
    );
    const c: Charge = {
      id: `ch-${this.ledger.length + 1}`,
      order,
      cents,
    };
    this.ledger.push(c);
    logf(
      `payments: charged ${order} ${cents} ` +
        `(${c.id})`,
    );
    return c;
  }
}

// What payments does with POST /charges.
type Handler = (
  key: string,
  order: string,
  cents: number,
) => Promise<Charge>;

function noKey(p: Payments): Handler {
  return (_key, order, cents) =>
    p.bank(order, cents);
}

// storedAfter checks the key, calls the bank,
// then stores the key: no lock is needed on
// one thread, and the await still lets the
// other try in between.
function storedAfter(p: Payments): Handler {
  const seen = new Map<string, Charge>();
  return async (key, order, cents) => {
    const first = seen.get(key);
    if (first !== undefined) return first;
    const c = await p.bank(order, cents);
    seen.set(key, c);
    return c;
  };
}

interface Claim {
  done: Chan<void, void>; // closed when set
  charge?: Charge;
}

// claimedFirst claims the key before the
// bank is called; a duplicate waits for the
// first try's charge.
function claimedFirst(
  p: Payments,
): Handler {
  const claims = new Map<string, Claim>();
  return async (key, order, cents) => {
    const c = claims.get(key);
    if (c !== undefined) {
      const r = await select({
        done: recv(c.done),
        default: true,
      });
      if (r.case === 'done') {
        logf(
          `payments: key ${key} seen: ` +
            `its charge again`,
        );
      } else {
        logf(
          `payments: key ${key} in ` +
            `progress: waiting`,
        );
        await c.done.recv();
      }
      return c.charge!;
    }
    const mine: Claim = {
      done: chan<void>(0, undefined),
    };
    claims.set(key, mine);
    mine.charge = await p.bank(
      order,
      cents,
    );
    mine.done.close();
    return mine.charge;
  };
}

// order charges o-1 with a per-try timeout
// of 100ms and one retry.
async function order(charge: Handler) {
  const wg = new WaitGroup(); // still running
  for (let t = 1; t <= 2; t++) {
    // buffered: a lost answer must not block
    const answer = chan<Charge | null>(
      1,
      null,
    );
    logf(`orders: try ${t} sent`);
    wg.go(async () => {
      await answer.send(
        await charge(
          'charge-o-1',
          'o-1',
          1999,
        ),
      );
    });
    const r = await select({
      paid: recv(answer),
      timeout: recv(
        time.after(100 * time.Millisecond),
      ),
    });
    if (r.case === 'paid') {
      logf(
        `orders: try ${t}: paid by ${r.value?.id}`,
      );
      await wg.wait();
      return;
    }
    logf(`orders: try ${t} timed out`);
  }
  await wg.wait();
}

main(async () => {
  for (const [name, make] of [
    ['no key', noKey],
    [
      'key stored after the bank',
      storedAfter,
    ],
    [
      'key claimed before the bank',
      claimedFirst,
    ],
  ] as const) {
    console.log('--', name);
    start = time.now();
    const p = new Payments();
    await order(make(p));
    const taken = p.ledger.reduce(
      (sum, c) => sum + c.cents,
      0,
    );
    console.log(
      `ledger: ${p.ledger.length} charge(s), ` +
        `${taken} taken for a 1999 order`,
    );
  }
});
