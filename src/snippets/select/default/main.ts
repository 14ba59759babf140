import {
  chan,
  main,
  recv,
  select,
  send,
} from 'gort';

main(async () => {
  const ch = chan<string>(1, '');

  for (const msg of ['first', 'second']) {
    const r = await select({
      sent: send(ch, msg),
      default: true,
    });
    if (r.case === 'sent') {
      console.log('sent', msg);
    } else {
      // the buffer is full: do not wait
      console.log('full, dropped', msg);
    }
  }

  for (let i = 0; i < 2; i++) {
    const r = await select({
      got: recv(ch),
      default: true,
    });
    if (r.case === 'got') {
      console.log('received', r.value);
    } else {
      // nothing there: do not wait
      console.log(
        'empty, nothing received',
      );
    }
  }
});
