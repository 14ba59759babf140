/**
 * The API reference's section introductions in Chinese. The reference is generated from the
 * source's TSDoc in English (src/site/api-reference.mjs); on a Chinese route Starlight serves each
 * English page as a fallback. Each package's and subpackage's page (the sixteen `@module`s) opens
 * there with its introduction from this list, in Chinese, above the English entries
 * (src/components/MarkdownContent.astro).
 *
 * Invariant (tests/site/api-intros.test.ts): exactly one introduction per `@module` of the entry
 * points, each in Chinese and naming its module; a module added to the packages without one fails
 * the test.
 */

/** Module name (as its index.ts's `@module` tag gives it) → its introduction, inline Markdown. */
export const API_INTROS_ZH: Readonly<Record<string, string>> = {
  gort: '`gort` 把 Go 的 goroutine、通道和 `select` 带到 TypeScript：语义与 Go 相同，panic 和死锁的报错与 Go 原文一致，还有死锁检测、虚拟时钟和跟踪事件。子包对应 Go 的标准库：`gort/sync`、`gort/sync/atomic`、`gort/time`、`gort/context`、`gort/errgroup`、`gort/reflect`、`gort/testing`。',
  'gort/context':
    '`gort/context` 对应 Go 的 `context` 包。`ctx.done()` 是一个可以放进 `select` 的通道（`recv(ctx.done())`）；`ctx.err()` 为 `null`、`Canceled` 或 `DeadlineExceeded`，文字与 Go 相同；`ctx.signal` 是一个 AbortSignal，可以交给 fetch 这类 API。',
  'gort/errgroup':
    '`gort/errgroup` 对应 `golang.org/x/sync/errgroup`：`Group`、`withContext`、`setLimit` 和 `tryGo`。一组 goroutine 中第一个错误会取消整组，`wait()` 返回这个错误。',
  'gort/reflect':
    '`gort/reflect` 是 Go 的 `reflect` 包里并发代码会用到的那一部分：`reflect.Select`，即在运行时才构造出分支列表的 `select`，以及它的 `SelectDefault` 分支。',
  'gort/sync':
    '`gort/sync` 对应 Go 的 `sync` 包：`WaitGroup`（包括 Go 1.25 的 `go` 方法）、`Mutex`、`RWMutex`、`Once` 和 `Cond`。会等待的操作返回需要 `await` 的 promise；误用时会 panic 或失败，文字与 Go 相同。',
  'gort/sync/atomic':
    '`gort/sync/atomic` 对应 Go 的原子类型。JavaScript 一次只运行一个 goroutine，所以这些操作就是普通的读和写；它们保留 Go 的 API（以及 `Int32`、`Uint64` 的回绕），让课程读起来像 Go。`Int64` 存的是 number（精确到 2^53），`Uint64` 存的是 bigint（精确的 64 位）。',
  'gort/testing': '`gort/testing` 在同一个进程里运行一个完整的 gort 程序，再查看它做了什么。',
  'gort/time':
    '`gort/time` 对应 Go 的 `time` 包，运行在程序的时钟上（真实时钟，或虚拟时钟：见 `configure`）。时长是毫秒数（`Second === 1000`）。',
  gomesh:
    '`gomesh` 是课程用的小型服务网格，小到可以在一节课里读完，又真实到在同样的流量上表现得像 Envoy、Linkerd、Istio 和 Consul。这个入口导出一个服务需要的东西：`Router`、`json`/`text`、`serve`、`request`/`get`、`ServiceClient`、`compose`、传输层和错误类型；其余在子包里，一个文件一个概念。',
  'gomesh/balancer':
    '`gomesh/balancer` 是带可复现随机源的负载均衡器：`RoundRobin`（Envoy 的 ROUND_ROBIN）、`RandomBalancer`（RANDOM）、`LeastRequest`（LEAST_REQUEST，二选一）和 `PeakEwma`（Linkerd、Finagle 用的算法）。',
  'gomesh/metrics':
    '`gomesh/metrics` 是 sidecar 记录的指标：采用 Linkerd 延迟分桶、按 Prometheus 方式求分位数的 `Histogram`；计数器加直方图、能输出 Prometheus 文本格式的 `MeshMetrics`；以及对原始样本求分位数的 `percentile()`。',
  'gomesh/registry':
    '`gomesh/registry` 负责服务注册与发现，形状与 Consul 相同：`Registry`（TTL 检查、HTTP 检查、阻塞等待）、作为 HTTP 服务运行的 `startRegistry`、负责注册和心跳的 `RegistryClient`，以及跟随 watch 的客户端缓存 `Catalog`。',
  'gomesh/sidecar':
    '`gomesh/sidecar` 是代理及其各层，一个文件一个概念：`startSidecar`，以及超时、重试（含重试预算）、离群检测、熔断器、限流（令牌桶，429 加 Retry-After）、故障注入和服务身份与授权。每一层对应 Envoy、Linkerd 或 Istio 中的同名配置。',
  'gomesh/tracing':
    '`gomesh/tracing` 实现 W3C 跟踪上下文（`traceparent`）的传播和一个很小的收集器：`tracing()` 层、给应用代码用的 `propagate(req)`，以及把一次跟踪打印成树的 `TraceCollector`。',
  'gomesh/transport':
    '`gomesh/transport` 是服务器和客户端底下可替换的网络：基于 `node:http` 的真实传输、内存传输，以及可以加延迟、可以切断的链路传输。',
  labcheck:
    '`labcheck` 是编写实验隐藏检查（`check.ts`）所用的 API，也是实验宿主运行检查的入口：`defineCheck` 定义检查，`t.run()` 运行学员的程序，`t.expect`、`t.equal` 等记录检查项，每一项都有中英文两种说法。',
};

/** Shown under the introduction: what follows is the generated English text. */
export const API_BODY_NOTE_ZH = '下面的条目由源码注释生成，为英文。';
