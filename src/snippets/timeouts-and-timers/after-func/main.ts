import { chan, main } from 'gort';
import * as time from 'gort/time';

main(async () => {
  const start = time.now();
  const done = chan<void>(0, undefined);
  const reminder = time.afterFunc(
    time.Hour,
    () => {
      console.log(
        'an hour later:',
        time.formatDuration(
          time.since(start),
        ),
      );
      done.close();
    },
  );
  const cancelled = time.afterFunc(
    time.Minute,
    () => {
      console.log('never printed');
    },
  );

  console.log(
    'Stop before it ran:',
    cancelled.stop(),
  );
  await done.recv();
  console.log(
    'Stop after it ran:',
    reminder.stop(),
  );
});
