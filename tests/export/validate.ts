/**
 * Validation of an export against the targets' own schemas:
 *   - Kubernetes, Istio and Gateway API objects through their typed models (kubernetes-models,
 *     @kubernetes-models/istio, @kubernetes-models/gateway-api): `validate()` checks types, enums,
 *     required fields and patterns against the schemas the models were generated from; as those
 *     schemas (like the CRDs') allow fields they do not list, the same objects are also type-checked
 *     by TypeScript as object literals of the models' interfaces, where an unknown field at any
 *     depth is an error ("Object literal may only specify known properties");
 *   - Envoy messages through Envoy's protos (tests/export/envoy-check, go-control-plane): unknown
 *     fields, wrong types and the protos' validation rules; every embedded `typed_config` is
 *     checked as a message of its own too, since a message's rules do not reach into an Any;
 *   - the Prometheus config through Prometheus's own relabel rules, durations and HTTP client
 *     settings with the loader's strict YAML (tests/export/prometheus-check: its header says what is
 *     Prometheus's code and what mirrors the loader's structs, and why not the whole loader).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import type { K8sObject } from '../../src/lab/export/index.ts';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

interface ModelClass {
  new (data: never): { validate(): void };
}

/** apiVersion/kind → the model class and the module and interface TypeScript checks against. */
const MODELS: Record<string, { model: ModelClass; module: string; iface: string }> = {
  'v1/Namespace': { model: Namespace, module: 'kubernetes-models/v1/Namespace', iface: 'INamespace' },
  'v1/ServiceAccount': {
    model: ServiceAccount,
    module: 'kubernetes-models/v1/ServiceAccount',
    iface: 'IServiceAccount',
  },
  'v1/Service': { model: Service, module: 'kubernetes-models/v1/Service', iface: 'IService' },
  'apps/v1/Deployment': {
    model: Deployment,
    module: 'kubernetes-models/apps/v1/Deployment',
    iface: 'IDeployment',
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    model: HTTPRoute,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
    iface: 'IHTTPRoute',
  },
  'networking.istio.io/v1/VirtualService': {
    model: VirtualService,
    module: '@kubernetes-models/istio/networking.istio.io/v1/VirtualService',
    iface: 'IVirtualService',
  },
  'networking.istio.io/v1/DestinationRule': {
    model: DestinationRule,
    module: '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule',
    iface: 'IDestinationRule',
  },
  'networking.istio.io/v1alpha3/EnvoyFilter': {
    model: EnvoyFilter,
    module: '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter',
    iface: 'IEnvoyFilter',
  },
  'security.istio.io/v1/AuthorizationPolicy': {
    model: AuthorizationPolicy,
    module: '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy',
    iface: 'IAuthorizationPolicy',
  },
  'security.istio.io/v1/PeerAuthentication': {
    model: PeerAuthentication,
    module: '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication',
    iface: 'IPeerAuthentication',
  },
};

const keyOf = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;

/** The model's `validate()` verdict: '' or the error. */
export function validateModel(o: K8sObject): string {
  const entry = MODELS[keyOf(o)];
  if (entry === undefined) return `no typed model for ${keyOf(o)}`;
  try {
    new entry.model(o as never).validate();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * TypeScript's verdict on each object as a literal of its model's interface: '' or the errors.
 * One program for all of them (the models' declarations are read once).
 */
export function typecheckObjects(objects: readonly K8sObject[]): string[] {
  const file = path.join(repo, 'tests/export/__objects__.ts');
  const imports = new Set<string>();
  const starts: number[] = [];
  const body: string[] = [];
  objects.forEach((o, i) => {
    const entry = MODELS[keyOf(o)];
    if (entry === undefined) {
      body.push(`const o${i}: never = ${JSON.stringify(o)};`);
    } else {
      imports.add(`import type { ${entry.iface} } from '${entry.module}';`);
      body.push(`export const o${i}: ${entry.iface} = ${JSON.stringify(o, null, 1)};`);
    }
  });
  const head = [...imports].join('\n') + '\n';
  let text = head;
  for (const b of body) {
    starts.push(text.length);
    text += b + '\n';
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file)!;
  const verdicts = objects.map(() => '');
  for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const at = d.start ?? 0;
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > at) i--;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const { line } = source.getLineAndCharacterOfPosition(at);
    const near = text.split('\n')[line]?.trim() ?? '';
    verdicts[i] = `${verdicts[i]}${message} (at ${near})\n`;
  }
  return verdicts;
}

/** Every `@type`d message inside `value` (the value itself included), for the Envoy check. */
export function typedMessages(
  value: unknown,
  out: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) typedMessages(v, out);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (
      typeof record['@type'] === 'string' &&
      record['@type'] !== 'type.googleapis.com/udpa.type.v1.TypedStruct'
    )
      out.push(record);
    for (const v of Object.values(record)) typedMessages(v, out);
  }
  return out;
}

export const BOOTSTRAP = 'type.googleapis.com/envoy.config.bootstrap.v3.Bootstrap';

/** Envoy's verdict on each message (each with its `@type`): '' or the reason. */
export function checkEnvoy(messages: readonly Record<string, unknown>[]): Promise<string[]> {
  return goCheck('envoy-check', messages);
}

/** Prometheus's verdict on each config file (YAML text): '' or the reason. */
export function checkPrometheus(configs: readonly string[]): Promise<string[]> {
  return goCheck('prometheus-check', configs);
}

/** Runs the Go checker `name` (a module under tests/export/) on `items`: a verdict per item. */
function goCheck(name: string, items: readonly unknown[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'go',
      ['run', '.'],
      {
        cwd: path.join(repo, 'tests/export', name),
        env: { ...process.env, GOWORK: 'off' },
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error !== null) return reject(new Error(`${name}: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout) as string[]);
      },
    );
    child.stdin?.end(JSON.stringify(items));
  });
}
