/**
 * deploy/kubernetes.yml against what the bot and its image really are: routes from src/slack/health.ts,
 * environment variables from src/config/env.ts and the README, the port, the config path and the
 * user from the Dockerfile, the shutdown grace from src/bot.ts, the image name from the README.
 * Also a static reading of the Dockerfile and .ci/run. File reads only: no Docker, no cluster.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readEnv } from '../src/config/env.ts';
import { parseConfig } from '../src/config/load.ts';
import { providers } from '../src/providers/index.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const read = (path: string) => readFileSync(ROOT + path, 'utf8');

// ---- the manifests ----------------------------------------------------------------------------

interface Meta {
  name: string;
  labels?: Record<string, string>;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface HttpProbe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { secretRef?: { name: string } }[];
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  securityContext?: { readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
}
interface Deployment {
  kind: 'Deployment';
  metadata: Meta;
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        terminationGracePeriodSeconds?: number;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: Container[];
        volumes?: Volume[];
      };
    };
  };
}
interface Service {
  kind: 'Service';
  metadata: Meta;
  spec: { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
}
interface Secret {
  kind: 'Secret';
  metadata: Meta;
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}
interface ConfigMap {
  kind: 'ConfigMap';
  metadata: Meta;
  data: Record<string, string>;
}
interface Pdb {
  kind: 'PodDisruptionBudget';
  metadata: Meta;
  spec: { minAvailable?: number; selector: { matchLabels: Record<string, string> } };
}
type Manifest = Deployment | Service | Secret | ConfigMap | Pdb;

const docs = parseAllDocuments(read('deploy/kubernetes.yml'));
const manifests = (Array.isArray(docs) ? docs : [])
  .map((d) => d.toJS() as Manifest | null)
  .filter((m): m is Manifest => m !== null);

function one<K extends Manifest['kind']>(kind: K): Extract<Manifest, { kind: K }> {
  const found = manifests.filter((m): m is Extract<Manifest, { kind: K }> => m.kind === kind);
  if (found.length !== 1) throw new Error(`deploy/kubernetes.yml: expected one ${kind}, found ${found.length}`);
  return found[0] as Extract<Manifest, { kind: K }>;
}

const deployment = one('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0] as Container;
const secret = one('Secret');
const configMap = one('ConfigMap');

/** The Secret's values as the container sees them (stringData, or base64 data). */
const secretValues: Record<string, string> = {
  ...Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])),
  ...secret.stringData,
};

/** Environment variables the container gets, by name: from the Secret (envFrom / secretKeyRef) or literal. */
function containerEnv(): Map<string, { from: 'secret' | 'value'; value: string | undefined }> {
  const out = new Map<string, { from: 'secret' | 'value'; value: string | undefined }>();
  for (const source of container.envFrom ?? []) {
    if (source.secretRef?.name !== secret.metadata.name) continue;
    for (const [k, v] of Object.entries(secretValues)) out.set(k, { from: 'secret', value: v });
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) out.set(e.name, { from: 'secret', value: ref.name === secret.metadata.name ? secretValues[ref.key] : '' });
    else out.set(e.name, { from: 'value', value: e.value });
  }
  return out;
}

// ---- the Dockerfile ---------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
/** Stages of the Dockerfile, each a list of instructions (continuation lines joined, comments dropped). */
const stages: Instruction[][] = (() => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out: Instruction[][] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const ins = { op: op.toUpperCase(), args: rest.join(' ') };
    if (ins.op === 'FROM') out.push([]);
    out.at(-1)?.push(ins);
  }
  return out;
})();
const buildStage = stages[0] ?? [];
const runtimeStage = stages.at(-1) ?? [];
const argsOf = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);

/** The runtime stage's `ENV` as a map (`ENV A=1 B=2` form). */
const imageEnv: Record<string, string> = Object.fromEntries(
  argsOf(runtimeStage, 'ENV').flatMap((args) =>
    [...args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g)].map((m) => [m[1], (m[2] ?? '').replace(/^"|"$/g, '')]),
  ),
);

// ---- what the bot knows -----------------------------------------------------------------------

const appSource = read('src/slack/health.ts');
const routes = new Set([...appSource.matchAll(/path:\s*'([^']+)'/g)].map((m) => m[1]));
const envKeys = [...read('src/config/env.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
const readmeEnv = [...read('README.md').matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]);
const configText = configMap.data[posix.basename(imageEnv['RERUN_CONFIG'] ?? '')] ?? '';
const configRefs = new Set([...configText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] as string));
const knownEnv = new Set([...envKeys, ...readmeEnv, ...configRefs]);

function shutdownGraceSeconds(): number {
  const m = /SHUTDOWN_GRACE_MS\s*=\s*([\d_]+)/.exec(read('src/bot.ts'));
  if (!m?.[1]) throw new Error('SHUTDOWN_GRACE_MS not found in src/bot.ts');
  return Number(m[1].replace(/_/g, '')) / 1000;
}

function preStopSeconds(): number {
  const pre = container.lifecycle?.preStop;
  if (!pre) return 0;
  if (pre.sleep) return pre.sleep.seconds;
  const cmd = pre.exec?.command ?? [];
  return cmd[0] === 'sleep' ? Number(cmd[1]) : 0;
}

/** Kubernetes quantities such as 128Mi, 0.5Gi or 500M as bytes. */
function bytes(q: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(q ?? '');
  if (!m) return NaN;
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

// ---- the checks -------------------------------------------------------------------------------

describe('deploy/kubernetes.yml', () => {
  it('parses, every document, into one Deployment, Service, Secret and ConfigMap that select the same pods', () => {
    for (const d of Array.isArray(docs) ? docs : []) expect(d.errors.map((e) => e.message)).toEqual([]);
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(labels).toMatchObject(one('Service').spec.selector);
    const pdbs = manifests.filter((m): m is Pdb => m.kind === 'PodDisruptionBudget');
    for (const pdb of pdbs) {
      expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
      expect(pdb.spec.minAvailable ?? 0).toBeLessThan(deployment.spec.replicas);
    }
  });

  it('runs 2 replicas of the image the README builds', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.containers).toHaveLength(1);
    // Every `docker build -t <image>` line of the README builds the image the Deployment runs.
    const built = new Set([...read('README.md').matchAll(/docker build\b[^\n]*?\s-t\s+(\S+)/g)].map((m) => m[1]));
    expect(built.size, 'a `docker build -t <image>` line in README.md').toBeGreaterThan(0);
    expect([...built]).toEqual([container.image]);
  });

  it("uses the image's port: container port http = EXPOSE = ENV PORT, and the Service forwards 80 to it", () => {
    const http = container.ports?.find((p) => p.name === 'http');
    expect(http).toBeDefined();
    expect(argsOf(runtimeStage, 'EXPOSE')).toEqual([String(http?.containerPort)]);
    expect(imageEnv['PORT']).toBe(String(http?.containerPort));
    const portEnv = containerEnv().get('PORT');
    if (portEnv) expect(portEnv.value).toBe(String(http?.containerPort));
    expect(one('Service').spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 'http' })]);
  });

  it('probes routes the bot serves (/readyz for readiness, /healthz for liveness) on its port', () => {
    const { readinessProbe, livenessProbe } = container;
    expect(readinessProbe?.httpGet.path).toBe('/readyz');
    expect(livenessProbe?.httpGet.path).toBe('/healthz');
    const port = container.ports?.find((p) => p.name === 'http')?.containerPort;
    for (const probe of [readinessProbe, livenessProbe]) {
      expect(routes, 'a route in src/slack/health.ts').toContain(probe?.httpGet.path);
      const p = probe?.httpGet.port;
      const resolved = typeof p === 'string' ? container.ports?.find((c) => c.name === p)?.containerPort : p;
      expect(resolved).toBe(port);
    }
  });

  it('asks Prometheus to scrape each replica at a route the bot serves, on its port', () => {
    const a = deployment.spec.template.metadata.annotations ?? {};
    expect(a['prometheus.io/scrape']).toBe('true');
    expect(routes, 'a route in src/slack/health.ts').toContain(a['prometheus.io/path']);
    expect(a['prometheus.io/port']).toBe(String(container.ports?.find((p) => p.name === 'http')?.containerPort));
  });

  it('sets only environment variables the bot knows, and gives every ${NAME} of the config from the Secret', () => {
    const env = containerEnv();
    expect(env.size).toBeGreaterThan(0);
    for (const name of env.keys()) expect(knownEnv, `${name} is not an env var the bot reads`).toContain(name);
    for (const key of Object.keys(secretValues)) expect(knownEnv, `Secret key ${key}`).toContain(key);
    expect(configRefs.size).toBeGreaterThan(0);
    for (const ref of configRefs) expect(env.get(ref)?.from, `\${${ref}} from the Secret`).toBe('secret');
    for (const name of ['SLACK_BOT_TOKEN', 'DATABASE_URL']) expect(env.get(name)?.from).toBe('secret');
  });

  it("passes the bot's own checks: the environment with readEnv, the config with parseConfig", () => {
    const env: Record<string, string | undefined> = { ...imageEnv };
    for (const [k, v] of containerEnv()) env[k] = v.value;
    // An operator replaces the placeholders; the bot token's shape is checked, so fill in a fake one.
    if (env['SLACK_BOT_TOKEN']?.includes('REPLACE-ME')) env['SLACK_BOT_TOKEN'] = 'xoxb-fake';
    const parsed = readEnv(env);
    expect(parsed.DATABASE_URL, 'replicas need PostgreSQL').toMatch(/^postgres(ql)?:\/\//);
    expect(parsed.SLACK_SIGNING_SECRET ?? parsed.SLACK_APP_TOKEN).toBeTruthy();
    const config = parseConfig(configText, 'rerun.yml', env, providers);
    expect(config.targets.size).toBeGreaterThan(0);
  });

  it("mounts the ConfigMap's file where the image's RERUN_CONFIG points", () => {
    const configPath = containerEnv().get('RERUN_CONFIG')?.value ?? imageEnv['RERUN_CONFIG'];
    expect(configPath).toBe('/config/rerun.yml');
    const volume = pod.volumes?.find((v) => v.configMap?.name === configMap.metadata.name);
    const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
    expect(mount).toBeDefined();
    // Either the directory (the file appears under its key, or under an item's path) or the file by subPath.
    const fileName = mount?.subPath ?? posix.basename(configPath ?? '');
    const key = volume?.configMap?.items?.find((i) => i.path === fileName)?.key ?? fileName;
    expect(mount?.subPath ? mount.mountPath : posix.join(mount?.mountPath ?? '', fileName)).toBe(configPath);
    expect(Object.keys(configMap.data)).toContain(key);
  });

  it('reloads the mounted config when the ConfigMap changes: RERUN_CONFIG_WATCH on, and no subPath mount', () => {
    const env: Record<string, string | undefined> = { ...imageEnv, SLACK_BOT_TOKEN: 'xoxb-fake' };
    for (const [k, v] of containerEnv()) if (k !== 'SLACK_BOT_TOKEN') env[k] = v.value;
    expect(readEnv(env).RERUN_CONFIG_WATCH).toBe(true);
    // A file mounted by subPath keeps the content it had when the pod started (no symlink swap).
    const volume = pod.volumes?.find((v) => v.configMap?.name === configMap.metadata.name);
    const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
    expect(mount?.subPath).toBeUndefined();
  });

  it('gives the bot longer than its shutdown grace (after preStop) before SIGKILL', () => {
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    expect(grace).toBeGreaterThan(shutdownGraceSeconds() + preStopSeconds());
  });

  it('runs as non-root on a read-only root filesystem, with a writable RERUN_DATA_DIR and sized resources', () => {
    expect(pod.securityContext?.runAsNonRoot ?? container.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser ?? 1000).not.toBe(0);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    const dataDir = imageEnv['RERUN_DATA_DIR'];
    const dataMount = container.volumeMounts?.find((m) => m.mountPath === dataDir);
    expect(pod.volumes?.find((v) => v.name === dataMount?.name)?.emptyDir).toBeDefined();
    const { requests, limits } = container.resources ?? {};
    expect(requests?.cpu && requests.memory && limits?.memory).toBeTruthy();
    // docs/SPEC.md §7: idle RSS under 150 MB; leave room above it.
    expect(bytes(limits?.memory)).toBeGreaterThanOrEqual(150 * 2 ** 20);
    expect(bytes(requests?.memory)).toBeLessThanOrEqual(bytes(limits?.memory));
  });

  it('ships a Secret of obvious placeholders, never anything that looks like a real credential', () => {
    const values = Object.entries(secretValues);
    expect(values.length).toBeGreaterThan(0);
    for (const [key, value] of values) {
      expect(value, key).toContain('REPLACE-ME');
      expect(value, key).not.toMatch(/xox[abpr]-\d|xapp-\d|[A-Za-z0-9+/]{24,}/);
    }
  });
});

describe('Dockerfile', () => {
  it('has the toolchain for better-sqlite3 in the build stage only, and runs as non-root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const installs = (stage: Instruction[]) =>
      argsOf(stage, 'RUN')
        .filter((r) => /apt-get install/.test(r))
        .join(' ');
    const build = installs(buildStage);
    for (const pkg of ['python3', 'make', 'g++'])
      expect(build.split(/\s+/), `build stage installs ${pkg}`).toContain(pkg);
    expect(build).toContain('--no-install-recommends');
    expect(build).toContain('rm -rf /var/lib/apt/lists/*');
    const runtime = installs(runtimeStage).split(/\s+/);
    for (const pkg of ['python3', 'make', 'g++']) expect(runtime).not.toContain(pkg);
    const user = argsOf(runtimeStage, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    expect(argsOf(runtimeStage, 'HEALTHCHECK').join(' ')).toContain('/healthz');
    expect(argsOf(runtimeStage, 'VOLUME').join(' ')).toContain('/data');
  });

  it("copies into the build stage whatever package.json's build script names", () => {
    const pkg = JSON.parse(read('package.json')) as { scripts?: Record<string, string> };
    const build = pkg.scripts?.['build'] ?? '';
    expect(argsOf(buildStage, 'RUN').join(' ')).toContain('npm run build');
    const ignored = new Set(
      read('.dockerignore')
        .split('\n')
        .map((l) => l.trim().replace(/\/$/, ''))
        .filter(Boolean),
    );
    const copied = new Set(
      argsOf(buildStage, 'COPY')
        .filter((a) => !a.startsWith('--from'))
        .flatMap((a) => a.split(/\s+/).slice(0, -1))
        .map((p) => p.replace(/^\.\//, '').replace(/\/$/, '')),
    );
    // Paths the script mentions that exist in the repository and are not outputs (dist is ignored).
    const named = new Set(
      [...build.matchAll(/[\w.-]+(?:\/[\w.*-]+)*/g)]
        .map((m) => (m[0].split('/')[0] ?? '').replace(/^\.\//, ''))
        .filter((first) => first && first !== '.' && existsSync(ROOT + first) && !ignored.has(first)),
    );
    expect(named.size).toBeGreaterThan(0);
    for (const path of named) expect(copied, `COPY ${path} before npm run build`).toContain(path);
  });
});

describe('.ci/run', () => {
  it('starts PostgreSQL for the store tests before npm ci', () => {
    const ci = read('.ci/run');
    const start = ci.indexOf('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    expect(start).toBeGreaterThan(-1);
    expect(ci).toContain('pg_isready -q -h 127.0.0.1 -p 5432');
    expect(start).toBeLessThan(ci.search(/^npm ci/m));
  });
});
