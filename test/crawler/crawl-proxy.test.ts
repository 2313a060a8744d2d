import http, { createServer, type Server } from "node:http";
import { type AddressInfo, connect as connectTcp, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CrawlProxy, startCrawlProxy } from "../../src/crawler/fence/crawl-proxy.js";
import type { FenceRefusal } from "../../src/crawler/fence/fence-refusal.js";
import { createNetworkFence } from "../../src/crawler/fence/network-fence.js";
import { CountingListener, hostsMap } from "./fixtures/fence-hosts.js";

let origin: Server;
let originPort = 0;
let closed: CountingListener;
let proxy: CrawlProxy;
let proxyPort = 0;
const refusals: FenceRefusal[] = [];

beforeAll(async () => {
  origin = createServer((request, response) => {
    response
      .writeHead(200, { "content-type": "text/plain" })
      .end(`hello ${request.headers.host} ${request.url}`);
  });
  origin.on("upgrade", (_request, socket: Socket, head: Buffer) => {
    socket.write("HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\n\r\n");
    socket.write(head);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.2", resolve));
  originPort = (origin.address() as AddressInfo).port;
  closed = await new CountingListener("127.0.0.3").start();
  const fence = createNetworkFence({
    allowPrivate: false,
    allowedCidrs: ["127.0.0.2/32"],
    resolveHostname: hostsMap({
      "catalog.test": "127.0.0.2",
      "internal.test": "127.0.0.3",
      "metadata.test": "169.254.169.254",
    }),
  });
  proxy = await startCrawlProxy(fence, { onRefused: (refusal) => refusals.push(refusal) });
  proxyPort = Number(new URL(proxy.server).port);
});

afterAll(async () => {
  await proxy.close();
  origin.closeAllConnections();
  await new Promise<void>((resolve) => origin.close(() => resolve()));
  await closed.stop();
});

beforeEach(() => {
  refusals.length = 0;
});

/** A plain-HTTP proxy request in absolute form, as a browser sends it. */
function viaProxy(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: "127.0.0.1",
      port: proxyPort,
      path: url,
      headers: { host: new URL(url).host },
      agent: false,
    });
    request.once("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.once("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.once("error", reject);
    request.end();
  });
}

/** `CONNECT authority`: the proxy's answer, and the tunnel when it opened one. */
function connect(authority: string): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: "127.0.0.1",
      port: proxyPort,
      method: "CONNECT",
      path: authority,
      agent: false,
    });
    request.once("connect", (response, socket) => resolve({ status: response.statusCode ?? 0, socket }));
    request.once("error", reject);
    request.end();
  });
}

/** One HTTP/1.1 exchange through an open tunnel. */
function getThroughTunnel(socket: Socket, host: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.once("end", () => resolve(answer));
    socket.write(`GET /tunnelled HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`);
  });
}

/** A plain-HTTP upgrade request through the proxy; what comes back before `until` shows up. */
function upgradeViaProxy(url: string, until: RegExp, send = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(proxyPort, "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (until.test(answer)) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.once("end", () => resolve(answer));
    socket.once("error", reject);
    const host = new URL(url).host;
    socket.write(
      `GET ${url} HTTP/1.1\r\nhost: ${host}\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n${send}`,
    );
  });
}

describe("the crawl proxy", () => {
  it("forwards absolute-form HTTP requests to open addresses, by address and by name", async () => {
    const byAddress = await viaProxy(`http://127.0.0.2:${originPort}/a?b=1`);
    expect(byAddress).toEqual({ status: 200, body: `hello 127.0.0.2:${originPort} /a?b=1` });
    const byName = await viaProxy(`http://catalog.test:${originPort}/c`);
    expect(byName).toEqual({ status: 200, body: `hello catalog.test:${originPort} /c` });
    expect(refusals).toEqual([]);
  });

  it("answers 403 to HTTP requests for closed addresses, connects nowhere, and reports each without the address", async () => {
    const targets = [
      `http://127.0.0.3:${closed.port}/x`,
      `http://internal.test:${closed.port}/x`,
      "http://169.254.169.254/latest/meta-data/",
      "http://metadata.test/latest/meta-data/",
      "http://[::1]:9/",
      "http://[::ffff:127.0.0.3]:9/",
    ];
    for (const target of targets) {
      const answer = await viaProxy(target);
      expect(answer.status, target).toBe(403);
      expect(answer.body).not.toMatch(/127\.0\.0\.3|169\.254/);
    }
    expect(closed.connections).toBe(0);
    expect(refusals.map((r) => [r.target, r.addressClass])).toEqual([
      [`http://127.0.0.3:${closed.port}/x`, "loopback"],
      [`http://internal.test:${closed.port}/x`, "loopback"],
      ["http://169.254.169.254/latest/meta-data/", "cloudMetadata"],
      ["http://metadata.test/latest/meta-data/", "cloudMetadata"],
      ["http://[::1]:9/", "loopback"],
      ["http://[::ffff:7f00:3]:9/", "loopback"], // the URL as parsed, as a browser sends it
    ]);
    const named = refusals.filter((r) => r.target.includes(".test"));
    for (const refusal of named) expect(refusal.reason).not.toMatch(/127\.0\.0\.3|169\.254/);
    expect(named[0]?.reason).toContain("internal.test resolves to a loopback address");
    expect(named[1]?.reason).toContain("metadata.test resolves to a cloud metadata address");
  });

  it("opens CONNECT tunnels to open addresses and refuses them to closed ones", async () => {
    for (const authority of [`127.0.0.2:${originPort}`, `catalog.test:${originPort}`]) {
      const tunnel = await connect(authority);
      expect(tunnel.status).toBe(200);
      expect(await getThroughTunnel(tunnel.socket, authority)).toContain(`hello ${authority} /tunnelled`);
    }
    for (const authority of [
      `127.0.0.3:${closed.port}`,
      `internal.test:${closed.port}`,
      "169.254.169.254:443",
      "metadata.test:443",
    ]) {
      const refused = await connect(authority);
      expect(refused.status, authority).toBe(403);
      refused.socket.destroy();
    }
    expect(closed.connections).toBe(0);
    expect(refusals.map((r) => r.target)).toEqual([
      `127.0.0.3:${closed.port}`,
      `internal.test:${closed.port}`,
      "169.254.169.254:443",
      "metadata.test:443",
    ]);
  });

  it("passes plain-HTTP upgrades on to open addresses and refuses them to closed ones", async () => {
    const echoed = await upgradeViaProxy(`http://catalog.test:${originPort}/ws`, /ping$/, "ping");
    expect(echoed).toMatch(/^HTTP\/1\.1 101 /);
    const refused = await upgradeViaProxy(`http://internal.test:${closed.port}/ws`, /refused/);
    expect(refused).toMatch(/^HTTP\/1\.1 403 /);
    expect(closed.connections).toBe(0);
    expect(refusals.map((r) => r.target)).toEqual([`http://internal.test:${closed.port}/ws`]);
  });

  it("answers 502, not a refusal, for a name that does not resolve", async () => {
    expect((await viaProxy("http://nowhere.test/")).status).toBe(502);
    expect((await connect("nowhere.test:443")).status).toBe(502);
    expect(refusals).toEqual([]);
  });

  it("cuts open tunnels when it closes", async () => {
    const fence = createNetworkFence({ allowPrivate: false, allowedCidrs: ["127.0.0.2/32"] });
    const own = await startCrawlProxy(fence, { onRefused: () => {} });
    const tunnel = await new Promise<Socket>((resolve, reject) => {
      const request = http.request({
        host: "127.0.0.1",
        port: Number(new URL(own.server).port),
        method: "CONNECT",
        path: `127.0.0.2:${originPort}`,
        agent: false,
      });
      request.once("connect", (_response, socket) => resolve(socket));
      request.once("error", reject);
      request.end();
    });
    const ended = new Promise<void>((resolve) => tunnel.once("close", () => resolve()));
    await own.close();
    await ended;
  });
});
