import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server.js";

const run = promisify(execFile);
const script = fileURLToPath(new URL("./fixtures/fetch-and-exit.ts", import.meta.url));
let server: LoopbackServer;

beforeAll(async () => {
  // The server keeps the connection open far longer than the child is given to exit.
  server = await startLoopbackServer(
    "127.0.0.2",
    (_request, response) => {
      response.writeHead(200, { "content-type": "image/png", "content-length": 5 }).end("12345");
    },
    { keepAliveTimeoutMs: 120_000 },
  );
});

afterAll(async () => {
  await server.close();
});

it("lets the process exit while a pooled keep-alive connection is still open", async () => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", script, `${server.origin}/poster.png`], {
    timeout: 20_000,
  });

  expect(stdout).toBe("5 bytes");
  expect(server.connections()).toBe(1);
});
