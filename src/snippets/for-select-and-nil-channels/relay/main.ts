import {
  chan,
  go,
  main,
  recv,
  select,
  send,
  type Chan,
} from 'gort';
import * as time from 'gort/time';

const maxQueue = 2;

// relay owns a bounded queue between inbox and out. Each
// case is on only when it can make progress: a nil
// channel (null) turns it off.
async function relay(
  inbox: Chan<number, number>,
  out: Chan<number, number>,
  closing: Chan<Chan<number, number>>,
) {
  let queue: number[] = [];
  for (;;) {
    // null: the queue is full, take nothing
    let recvIn: Chan<
      number,
      number
    > | null = null;
    if (queue.length < maxQueue)
      recvIn = inbox;
    let first = 0;
    // null: the queue is empty, send nothing
    let sendOut: Chan<
      number,
      number
    > | null = null;
    if (queue.length > 0) {
      first = queue[0]!;
      sendOut = out;
    }
    const r = await select({
      in: recv(recvIn),
      out: send(sendOut, first),
      closing: recv(closing),
    });
    if (r.case === 'in')
      queue.push(r.value);
    else if (r.case === 'out')
      queue = queue.slice(1);
    else {
      await r.value!.send(queue.length);
      return;
    }
  }
}

main(async () => {
  const start = time.now();
  const since = () =>
    time.formatDuration(time.since(start));
  const inbox = chan<number>(0, 0);
  const out = chan<number>(0, 0);
  const closing =
    chan<Chan<number, number>>();
  go(relay, inbox, out, closing);

  const sent = chan<string>(5, '');
  go(async () => {
    // a fast producer
    for (let i = 1; i <= 5; i++) {
      await inbox.send(i);
      await sent.send(
        `sent ${i} at ${since()}`,
      );
    }
  });

  for (let i = 0; i < 3; i++) {
    // a slow consumer
    console.log(
      `got ${await out.recv()} at ${since()}`,
    );
    await time.sleep(30 * time.Millisecond);
  }
  const reply = chan<number>(0, 0);
  await closing.send(reply);
  console.log(
    `closed at ${since()}, ${await reply.recv()} still queued`,
  );
  for (let i = 0; i < 5; i++)
    console.log(await sent.recv());
});
