import { go, main } from 'gort';
import { WaitGroup } from 'gort/sync';
import * as time from 'gort/time';
import {
  RoundRobin,
  endpoint,
  type Balancer,
  type Endpoint,
} from 'gomesh/balancer';

// ---- 你的部分。----
// 两次随机选择（power of two choices）：随机抽两个
// 不同的副本，把请求发给在途请求较少的那个；一样多时
// 选第一个。i 从 [0, n) 里抽，j 从 [0, n-1) 里抽，
// j >= i 时 j 加一。只有一个副本：不抽随机数，直接
// 返回它。没有副本：throw new Error('no replicas')。
// 现在这个还是随机负载均衡：只抽一次，记下的在途
// 请求数没人读。
class PowerOfTwo implements Balancer {
  readonly name = 'power-of-two';
  readonly #random: () => number;
  readonly #inFlight = new Map<string, number>();

  constructor(random: () => number) {
    this.#random = random;
  }

  inFlight(e: Endpoint): number {
    return this.#inFlight.get(e.id) ?? 0;
  }

  pick(replicas: readonly Endpoint[]): Endpoint {
    const i = Math.floor(this.#random() * replicas.length);
    return replicas[i]!;
  }

  onStart(e: Endpoint): void {
    this.#inFlight.set(e.id, this.inFlight(e) + 1);
  }

  onEnd(e: Endpoint): void {
    this.#inFlight.set(e.id, this.inFlight(e) - 1);
  }
}

// ---- 给定部分：检查知道这些会打印什么，
// 请保持原样。----

// Park 和 Miller 的“最小标准”随机数，取值 [0, 1)。
function source(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// 按顺序返回给定随机数的随机源，用完就抛错：
// 下面的表规定了每次选择能拿到哪些随机数。
function scripted(draws: number[]): () => number {
  let next = 0;
  return () => {
    if (next === draws.length) {
      throw new Error(
        `drew more than the ${draws.length} numbers given`,
      );
    }
    return draws[next++]!;
  };
}

function replicas(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) =>
    endpoint(`http://10.0.0.${i + 1}:8080`),
  );
}

// 每个情形：每个副本已开始和已结束的请求数
// （在途 = 已开始 - 已结束），以及抽到的随机数。
const cases = [
  {
    started: [3, 1, 0, 2],
    ended: [0, 0, 0, 0],
    draws: [0.1, 0.6],
  },
  {
    started: [0, 1, 2, 3],
    ended: [0, 0, 0, 0],
    draws: [0.1, 0.6],
  },
  {
    started: [1, 1, 1, 1],
    ended: [0, 0, 0, 0],
    draws: [0.8, 0.2],
  },
  {
    started: [0, 0, 3, 5],
    ended: [0, 0, 0, 0],
    draws: [0.6, 0.6],
  },
  {
    started: [4, 1, 0, 0],
    ended: [4, 0, 0, 0],
    draws: [0.3, 0.1],
  },
  { started: [0, 1], ended: [0, 0], draws: [0.9, 0.9] },
  { started: [2], ended: [0], draws: [0.5] },
  { started: [], ended: [], draws: [] },
];

function table() {
  cases.forEach((c, n) => {
    const rs = replicas(c.started.length);
    const b: Balancer = new PowerOfTwo(scripted(c.draws));
    rs.forEach((e, i) => {
      for (let k = 0; k < c.started[i]!; k++) b.onStart(e);
      for (let k = 0; k < c.ended[i]!; k++) {
        b.onEnd(e, 10, true);
      }
    });
    let got: string;
    try {
      got = b.pick(rs).id;
    } catch (err) {
      got = `error: ${(err as Error).message}`;
    }
    console.log(
      `case ${n + 1}: started [${c.started.join(' ')}], ended [${c.ended.join(' ')}], draws [${c.draws.join(' ')}] -> ${got}`,
    );
  });
}

// 十个副本，最后一个慢十倍；每个副本只有一个 CPU：
// 到达时已有 k 个请求在处理，就要花 (k+1) 倍的服务
// 时间，再加上网络上的 1ms。每 2ms 一个请求，共 1000 个。
async function experiment(b: Balancer) {
  const rs = replicas(10);
  const busy = new Map<string, number>();
  const latency: number[] = [];
  const wg = new WaitGroup();
  for (let i = 0; i < 1000; i++) {
    const e = b.pick(rs);
    b.onStart(e);
    const k = busy.get(e.id) ?? 0;
    busy.set(e.id, k + 1);
    const service = e === rs[9] ? 100 : 10;
    const d = (1 + (k + 1) * service) * time.Millisecond;
    wg.add(1);
    go(async () => {
      await time.sleep(d);
      busy.set(e.id, busy.get(e.id)! - 1);
      b.onEnd(e, d, true);
      latency[i] = d;
      wg.done();
    });
    await time.sleep(2 * time.Millisecond);
  }
  await wg.wait();
  latency.sort((x, y) => x - y);
  const p = (q: number) =>
    time.formatDuration(latency[q * 10 - 1]!);
  console.log(
    `${b.name.padEnd(13)} p50 ${p(50)} p99 ${p(99)}`,
  );
}

main(async () => {
  table();
  await experiment(new RoundRobin());
  await experiment(new PowerOfTwo(source(1)));
});
