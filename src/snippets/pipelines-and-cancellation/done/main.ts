import {
  chan,
  main,
  recv,
  select,
  send,
  type RecvChan,
} from 'gort';
import { WaitGroup } from 'gort/sync';

type Ints = RecvChan<number, number>;
type Done = RecvChan<void, void>;

// stages counts the running stages, only
// so that main can show that they all stop.
const stages = new WaitGroup();

function gen(
  done: Done,
  ...nums: number[]
): Ints {
  const out = chan<number>(0, 0);
  stages.go(async () => {
    try {
      for (const n of nums) {
        const r = await select({
          sent: send(out, n),
          done: recv(done),
        });
        if (r.case === 'done') return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

function sq(done: Done, input: Ints): Ints {
  const out = chan<number>(0, 0);
  stages.go(async () => {
    try {
      for await (const n of input) {
        const r = await select({
          sent: send(out, n * n),
          done: recv(done),
        });
        if (r.case === 'done') return;
      }
    } finally {
      out.close();
    }
  });
  return out;
}

main(async () => {
  const done = chan<void>(0, undefined);
  const out = sq(done, gen(done, 2, 3, 4));

  // The consumer wants one value, then quits.
  console.log('first:', await out.recv());
  // every receive from done now succeeds
  done.close();

  await stages.wait();
  console.log('all stages stopped');
});
