import {
  chan,
  main,
  recv,
  select,
  type Chan,
} from 'gort';

main(async () => {
  let ch: Chan<number, number> | null =
    chan<number>(0, 0);
  ch.close();

  for (let i = 0; i < 2; i++) {
    const r = await select({
      got: recv(ch),
      default: true,
    });
    if (r.case === 'got')
      console.log(
        'closed channel: ready, got',
        r.value,
        r.ok,
      );
    else
      console.log(
        'closed channel: not ready',
      );
  }

  ch = null; // a nil channel: its case can never run
  const r = await select({
    got: recv(ch),
    default: true,
  });
  if (r.case === 'got')
    console.log(
      'nil channel: ready, got',
      r.value,
      r.ok,
    );
  else
    console.log('nil channel: not ready');
});
