/**
 * Re-judging stored posters under an edited policy, from stored observations only.
 *
 *   node --import tsx bench/rejudge.ts [--posters 10000]
 *
 * Seeds N completed posters with real metrics observations (measured once on a real poster and
 * varied per poster), edits the policy, and times `rejudgeAll`. Prints JSON.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ulid } from "ulid";
import { createImageMetricsDetector } from "../src/compliance/detectors/image-metrics.js";
import { PRESETS_DIR } from "../src/compliance/policy/load-policy-document.js";
import { compose } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { verdictKeyOf } from "../src/domain/verdict-key.js";
import { createLogger } from "../src/observability/logger.js";
import { makePoster } from "../test/support/posters.js";
import { makeDataDir } from "../test/support/start-app.js";

const { values } = parseArgs({ options: { posters: { type: "string", default: "10000" } } });
const count = Number(values.posters);
const dataDir = makeDataDir();
const policyFile = join(dataDir, "policy.yaml");
copyFileSync(join(PRESETS_DIR, "generic.yaml"), policyFile);
// The bench seeds metrics observations only: judging with the default OCR and NSFW too would find none.
const config = loadConfig({
  DATA_DIR: dataDir,
  POLICY: policyFile,
  POSTERGUARD_CONFIG: "/nonexistent",
  DETECTORS: "metrics",
});
const services = compose(config, createLogger("silent"));

try {
  const detector = createImageMetricsDetector();
  const measured = await detector.detect({
    bytes: await makePoster(1),
    format: "jpeg",
    posterHash: "0".repeat(64),
  });
  const policy = services.policyFor("bench", undefined);
  const seedStarted = performance.now();
  for (let i = 0; i < count; i++) {
    const posterHash = i.toString(16).padStart(64, "0");
    const data = { ...measured, width: 500 + (i % 1000), height: Math.round((500 + (i % 1000)) * 1.5) };
    await services.jobs.saveObservation(posterHash, {
      detector: detector.id,
      version: detector.version,
      durationMs: 20,
      data,
    });
    const result = services.engine.judge(
      [{ detector: detector.id, version: detector.version, durationMs: 20, data }],
      policy,
    );
    const now = new Date().toISOString();
    await services.jobs.recordVerdict(
      {
        jobId: ulid(),
        posterHash,
        policyVersion: policy.version,
        verdictKey: verdictKeyOf(policy, undefined),
        platform: "bench",
        artworkType: policy.artworkType,
        posterUrl: `https://img.example/${i}.jpg`,
        metadata: {},
        storage: {
          bucket: config.BUCKET_NAME,
          key: `posters/bench/${posterHash.slice(0, 2)}/${posterHash}.jpg`,
        },
        createdAt: now,
      },
      result,
      now,
    );
  }
  const seedMs = performance.now() - seedStarted;

  writeFileSync(
    policyFile,
    readFileSync(policyFile, "utf8").replace(
      /minWidth: 600\n {4}minHeight: 900/,
      "minWidth: 1000\n    minHeight: 1500",
    ),
  );
  services.policies.reloadIfChanged(true);
  const report = await services.rejudge.rejudgeAll();
  const again = await services.rejudge.rejudgeAll();
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "rejudge",
        posters: count,
        seedSeconds: Math.round(seedMs) / 1000,
        rejudge: { ...report, postersPerSecond: Math.round((report.rejudged / report.durationMs) * 1000) },
        secondPassAllCurrent: { durationMs: again.durationMs, current: again.current },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
}
