import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

describe("GET /healthz", () => {
  let server: RunningDashboard;

  beforeAll(async () => {
    server = await startDashboard({ workers: false, logLevel: "error" });
  });
  afterAll(async () => server?.stop());

  it("answers ok while storage works", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("answers 503 with a generic status when storage fails, and logs the cause only on the server", async () => {
    // A real storage failure: the queue's table is gone from the SQLite file under the server.
    const db = new Database(join(server.dataDir, "posterguard.db"));
    db.exec("DROP TABLE queue_messages");
    db.close();

    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: "unavailable", checks: { storage: "failing" } });
    expect(text).not.toMatch(/queue_messages|sqlite|no such table/i);
    const log = server.logs.join("");
    expect(log).toContain("health check failed");
    expect(log).toContain("queue_messages");
  });
});
