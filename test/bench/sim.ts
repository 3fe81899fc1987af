/**
 * `npm run bench:sim`: the PVE simulator under load. Runs `pve-operator sim` as its own process
 * (fast timings, no added latency), fills it with 10,000 containers through the API, then
 * drives simple GETs from this process for a fixed time and reports requests per second,
 * latency percentiles and the simulator's memory. Targets: ≥ 1,000 requests/s on 2 cores,
 * 10,000 containers held. The last two lines are the heavy list endpoints, for scale.
 * `BENCH_CONTAINERS`, `BENCH_SECONDS`, `BENCH_CONNECTIONS` override.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const containers = Number(process.env['BENCH_CONTAINERS'] ?? 10_000);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const secret = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const authorization = `PVEAPIToken=root@pam!bench=${secret}`;
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  caPem: string;
}

async function startSimulatorProcess(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cmd/pve-operator.ts', 'sim', '--listen', '127.0.0.1:0', '--nodes', 'pve1,pve2', '--timing', 'fast', '--token', `root@pam!bench=${secret}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const { url, caPem } = JSON.parse(line) as { url: string; caPem: string };
  return { child, url, caPem };
}

async function call(pool: Pool, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { authorization };
  let payload: string | undefined;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await pool.request({ method, path, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.body.text();
  return { status: response.statusCode, json: text === '' ? undefined : JSON.parse(text) };
}

async function fill(pool: Pool): Promise<number> {
  const started = Date.now();
  await call(pool, 'PUT', '/_sim/storages/local-lvm', { capacityBytes: 1024 ** 5 });
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < containers; index = next++) {
      const node = index % 2 === 0 ? 'pve1' : 'pve2';
      const response = await call(pool, 'POST', `/api2/json/nodes/${node}/lxc`, {
        vmid: 1000 + index,
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: 'local-lvm:4',
        hostname: `ct-${index}`,
        net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
        tags: 'bench',
      });
      if (response.status !== 200) throw new Error(`create ${1000 + index}: ${response.status} ${JSON.stringify(response.json)}`);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  // Wait for the create tasks to finish.
  for (;;) {
    const active = await Promise.all(['pve1', 'pve2'].map((node) => call(pool, 'GET', `/api2/json/nodes/${node}/tasks?source=active`)));
    if (active.every((list) => list.json.total === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (Date.now() - started) / 1000;
}

async function load(pool: Pool, label: string, paths: (index: number) => string): Promise<void> {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let failures = 0;
  let counter = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const begin = performance.now();
      const response = await call(pool, 'GET', paths(counter++));
      latencies.push(performance.now() - begin);
      if (response.status !== 200) failures++;
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `${label.padEnd(34)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} req/s  p50 ${percentile(0.5)} ms  p99 ${percentile(0.99)} ms  ${failures} non-200`,
  );
}

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const pool = new Pool(sim.url, { connections, connect: { ca: sim.caPem } });
  try {
    const before = (await call(pool, 'GET', '/_sim/stats')).json.data;
    const fillSeconds = await fill(pool);
    const after = (await call(pool, 'GET', '/_sim/stats')).json.data;
    console.log(`simulator: 2 nodes, ${after.containers} containers created through the API in ${fillSeconds.toFixed(1)} s (${(containers / fillSeconds).toFixed(0)} creates/s incl. tasks)`);
    const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
    console.log(`memory: RSS ${mb(before.memory.rss)} empty → ${mb(after.memory.rss)} with ${after.containers} containers and ${after.tasks} tasks (heap used ${mb(after.memory.heapUsed)}; includes ~90 MB of the tsx loader)`);
    console.log(`load: ${connections} keep-alive TLS connections, ${seconds} s per endpoint, client in a separate process`);
    await load(pool, 'GET /version', () => '/api2/json/version');
    await load(pool, 'GET .../lxc/{vmid}/status/current', (index) => `/api2/json/nodes/${index % 2 === 0 ? 'pve1' : 'pve2'}/lxc/${1000 + (index % containers)}/status/current`);
    await load(pool, 'GET .../lxc/{vmid}/config', (index) => `/api2/json/nodes/${index % 2 === 0 ? 'pve1' : 'pve2'}/lxc/${1000 + (index % containers)}/config`);
    await load(pool, 'GET /cluster/nextid', () => '/api2/json/cluster/nextid');
    await load(pool, 'GET /cluster/resources?type=vm (10k)', () => '/api2/json/cluster/resources?type=vm');
    await load(pool, 'GET /nodes/pve1/lxc (5k entries)', () => '/api2/json/nodes/pve1/lxc');
  } finally {
    await pool.close();
    sim.child.kill('SIGTERM');
  }
}

await main();
