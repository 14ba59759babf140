/**
 * Port of TestSelectStress from Go's src/runtime/chan_test.go: four channels (capacities 0, 0, 2
 * and 3); on each, a plain sender and a plain receiver of N values; plus one goroutine that sends N
 * values on each in a single four-case select and one that receives N from each in a four-case
 * select, dropping a channel (setting it to nil) once it has done N there. These interact
 * chaotically but must all finish: no deadlock, no lost wake-up.
 *
 * Adapted: N = 10,000 (Go's -short value; Go's full run is 100,000) and no GOMAXPROCS(10). The
 * port also checks that the select goroutines did exactly N operations per channel.
 */
import { chan, go, nilChan, panic, recv, select, send, type Chan } from 'gort';
import { WaitGroup } from 'gort/sync';
import { describe, it } from 'vitest';
import { expectGoPass } from './harness.ts';

const N = 10_000;

async function selectStress(): Promise<void> {
  const nil = nilChan<number>();
  const c: Chan<number, undefined>[] = [chan<number>(), chan<number>(), chan<number>(2), chan<number>(3)];
  const at = (cs: Chan<number, undefined>[], k: number) => cs[k]!;
  const wg = new WaitGroup();
  wg.add(10);
  for (let k = 0; k < 4; k++) {
    go(async () => {
      for (let i = 0; i < N; i++) await at(c, k).send(0);
      wg.done();
    });
    go(async () => {
      for (let i = 0; i < N; i++) await at(c, k).recv();
      wg.done();
    });
  }
  go(async () => {
    const n = [0, 0, 0, 0];
    const c1 = [...c];
    for (let i = 0; i < 4 * N; i++) {
      const r = await select({
        c3: send(at(c1, 3), 0),
        c2: send(at(c1, 2), 0),
        c0: send(at(c1, 0), 0),
        c1: send(at(c1, 1), 0),
      });
      const k = Number(r.case.slice(1));
      if (++n[k]! === N) c1[k] = nil;
    }
    if (n.some((x) => x !== N)) panic(`select sender did ${n.join(', ')}, want ${N} each`);
    wg.done();
  });
  go(async () => {
    const n = [0, 0, 0, 0];
    const c1 = [...c];
    for (let i = 0; i < 4 * N; i++) {
      const r = await select({
        c0: recv(at(c1, 0)),
        c1: recv(at(c1, 1)),
        c2: recv(at(c1, 2)),
        c3: recv(at(c1, 3)),
      });
      const k = Number(r.case.slice(1));
      if (++n[k]! === N) c1[k] = nil;
    }
    if (n.some((x) => x !== N)) panic(`select receiver did ${n.join(', ')}, want ${N} each`);
    wg.done();
  });
  await wg.wait();
}

describe('runtime/chan_test.go TestSelectStress', () => {
  it('finishes when plain and select senders and receivers share four channels', async () => {
    await expectGoPass(selectStress);
  });
});
