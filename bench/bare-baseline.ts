import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { Agent, request } from "undici";

/**
 * The unavoidable work of a cache hit, and nothing else: fetch the image from the same
 * loopback server over a keep-alive pool and hash it.
 */
export async function startBareBaseline() {
  const agent = new Agent({ connections: 64 });
  const app = Fastify();
  app.post<{ Body: { posterUrl: string } }>("/jobs", async (req) => {
    const response = await request(req.body.posterUrl, { dispatcher: agent });
    const hash = createHash("sha256");
    for await (const chunk of response.body) hash.update(chunk as Buffer);
    return { posterHash: hash.digest("hex"), cached: true };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jobs`,
    async stop() {
      await app.close();
      await agent.close();
    },
  };
}
