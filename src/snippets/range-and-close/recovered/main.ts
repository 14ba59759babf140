import { chan, main, nilChan } from 'gort';

// attempt runs f and prints the panic it raises.
async function attempt(
  name: string,
  f: () => unknown,
) {
  let panic = '<nil>';
  try {
    await f();
  } catch (e) {
    panic =
      e instanceof Error
        ? e.message
        : String(e);
  }
  console.log(name.padEnd(12), panic);
}

main(async () => {
  const closed = chan<number>(0, 0);
  closed.close();
  const nilCh = nilChan<number>(); // nil: never made

  await attempt('send:', () =>
    closed.send(1),
  );
  await attempt('close:', () =>
    closed.close(),
  );
  await attempt('close nil:', () =>
    nilCh.close(),
  );
  await attempt('receive:', () =>
    closed.recv(),
  );
});
