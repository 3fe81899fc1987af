import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../support/control-plane.js';
import { eventually } from '../support/kube.js';
import { HttpKubeClient } from '../../src/runtime/kube-client.js';
import { collectionPath, namespaceType } from '../../src/runtime/kube-object.js';
import { installWidgetCrd, widget, widgetType } from './fixtures/widget.js';
import { ManagerChild, type LeaseTimings } from './fixtures/manager-child.js';

const timings: LeaseTimings = { leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 };
const namespace = 'leader-election';
/** Scheduling slack for a loaded 2-core machine, on top of what the algorithm allows. */
const slackMs = 3_000;

describe('two managers sharing one Lease', () => {
  let plane: ControlPlane;
  let client: HttpKubeClient;
  const children: ManagerChild[] = [];
  const startManager = (identity: string) => {
    const child = new ManagerChild(identity, { kubeconfigPath: plane.kubeconfigPath, namespace, timings });
    children.push(child);
    return child;
  };
  const createWidget = (name: string) => client.request({ method: 'POST', path: collectionPath(widgetType, namespace), body: widget(namespace, name, { size: 1 }) });

  beforeAll(async () => {
    plane = await startControlPlane();
    client = new HttpKubeClient(plane.kubeConfig());
    await installWidgetCrd(client);
    await client.request({ method: 'POST', path: collectionPath(namespaceType), body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
    await plane?.stop();
  });

  let first: ManagerChild;
  let second: ManagerChild;

  it('lets only the leader reconcile while the standby keeps a warm cache', async () => {
    first = startManager('first');
    await eventually(() => expect(first.has('leading')).toBe(true), { timeoutMs: 60_000 });
    second = startManager('second');
    await eventually(() => expect(second.has('synced')).toBe(true), { timeoutMs: 60_000 });
    await createWidget('while-first-leads');
    await eventually(() => expect(first.reconciled()).toContain(`${namespace}/while-first-leads`));
    expect(second.has('leading')).toBe(false);
    expect(second.reconciled()).toEqual([]);
  });

  it('hands over within lease duration + retry period when the leader is SIGKILLed', async () => {
    const killedAt = Date.now();
    first.kill('SIGKILL');
    await first.exited;
    const takeover = await eventually(() => second.first('leading') ?? expect.fail('no takeover yet'), { timeoutMs: 60_000 });
    // The standby judges expiry from when it last saw the record change; its retries are jittered ×(1…2.2).
    expect(takeover.at - killedAt).toBeLessThan(timings.leaseDurationMs + 2.2 * 2 * timings.retryPeriodMs + slackMs);
    await createWidget('after-sigkill');
    await eventually(() => expect(second.reconciled()).toContain(`${namespace}/after-sigkill`));
    expect(second.events.filter((e) => e.event === 'reconcile').every((e) => e.at >= killedAt)).toBe(true);
  });

  it('hands over within 2 s when the leader is stopped with SIGTERM, releasing the Lease', async () => {
    const third = startManager('third');
    await eventually(() => expect(third.has('synced')).toBe(true), { timeoutMs: 60_000 });
    const terminatedAt = Date.now();
    second.kill('SIGTERM');
    await eventually(() => third.first('leading') ?? expect.fail('no takeover yet'), { timeoutMs: 60_000 });
    // The takeover time is the one the new leader wrote into the Lease, not when this (possibly
    // busy) test process read the child's report.
    const lease = (await client.request({ method: 'GET', path: `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/runtime-test-manager` })) as {
      spec: { holderIdentity?: string; acquireTime?: string };
    };
    expect(lease.spec.holderIdentity).toBe('third');
    expect(Date.parse(lease.spec.acquireTime!) - terminatedAt).toBeLessThan(2_000);
    await second.exited;
    expect(second.has('lost')).toBe(false);
    await createWidget('after-sigterm');
    await eventually(() => expect(third.reconciled()).toContain(`${namespace}/after-sigterm`));
  });
});
