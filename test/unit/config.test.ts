import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const noFile = { POSTERGUARD_CONFIG: "/nonexistent/posterguard.config.yaml" };

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig(noFile);
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      BACKEND: "embedded",
      FETCH_ALLOW_PRIVATE: false,
      FETCH_MAX_BYTES: 20 * 1024 * 1024,
      FETCH_MAX_REDIRECTS: 5,
      MAX_RECEIVE_COUNT: 3,
      DETECTORS: ["metrics", "ocr", "nsfw", "pdq"],
    });
  });

  it("reports every bad value at once, one line each", () => {
    const env = {
      ...noFile,
      PORT: "http",
      BACKEND: "gcp",
      FETCH_ALLOW_PRIVATE: "maybe",
      WORKER_CONCURRENCY: "-1",
      FETCH_ALLOWED_CIDRS: "10.0.0.0/8,not-a-range",
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="http": must be a number/),
        'BACKEND="gcp": must be embedded or aws',
        'FETCH_ALLOW_PRIVATE="maybe": must be true or false',
        'WORKER_CONCURRENCY="-1": must be at least 0',
        'FETCH_ALLOWED_CIDRS="10.0.0.0/8,not-a-range": must be a comma list of CIDR ranges such as 10.20.0.0/16',
      ]),
    );
  });

  it("reads posterguard.config.yaml, with the environment taking precedence", () => {
    const dir = mkdtempSync(join(tmpdir(), "posterguard-config-"));
    try {
      const file = join(dir, "posterguard.config.yaml");
      writeFileSync(file, "PORT: 4000\nhost: 0.0.0.0\nFETCH_ALLOWED_CIDRS: [10.0.0.0/8, 192.168.1.0/24]\n");
      const config = loadConfig({ POSTERGUARD_CONFIG: file, HOST: "127.0.0.1" });
      expect(config.PORT).toBe(4000);
      expect(config.HOST).toBe("127.0.0.1");
      expect(config.FETCH_ALLOWED_CIDRS).toEqual(["10.0.0.0/8", "192.168.1.0/24"]);
      writeFileSync(file, "PROT: 4000\n");
      expect(() => loadConfig({ POSTERGUARD_CONFIG: file })).toThrow(/unknown setting PROT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
