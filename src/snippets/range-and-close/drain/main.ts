import { chan, main } from 'gort';

main(async () => {
  const jobs = chan<number>(3, 0);
  await jobs.send(1);
  await jobs.send(2);
  jobs.close(); // no more jobs

  for (let i = 0; i < 4; i++) {
    const [v, ok] = await jobs.recv2();
    console.log(v, ok, jobs.len);
  }
});
