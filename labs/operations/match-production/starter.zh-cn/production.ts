// 生产环境里调用 pricing 的 Istio 策略，就是平台团队
// 实际应用的那份（kubectl get -o yaml，只保留写进去的
// 字段）。读懂它；main.ts 里你的 sidecar 必须表达同样
// 的意思。检查会把你的 sidecar 按导出器的规则翻译
// 过来，逐个字段和这里比较。

export const virtualService = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: pricing
  namespace: shop
spec:
  hosts:
    - pricing
  http:
    - match:
        - method:
            regex: ^(GET|HEAD|OPTIONS|PUT|DELETE|TRACE)$
      route:
        - destination:
            host: pricing
            port:
              number: 8080
      timeout: 0.5s
      retries:
        attempts: 3
        retryOn: 5xx
        perTryTimeout: 0.05s
        retryIgnorePreviousHosts: true
        backoff: 0.01s
    - route:
        - destination:
            host: pricing
            port:
              number: 8080
      timeout: 0.5s
      retries:
        attempts: 0
`;

export const destinationRule = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: pricing
  namespace: shop
spec:
  host: pricing
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    outlierDetection:
      consecutive5xxErrors: 3
      baseEjectionTime: 60s
      maxEjectionPercent: 25
      interval: 1s
`;
