import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ToolExecutor } from '../../executor/tool-executor.js';
import { ToolRegistry } from '../../tool-registry.js';
import { blockedRangeOf } from './address-guard.js';
import { createHttpFetchTool, type HttpFetchToolOptions } from './http-fetch-tool.js';
import type { Connector, ConnectTarget, HostResolver } from './pinned-connection.js';

// These tests must never open a connection outside 127.0.0.0/8 or ::1, even if the guard breaks:
// the connector below refuses (and records) any other address instead of connecting, and the
// resolver answers from a fixed table instead of DNS.
const connections: ConnectTarget[] = [];
const refused: string[] = [];
const loopbackOnly: Connector = (target) => {
  connections.push(target);
  if (
    blockedRangeOf(target.address) === undefined ||
    !blockedRangeOf(target.address)!.includes('loopback')
  ) {
    refused.push(target.address);
    throw new Error(`test connector refused ${target.address}: the guard let it through`);
  }
  return connect({ host: target.address, port: target.port });
};
const table: Record<string, string[]> = {
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.215.14', '10.0.0.7'],
  'private.test': ['192.168.1.10'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'local.test': ['127.0.0.1'],
  'weird.test': ['not-an-ip'],
};
const resolved: string[] = [];
const fixedResolver: HostResolver = async (hostname) => {
  resolved.push(hostname);
  const addresses = table[hostname];
  if (!addresses) throw new Error(`test resolver has no entry for ${hostname}`);
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((request, response) => {
    const redirect = (location: string) => response.writeHead(302, { location }).end();
    switch (request.url) {
      case '/ok':
        response.end(`hello ${request.headers.host} ${request.headers['accept-encoding']}`);
        return;
      case '/big':
        response.end('x'.repeat(10_000));
        return;
      case '/redirect-metadata':
        return redirect('http://169.254.169.254/latest/meta-data/');
      case '/redirect-mapped':
        return redirect('http://[::ffff:a9fe:a9fe]/latest/meta-data/');
      case '/redirect-decimal':
        return redirect('http://2852039166/latest/meta-data/');
      case '/redirect-file':
        return redirect('file:///etc/passwd');
      case '/redirect-ungranted':
        return redirect(`http://local.test:${port}/ok`);
      case '/redirect-ok':
        return redirect('/ok');
      case '/hang':
        return;
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  expect(refused).toEqual([]);
  connections.length = 0;
  resolved.length = 0;
});

function executorWith(options: Partial<HttpFetchToolOptions> = {}) {
  const registry = new ToolRegistry();
  registry.register(
    createHttpFetchTool({
      allowedHosts: ['**'],
      allowedPorts: 'any',
      resolver: fixedResolver,
      connector: loopbackOnly,
      timeoutMs: 2_000,
      ...options,
    }),
  );
  return new ToolExecutor({ registry });
}
const caller = { id: 'agent', grants: ['net:fetch:**'] };
const fetchUrl = (url: string, options: Partial<HttpFetchToolOptions> = {}) =>
  executorWith(options).execute('http.fetch', { url }, { caller });

describe('http fetch tool', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://0.0.0.0/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://100.100.100.200/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://[fc00::1]/',
    'http://metadata.test/',
    'http://mixed.test/',
    'http://private.test/',
    'http://mapped.test/',
    'http://weird.test/',
  ])('refuses %s with ADDRESS_BLOCKED and never connects', async (url) => {
    await expectRejectedCode(fetchUrl(url), 'ADDRESS_BLOCKED');
    expect(connections).toEqual([]);
  });

  it.each([
    ['file:///etc/passwd', 'scheme'],
    ['ftp://example.com/', 'scheme'],
    ['gopher://127.0.0.1:6379/', 'scheme'],
    ['http://user:secret@example.com/', 'credentials'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s with URL_DENIED', async (url, reason) => {
    const error = await expectRejectedCode(fetchUrl(url), 'URL_DENIED');
    expect(error.message).toContain(reason);
    expect(connections).toEqual([]);
  });

  it('refuses hosts outside the allowlist and ports outside the allowed ones', async () => {
    await expectRejectedCode(
      fetchUrl('http://evil.test/', { allowedHosts: ['*.example.com'] }),
      'URL_DENIED',
    );
    await expectRejectedCode(
      fetchUrl('http://example.com.evil.test/', { allowedHosts: ['*.example.com'] }),
      'URL_DENIED',
    );
    await expectRejectedCode(
      fetchUrl('http://a.example.com:8080/', {
        allowedHosts: ['*.example.com'],
        allowedPorts: [443],
      }),
      'URL_DENIED',
    );
    expect(resolved).toEqual([]);
  });

  it('needs the grant net:fetch:<host>', async () => {
    const error = await expectRejectedCode(
      executorWith().execute(
        'http.fetch',
        { url: 'http://local.test/' },
        { caller: { id: 'a', grants: ['net:fetch:other.test'] } },
      ),
      'PERMISSION_DENIED',
    );
    expect(error.details.missing).toEqual(['net:fetch:local.test']);
  });

  it('fetches from an allowed loopback server only when loopback is explicitly allowed', async () => {
    await expectRejectedCode(fetchUrl(`http://127.0.0.1:${port}/ok`), 'ADDRESS_BLOCKED');
    const result = await fetchUrl(`http://local.test:${port}/ok`, { allowLoopback: true });
    expect(result.output).toMatchObject({
      status: 200,
      body: `hello local.test:${port} identity`,
      truncated: false,
    });
  });

  it('connects to the address it checked, resolving once per request (DNS pinning)', async () => {
    await fetchUrl(`http://local.test:${port}/ok`, { allowLoopback: true });
    expect(resolved).toEqual(['local.test']);
    expect(connections).toMatchObject([
      { address: '127.0.0.1', port, hostname: 'local.test', tls: false },
    ]);
  });

  it.each(['/redirect-metadata', '/redirect-mapped', '/redirect-decimal'])(
    'refuses a redirect (%s) from the allowed loopback server to the metadata address',
    async (path) => {
      await expectRejectedCode(
        fetchUrl(`http://127.0.0.1:${port}${path}`, { allowLoopback: true }),
        'ADDRESS_BLOCKED',
      );
      expect(connections.map((target) => target.address)).toEqual(['127.0.0.1']);
    },
  );

  it('checks redirects against scheme and grants too', async () => {
    await expectRejectedCode(
      fetchUrl(`http://127.0.0.1:${port}/redirect-file`, { allowLoopback: true }),
      'URL_DENIED',
    );
    const narrow = { id: 'a', grants: ['net:fetch:127.0.0.1'] };
    await expectRejectedCode(
      executorWith({ allowLoopback: true }).execute(
        'http.fetch',
        { url: `http://127.0.0.1:${port}/redirect-ungranted` },
        { caller: narrow },
      ),
      'PERMISSION_DENIED',
    );
    const followed = await fetchUrl(`http://127.0.0.1:${port}/redirect-ok`, {
      allowLoopback: true,
    });
    expect(followed.output).toMatchObject({ status: 200, url: `http://127.0.0.1:${port}/ok` });
  });

  it('cuts the body at maxResponseBytes and flags it', async () => {
    const result = await fetchUrl(`http://127.0.0.1:${port}/big`, {
      allowLoopback: true,
      maxResponseBytes: 1_000,
    });
    expect(result.output).toMatchObject({ truncated: true, body: 'x'.repeat(1_000) });
  });

  it('gives up on a server that does not answer in time', async () => {
    await expectRejectedCode(
      fetchUrl(`http://127.0.0.1:${port}/hang`, { allowLoopback: true, timeoutMs: 200 }),
      'TIMEOUT',
    );
  });

  it('refuses to be created without an allowlist', () => {
    expectThrownCode(() => createHttpFetchTool({ allowedHosts: [] }), 'INVALID_CONFIGURATION');
  });
});
