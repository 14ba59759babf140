import {
  chan,
  go,
  main,
  type RecvChan,
  type SendChan,
} from 'gort';

// produce may only send on out,
// and close it.
async function produce(
  out: SendChan<number>,
): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    await out.send(i);
  }
  out.close();
}

// consume only receives from input.
async function consume(
  input: RecvChan<number, number>,
): Promise<void> {
  for await (const v of input) {
    console.log('got', v);
  }
}

main(async () => {
  const ch = chan<number>(0, 0); // both ways
  go(() => produce(ch)); // as SendChan
  await consume(ch); // as RecvChan
  console.log('done');
});
