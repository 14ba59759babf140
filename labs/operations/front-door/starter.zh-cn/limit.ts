import * as time from 'gort/time';
import { type Layer } from 'gomesh';
import { TokenBucket } from 'gomesh/sidecar';

export interface LimitOptions {
  /** 每秒补充的令牌数：速率 r。 */
  ratePerSec: number;
  /** 桶里最多存放的令牌数：突发量 b。 */
  burst: number;
  /** 同时最多能有几个请求排队等令牌。 */
  queue: number;
}

// ---- 你的部分。----
// 服务的入口：一个令牌桶（r, b），再加一个最多容纳
// `queue` 个请求的队列，请求按先后顺序等自己的令牌。
// 发现队列已满的请求要立刻拒绝：抛出
// new RateLimitedError('api', ms)（从 'gomesh' 导入），
// 它会回答 429，并带上 Retry-After：把毫秒数向上取整
// 到秒。要说实话：等了这么久之后重试，队列里必须有
// 空位。
// 现在这个让每个请求都等自己的令牌，不管队伍排多长：
// 谁也不会被拒绝，突发越大，等得越久。
export function limit(options: LimitOptions): Layer {
  const bucket = new TokenBucket({
    ratePerSec: options.ratePerSec,
    burst: options.burst,
  });
  return (next) => async (req) => {
    const token = bucket.reserve();
    await time.sleep(token.delayMs);
    return next(req);
  };
}
