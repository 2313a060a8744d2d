import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoReviewStore } from "../../src/adapters/aws/dynamo-review-store.js";
import { listeningUrl, runCli, startCli } from "../support/cli-process.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { postJob, testEnv, waitForJob } from "../support/start-app.js";
import { startAwsEmulators } from "./aws-environment.js";

describe("BACKEND=aws posterguard serve against the emulators", () => {
  let emulators: Awaited<ReturnType<typeof startAwsEmulators>>;
  let images: ImageServer;

  beforeAll(async () => {
    emulators = await startAwsEmulators();
    images = await new ImageServer().start();
  });
  afterAll(async () => {
    await images.stop();
    await emulators.stop();
  });

  it("creates its resources with `aws init`, then passes the embedded scenario", async () => {
    const env = { ...testEnv("/nonexistent-data-dir"), ...emulators.env, PORT: "0", LOG_LEVEL: "warn" };
    const init = await runCli(["aws", "init"], env);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("created table pg-jobs");
    expect((await runCli(["aws", "init"], env)).stdout).toContain("Everything already existed.");

    const server = startCli(["serve"], env);
    try {
      const url = listeningUrl(await server.waitForLine((l) => l.includes("listening on")));
      const poster = await makePoster(81);
      const first = await postJob(url, {
        platform: "streamflix",
        posterUrl: images.set("/s/a.jpg", { body: poster }),
      });
      expect(first.status).toBe(202);
      const done = await waitForJob(url, first.body.jobId, ["COMPLETED", "FAILED"], 30_000);
      expect(done).toMatchObject({ status: "COMPLETED", result: { isCompliant: true } });
      const again = await postJob(url, {
        platform: "otherflix",
        posterUrl: images.set("/s/b.jpg", { body: poster }),
      });
      expect(again).toMatchObject({ status: 200, body: { jobId: first.body.jobId, cached: true } });
      const image = await fetch(`${url}/posters/${done.posterHash}/image`);
      expect(Buffer.from(await image.arrayBuffer()).equals(poster)).toBe(true);

      // A reviewer's decision lands in DynamoDB beside the jobs, not in a file on this machine.
      const review = await fetch(`${url}/posters/${done.posterHash}/reviews`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scope: "poster", action: "confirm", note: "looks right" }),
      });
      expect(review.status).toBeLessThan(300);
      const client = new DynamoDBClient({
        endpoint: emulators.env.AWS_ENDPOINT_URL_DYNAMODB,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      try {
        const decisions = await new DynamoReviewStore({ client, tableName: "pg-jobs" }).listForPoster(
          done.posterHash,
        );
        expect(decisions).toMatchObject([{ action: "confirm", note: "looks right", scope: "poster" }]);
      } finally {
        client.destroy();
      }
    } finally {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  }, 120_000);
});
