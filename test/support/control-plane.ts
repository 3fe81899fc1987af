import { execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { exitReason, freePort, startServerProcess, stopProcess, waitUntil } from './processes.js';

const buildScript = fileURLToPath(new URL('../envtest/build.sh', import.meta.url));
const startTimeoutMs = 120_000;

/** The directory holding `etcd` and `kube-apiserver` (KUBEBUILDER_ASSETS, or built once and cached). */
export function controlPlaneAssets(): string {
  return execFileSync('bash', [buildScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * A real etcd + kube-apiserver on free loopback ports: secure serving, RBAC, service-account
 * token signing, and a static admin token in group system:masters. Everything lives in one
 * temporary directory that `stop()` removes.
 */
export class ControlPlane {
  readonly kubeconfigPath: string;
  private etcd?: ChildProcess;
  private apiServer?: ChildProcess;

  private constructor(
    private readonly assets: string,
    readonly directory: string,
    private readonly etcdPort: number,
    private readonly etcdPeerPort: number,
    readonly apiServerPort: number,
    private readonly adminToken: string,
  ) {
    this.kubeconfigPath = path.join(directory, 'kubeconfig');
  }

  static async start(): Promise<ControlPlane> {
    const directory = await mkdtemp(path.join(tmpdir(), 'pve-operator-control-plane-'));
    const [etcdPort, etcdPeerPort, apiServerPort] = [await freePort(), await freePort(), await freePort()];
    const plane = new ControlPlane(
      controlPlaneAssets(),
      directory,
      etcdPort,
      etcdPeerPort,
      apiServerPort,
      randomBytes(24).toString('hex'),
    );
    try {
      await plane.writeIdentityFiles();
      await plane.startEtcd();
      await plane.startApiServer();
      await plane.writeKubeconfig();
    } catch (error) {
      await plane.stop();
      throw error;
    }
    return plane;
  }

  get serverUrl(): string {
    return `https://127.0.0.1:${this.apiServerPort}`;
  }

  /** A KubeConfig for the admin identity. */
  kubeConfig(): KubeConfig {
    const config = new KubeConfig();
    config.loadFromFile(this.kubeconfigPath);
    return config;
  }

  /** Stops the kube-apiserver (etcd keeps running and keeps the data). */
  async stopApiServer(): Promise<void> {
    if (this.apiServer) await stopProcess(this.apiServer);
    this.apiServer = undefined;
  }

  /** Starts the kube-apiserver again on the same port, certificates and etcd. */
  async startApiServer(): Promise<void> {
    if (this.apiServer) return;
    const logFile = path.join(this.directory, 'kube-apiserver.log');
    const apiServer = startServerProcess(path.join(this.assets, 'kube-apiserver'), this.apiServerArguments(), logFile);
    this.apiServer = apiServer;
    await waitUntil(
      'kube-apiserver /readyz',
      async () => (await this.readyzStatus()) === 200,
      startTimeoutMs,
      () => exitReason(apiServer, 'kube-apiserver'),
    );
  }

  async restartApiServer(): Promise<void> {
    await this.stopApiServer();
    await this.startApiServer();
  }

  async stop(): Promise<void> {
    await this.stopApiServer();
    if (this.etcd) await stopProcess(this.etcd);
    this.etcd = undefined;
    await rm(this.directory, { recursive: true, force: true });
  }

  private async writeIdentityFiles(): Promise<void> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(path.join(this.directory, 'service-account.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(this.directory, 'service-account.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(path.join(this.directory, 'tokens.csv'), `${this.adminToken},admin,admin-uid,"system:masters"\n`);
    await mkdir(path.join(this.directory, 'certs'));
  }

  private async startEtcd(): Promise<void> {
    const peer = `http://127.0.0.1:${this.etcdPeerPort}`;
    const client = `http://127.0.0.1:${this.etcdPort}`;
    const logFile = path.join(this.directory, 'etcd.log');
    const etcd = startServerProcess(
      path.join(this.assets, 'etcd'),
      [
        `--data-dir=${path.join(this.directory, 'etcd')}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=default=${peer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      logFile,
      this.directory,
    );
    this.etcd = etcd;
    await waitUntil('etcd /health', async () => (await fetch(`${client}/health`)).ok, startTimeoutMs, () => exitReason(etcd, 'etcd'));
  }

  private apiServerArguments(): string[] {
    const file = (name: string) => path.join(this.directory, name);
    return [
      `--etcd-servers=http://127.0.0.1:${this.etcdPort}`,
      `--secure-port=${this.apiServerPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--cert-dir=${file('certs')}`,
      '--authorization-mode=RBAC',
      `--token-auth-file=${file('tokens.csv')}`,
      `--service-account-key-file=${file('service-account.pub')}`,
      `--service-account-signing-key-file=${file('service-account.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
    ];
  }

  /** The CA that signed the apiserver's generated serving certificate (the chain's last PEM block). */
  private async servingCa(): Promise<string> {
    const chain = await readFile(path.join(this.directory, 'certs', 'apiserver.crt'), 'utf8');
    const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const ca = blocks.at(-1);
    if (!ca) throw new Error('kube-apiserver wrote no serving certificate');
    return `${ca}\n`;
  }

  private async readyzStatus(): Promise<number> {
    const ca = await this.servingCa();
    return new Promise((resolve, reject) => {
      const probe = request(
        `${this.serverUrl}/readyz`,
        { ca, headers: { authorization: `Bearer ${this.adminToken}` }, timeout: 5_000 },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      probe.on('error', reject);
      probe.on('timeout', () => probe.destroy(new Error('readyz probe timed out')));
      probe.end();
    });
  }

  private async writeKubeconfig(): Promise<void> {
    const ca = Buffer.from(await this.servingCa()).toString('base64');
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${this.serverUrl}`,
      `    certificate-authority-data: ${ca}`,
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${this.adminToken}`,
      'contexts:',
      '- name: test',
      '  context: { cluster: test, user: admin }',
      'current-context: test',
      '',
    ].join('\n');
    await writeFile(this.kubeconfigPath, kubeconfig, { mode: 0o600 });
  }
}

/** Starts a private control plane, for tests that must disturb one (restart, stop). */
export function startControlPlane(): Promise<ControlPlane> {
  return ControlPlane.start();
}
