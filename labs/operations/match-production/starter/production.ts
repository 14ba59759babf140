// Production's Istio policy for calls to pricing, as
// the platform team applied it (kubectl get -o yaml,
// trimmed to what was written). Read it; your
// sidecar in main.ts must say the same. The check runs
// the exporter's translation of your sidecar and
// compares it with these, field by field.

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
