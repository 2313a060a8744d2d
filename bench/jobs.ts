/**
 * Benchmarks of the job pipeline, printed as JSON. Every figure that matters is a ratio
 * against a baseline measured in the same run with the same tool.
 *
 *   npm run bench [-- --seconds 5 --jobs 200]
 */
import { parseArgs } from "node:util";
import { ImageServer } from "../test/support/image-server.js";
import { makePoster } from "../test/support/posters.js";
import { postJob, startApp, waitForJob } from "../test/support/start-app.js";
import { startBareBaseline } from "./bare-baseline.js";
import { postLoad } from "./load.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, jobs: { type: "string", default: "200" } },
});
const seconds = Number(values.seconds);
const jobCount = Number(values.jobs);

const images = await new ImageServer().start();
const app = await startApp({ workers: false, env: { WORKER_CONCURRENCY: "2" } });
const baseline = await startBareBaseline();

try {
  const poster = await makePoster(1);
  const plainUrl = images.set("/bench/plain.jpg", { body: poster });
  const conditionalUrl = images.set("/bench/conditional.jpg", {
    body: await makePoster(2),
    validators: true,
  });

  // Warm the cache: both posters checked once.
  app.startWorkers();
  for (const url of [plainUrl, conditionalUrl]) {
    const { body } = await postJob(app.url, { platform: "bench", posterUrl: url });
    await waitForJob(app.url, body.jobId, ["COMPLETED"]);
  }

  const bare = await postLoad(baseline.url, { platform: "bench", posterUrl: plainUrl }, seconds);
  const cacheHit = await postLoad(`${app.url}/jobs`, { platform: "bench", posterUrl: plainUrl }, seconds);
  const bytesBefore304 = images.bytesByPath.get("/bench/conditional.jpg") ?? 0;
  const hitsBefore304 = images.hits.get("/bench/conditional.jpg") ?? 0;
  const notModified = await postLoad(
    `${app.url}/jobs`,
    { platform: "bench", posterUrl: conditionalUrl },
    seconds,
  );
  const imageBytesDuring304 = (images.bytesByPath.get("/bench/conditional.jpg") ?? 0) - bytesBefore304;
  const conditionalRequests = (images.hits.get("/bench/conditional.jpg") ?? 0) - hitsBefore304;

  // End to end: distinct posters submitted with the workers stopped, then drained.
  await app.pool?.stop(5000);
  const jobIds: string[] = [];
  for (let i = 0; i < jobCount; i++) {
    const url = images.set(`/bench/e2e-${i}.jpg`, { body: await makePoster(1000 + i) });
    const { body } = await postJob(app.url, { platform: "bench", posterUrl: url });
    jobIds.push(body.jobId);
  }
  const started = performance.now();
  app.startWorkers();
  for (const jobId of jobIds) await waitForJob(app.url, jobId, ["COMPLETED", "FAILED"], 600_000);
  const drainSeconds = (performance.now() - started) / 1000;

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "jobs",
        settings: { seconds, connections: 10, posterBytes: poster.length, e2eJobs: jobCount, workers: 2 },
        bareFetchAndHash: bare,
        cacheHit: { ...cacheHit, ratioToBare: round(cacheHit.requestsPerSecond / bare.requestsPerSecond) },
        conditional304: {
          ...notModified,
          ratioToBare: round(notModified.requestsPerSecond / bare.requestsPerSecond),
          conditionalRequests,
          imageBytesDownloaded: imageBytesDuring304,
        },
        endToEnd: {
          jobs: jobCount,
          seconds: round(drainSeconds),
          jobsPerSecond: round(jobCount / drainSeconds),
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await baseline.stop();
  await app.stop();
  await images.stop();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
