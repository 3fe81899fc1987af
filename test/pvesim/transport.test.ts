import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/pvesim/index.js';
import { PveCaller, rawRequest, startTestSimulator, TEMPLATE } from './raw-http.js';

let sim: Simulator;
let root: PveCaller;

beforeAll(async () => {
  ({ sim, root } = await startTestSimulator());
  await root.runTask('POST', '/nodes/pve1/lxc', { vmid: 150, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
});
afterAll(() => sim.close());

describe('the success envelope', () => {
  it('is {"data": ...} as application/json;charset=UTF-8 from pve-api-daemon', async () => {
    const response = await root.get('/version');
    expect(response.status).toBe(200);
    expect(response.reason).toBe('OK');
    expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(response.headers.server).toBe('pve-api-daemon/3.0');
    expect(response.body).toEqual({ data: { version: '9.1.5', release: '9.1', repoid: expect.stringMatching(/^[0-9a-f]{16}$/) } });
  });

  it('gzips bodies over 1 KiB for clients that accept it', async () => {
    const plain = await root.get('/cluster/resources');
    expect(plain.text.length).toBeGreaterThan(1024);
    const response = await root.call('GET', '/cluster/resources', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
  });
});

describe('errors', () => {
  it('answers an unknown path with 501 and the relative path in reason and message', async () => {
    const response = await root.get('/nodes/pve1//150/config');
    expect(response.status).toBe(501);
    expect(response.reason).toBe("Method 'GET /nodes/pve1//150/config' not implemented");
    expect(response.body).toEqual({ data: null, message: "Method 'GET /nodes/pve1//150/config' not implemented\n" });
  });

  it('reports a missing container as 500 with the config file path', async () => {
    const response = await root.get('/nodes/pve1/lxc/9999/config');
    expect(response.status).toBe(500);
    expect(response.reason).toBe("Configuration file 'nodes/pve1/lxc/9999.conf' does not exist");
    expect(response.body).toEqual({ data: null, message: "Configuration file 'nodes/pve1/lxc/9999.conf' does not exist\n" });
  });

  it('reports a container that lives on another node as missing on the asked node', async () => {
    expect((await root.get('/nodes/pve2/lxc/150/status/current')).reason).toBe("Configuration file 'nodes/pve2/lxc/150.conf' does not exist");
  });

  it('uses the first line of a multi-line message as reason phrase', async () => {
    const response = await root.post('/nodes/pve1/lxc', { vmid: 151, ostemplate: TEMPLATE, mp0: 'local-lvm:1' });
    expect(response.status).toBe(400);
    expect(response.reason).toBe('Parameter verification failed.');
    expect(response.body.errors.mp0).toBe('invalid format - format error\nmp0.mp: property is missing and it is not optional\n');
  });

  it('answers parameter errors with 400, the errors object and the message', async () => {
    const response = await root.post('/nodes/pve1/lxc', { vmid: 99, ostemplate: TEMPLATE, start: 'true' });
    expect(response.body).toEqual({
      data: null,
      errors: { vmid: 'invalid format - value does not look like a valid VM ID\n', start: "type check ('boolean') failed - got 'true'" },
      message: 'Parameter verification failed.\n',
    });
  });

  it('rejects a path parameter repeated with another value in the body', async () => {
    const response = await root.put('/nodes/pve1/lxc/150/config', { vmid: 151, memory: 1024 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ vmid: 'duplicate parameter (already defined in URI) with conflicting values!' });
  });

  it('refuses a body on GET with 501', async () => {
    const response = await root.call('GET', '/version', { rawBody: { contentType: 'application/x-www-form-urlencoded', text: 'a=1' } });
    expect(response.status).toBe(501);
    expect(response.reason).toBe("Unexpected content for method 'GET'");
  });

  it('leaves message out of the body when imitating PVE before 8.3', async () => {
    const { sim: old, root: oldRoot } = await startTestSimulator({ pveVersion: '8.2' });
    try {
      const response = await oldRoot.get('/nodes/pve1/lxc/9999/config');
      expect(response.reason).toBe("Configuration file 'nodes/pve1/lxc/9999.conf' does not exist");
      expect(response.body).toEqual({ data: null });
    } finally {
      await old.close();
    }
  });
});

describe('older releases', () => {
  it('imitates PVE 8.0: vmid as a string in the list, privileged by default, no interfaces endpoint', async () => {
    const { sim: old, root: oldRoot } = await startTestSimulator({ pveVersion: '8.0' });
    try {
      await oldRoot.runTask('POST', '/nodes/pve1/lxc', { vmid: 160, ostemplate: TEMPLATE, rootfs: 'local-lvm:4' });
      expect((await oldRoot.get('/nodes/pve1/lxc')).body.data[0].vmid).toBe('160');
      expect((await oldRoot.get('/nodes/pve1/lxc/160/config')).body.data.unprivileged).toBeUndefined();
      const interfaces = await oldRoot.get('/nodes/pve1/lxc/160/interfaces');
      expect(interfaces.status).toBe(501);
      expect(interfaces.reason).toBe("Method 'GET /nodes/pve1/lxc/160/interfaces' not implemented");
    } finally {
      await old.close();
    }
  });
});

describe('request bodies', () => {
  it('decodes + in a form body as a space and %2B as a plus', async () => {
    const response = await root.call('PUT', '/nodes/pve1/lxc/150/config', {
      rawBody: { contentType: 'application/x-www-form-urlencoded', text: 'description=two+words%2Bplus' },
    });
    expect(response.status).toBe(200);
    expect((await root.get('/nodes/pve1/lxc/150/config')).body.data.description).toBe('two words+plus');
  });

  it('joins a repeated key of a list parameter', async () => {
    await root.put('/nodes/pve1/lxc/150/config', { tags: ['b', 'a'] });
    expect((await root.get('/nodes/pve1/lxc/150/config')).body.data.tags).toBe('a;b');
  });

  it('accepts JSON bodies with JSON booleans', async () => {
    const response = await root.call('PUT', '/nodes/pve1/lxc/150/config', { json: { onboot: true, cores: 2 } });
    expect(response.status).toBe(200);
    expect((await root.get('/nodes/pve1/lxc/150/config')).body.data).toMatchObject({ onboot: 1, cores: 2 });
  });

  it('lets query parameters override body keys', async () => {
    await root.call('PUT', '/nodes/pve1/lxc/150/config?memory=2048', { params: { memory: 1024 } });
    expect((await root.get('/nodes/pve1/lxc/150/config')).body.data.memory).toBe(2048);
  });
});

describe('paths outside the API', () => {
  it('answers a path without /api2 with 501', async () => {
    expect((await rawRequest(sim, 'GET', '/nope')).status).toBe(501);
  });
});
