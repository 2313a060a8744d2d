import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRESETS_DIR } from "../../src/compliance/policy/load-policy-document.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import {
  getJson,
  makeDataDir,
  postJob,
  type RunningApp,
  startApp,
  waitForJob,
} from "../support/start-app.js";

describe("editing the policy and re-judging stored posters", () => {
  let images: ImageServer;
  let app: RunningApp;
  let policyFile: string;
  let dataDir: string;

  beforeAll(async () => {
    images = await new ImageServer().start();
    dataDir = makeDataDir();
    policyFile = join(dataDir, "policy.yaml");
    copyFileSync(join(PRESETS_DIR, "generic.yaml"), policyFile);
    app = await startApp({ dataDir, env: { POLICY: policyFile } });
  });
  afterAll(async () => {
    await app.stop();
    await images.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("changes verdicts under the new policy version with zero detector runs", async () => {
    const urls = [
      images.set("/rj/800.jpg", { body: await makePoster(41, 800, 1200) }),
      images.set("/rj/1200.jpg", { body: await makePoster(42, 1200, 1800) }),
      images.set("/rj/700.jpg", { body: await makePoster(43, 700, 1050) }),
    ];
    const jobIds: string[] = [];
    for (const posterUrl of urls) {
      const { body } = await postJob(app.url, { platform: "streamflix", posterUrl });
      const done = await waitForJob(app.url, body.jobId, ["COMPLETED"]);
      expect(done.result.isCompliant).toBe(true);
      expect(done.result.notChecked).toContain("WEAPONS");
      jobIds.push(body.jobId);
    }
    const runsBefore = app.services.engine.runs.get("metrics");
    expect(runsBefore).toBe(3);

    // Verdicts stored before results recorded notChecked: they are read as they are.
    const db = new Database(join(dataDir, "posterguard.db"));
    db.prepare("UPDATE jobs SET result = json_remove(result, '$.notChecked') WHERE result IS NOT NULL").run();
    db.close();
    const old = await getJson(`${app.url}/jobs/${jobIds[0]}`);
    expect(old.status).toBe(200);
    expect(old.body.result.isCompliant).toBe(true);
    expect(old.body.result).not.toHaveProperty("notChecked");

    const edited = readFileSync(policyFile, "utf8")
      .replace(/minWidth: 600\n {4}minHeight: 900/, "minWidth: 1000\n    minHeight: 1500")
      .replace(
        "WEAPONS: { severity: MEDIUM, minConfidence: 0.6 }",
        "WEAPONS: { enabled: false, severity: MEDIUM }",
      );
    expect(edited).not.toBe(readFileSync(policyFile, "utf8"));
    writeFileSync(policyFile, edited);

    const response = await fetch(`${app.url}/policy/rejudge`, { method: "POST" });
    const report = (await response.json()) as Record<string, number>;
    expect(response.status).toBe(200);
    expect(report).toMatchObject({
      posters: 3,
      rejudged: 3,
      changed: 2,
      detectorRuns: 0,
      missingObservations: 0,
    });
    expect(app.services.engine.runs.get("metrics")).toBe(runsBefore);

    const again = await postJob(app.url, { platform: "streamflix", posterUrl: urls[0] });
    expect(again.status).toBe(200);
    expect(again.body.cached).toBe(true);
    expect(again.body.result.isCompliant).toBe(false);
    expect(again.body.result.violations.map((v: { code: string }) => v.code)).toEqual(["LOW_RESOLUTION"]);
    expect(again.body.result.policy.version).toBe(app.services.policyFor("streamflix", undefined).version);
    // Re-judging recomputed notChecked under the edited policy: WEAPONS is off now, so not listed.
    expect(again.body.result.notChecked).toContain("VIOLENCE");
    expect(again.body.result.notChecked).not.toContain("WEAPONS");
    expect(again.body.result.notChecked).not.toContain("LOW_RESOLUTION");
    expect(app.services.engine.runs.get("metrics")).toBe(runsBefore);

    const second = await (await fetch(`${app.url}/policy/rejudge`, { method: "POST" })).json();
    expect(second).toMatchObject({ posters: 3, rejudged: 0, current: 3 });
  });

  it("keeps the last good policy when an edit does not validate", async () => {
    const versionBefore = app.services.policyFor("streamflix", undefined).version;
    writeFileSync(policyFile, "id: broken\nrules: { NUDITY: { severity: SEVERE } }\n");
    app.services.policies.reloadIfChanged(true);
    expect(app.services.policyFor("streamflix", undefined).version).toBe(versionBefore);
  });
});
