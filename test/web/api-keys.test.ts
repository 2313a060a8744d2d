import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { loadAccessControl } from "../../src/auth/access-control.js";
import { generateToken, hashToken, KeyRing, keyEntry, parseApiKeys } from "../../src/auth/api-keys.js";
import { checkBindAddress, isLoopbackHost, OPEN_ACCESS_NOTICE } from "../../src/auth/bind-rule.js";
import { keysCreateCommand } from "../../src/auth/keys-command.js";
import { can } from "../../src/auth/roles.js";
import { ConfigError } from "../../src/config.js";

function capture() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("API keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads hashed and plain-text entries; a token verifies, anything else does not", () => {
    const alice = generateToken();
    const bob = generateToken();
    expect(alice).toMatch(/^pgk_[A-Za-z0-9_-]{43}$/);
    const { keys, problems } = parseApiKeys(
      `${keyEntry("alice", "reviewer", alice)}\n# the crawler\nbob:submitter:${bob}`,
      "API_KEYS",
    );
    expect(problems).toEqual([]);
    const ring = new KeyRing(keys);
    expect(ring.verify(alice)).toMatchObject({ name: "alice", role: "reviewer" });
    expect(ring.verify(bob)).toMatchObject({ name: "bob", role: "submitter", hash: hashToken(bob) });
    expect(ring.verify(`${alice}x`)).toBeUndefined();
    expect(ring.verify("")).toBeUndefined();
    expect(keys.map((k) => k.hash).join()).not.toContain(bob);
  });

  it("reports every bad entry without ever repeating its secret", () => {
    const secret = "short-secret";
    const long = generateToken();
    const { problems } = parseApiKeys(
      [
        `alice:reviwer:${long}`,
        `bob:admin:${secret}`,
        "no-secret-here",
        `al ice:admin:${generateToken()}`,
        "x:admin:sha256:abc",
      ].join(","),
      "API_KEYS",
    );
    expect(problems).toHaveLength(5);
    expect(problems[0]).toContain("submitter, reviewer, admin");
    expect(problems[1]).toContain("too short");
    const all = problems.join("\n");
    expect(all).not.toContain(secret);
    expect(all).not.toContain(long);
  });

  it("loads keys from API_KEYS and API_KEYS_FILE and refuses a short SESSION_SECRET without showing it", () => {
    const fromFile = generateToken();
    const file = join(dir, "keys.txt");
    writeFileSync(file, `# PosterGuard keys\n${keyEntry("ada", "admin", fromFile)}\n`);
    const access = loadAccessControl({ API_KEYS: `carol:reviewer:${generateToken()}`, API_KEYS_FILE: file });
    expect(access.openAccess).toBe(false);
    expect(access.keys.verify(fromFile)?.name).toBe("ada");
    expect(access.sessionSecretIsEphemeral).toBe(true);
    expect(loadAccessControl({}).openAccess).toBe(true);

    const error = (() => {
      try {
        loadAccessControl({ SESSION_SECRET: "hunter2" });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain("SESSION_SECRET");
    expect(error?.message).not.toContain("hunter2");
    expect(() => loadAccessControl({ API_KEYS_FILE: join(dir, "missing.txt") })).toThrow(/API_KEYS_FILE/);
  });

  it("`keys create` prints a token once and a line holding only its digest", () => {
    const out = capture();
    const err = capture();
    expect(keysCreateCommand({ name: "alice", role: "reviewer" }, out.stream, err.stream)).toBe(0);
    const token = /pgk_[A-Za-z0-9_-]{43}/.exec(out.text())?.[0] ?? "";
    const entry = /alice:reviewer:sha256:[0-9a-f]{64}/.exec(out.text())?.[0] ?? "";
    expect(out.text().split(token)).toHaveLength(2);
    const ring = new KeyRing(parseApiKeys(entry, "API_KEYS").keys);
    expect(ring.verify(token)?.role).toBe("reviewer");
    expect(entry).not.toContain(token);

    const json = capture();
    keysCreateCommand({ name: "bot", role: "submitter", format: "json" }, json.stream, err.stream);
    const printed = JSON.parse(json.text());
    expect(new KeyRing(parseApiKeys(printed.entry, "x").keys).verify(printed.token)?.name).toBe("bot");

    expect(keysCreateCommand({ name: "eve", role: "root" }, out.stream, err.stream)).toBe(2);
    expect(err.text()).toContain("--role");
  });
});

describe("roles", () => {
  it("grants each role its own permissions", () => {
    expect(can("submitter", "submit")).toBe(true);
    expect(can("submitter", "review")).toBe(false);
    expect(can("reviewer", "review")).toBe(true);
    expect(can("reviewer", "export")).toBe(true);
    expect(can("reviewer", "submit")).toBe(false);
    expect(can("reviewer", "operate")).toBe(false);
    expect(can("admin", "operate")).toBe(true);
  });
});

describe("the loopback-only rule", () => {
  const open = loadAccessControl({});
  const keyed = loadAccessControl({ API_KEYS: keyEntry("ada", "admin", generateToken()) });

  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "128.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("lets an open server bind loopback only, and says so", () => {
    expect(checkBindAddress("127.0.0.1", open)).toEqual({ notice: OPEN_ACCESS_NOTICE });
    expect(() => checkBindAddress("0.0.0.0", open)).toThrow(ConfigError);
    expect(() => checkBindAddress("0.0.0.0", open)).toThrow(/HOST=0\.0\.0\.0.*API_KEYS/s);
    expect(() => checkBindAddress("::", open)).toThrow(ConfigError);
    expect(checkBindAddress("0.0.0.0", keyed)).toEqual({});
  });
});
