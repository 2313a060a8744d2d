import { createHash, randomBytes } from "node:crypto";
import { isRole, ROLES, type Role } from "./roles.js";

/**
 * API keys are random 256-bit tokens, so they are stored as plain SHA-256 digests: with that
 * much entropy nobody can guess a token from its digest, and a salt or a slow hash (scrypt)
 * would only protect short human-chosen secrets — while costing CPU on every request.
 */
export const TOKEN_PREFIX = "pgk_";
const HASHED = /^sha256:[0-9a-f]{64}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MIN_PLAINTEXT_LENGTH = 24;

export interface ApiKey {
  name: string;
  role: Role;
  /** `sha256:` and the hex digest of the token. */
  hash: string;
  /** A short, non-secret id of the key (from its digest), carried by dashboard sessions. */
  id: string;
}

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return `sha256:${createHash("sha256").update(token, "utf8").digest("hex")}`;
}

export function isKeyName(name: string): boolean {
  return NAME.test(name);
}

/** The line that configures a key: `name:role:sha256:<hex>`. */
export function keyEntry(name: string, role: Role, token: string): string {
  return `${name}:${role}:${hashToken(token)}`;
}

/**
 * Parses `name:role:secret` entries separated by commas or new lines (`#` starts a comment).
 * The secret is a digest (`sha256:<hex>`, what `posterguard keys create` prints) or a token in
 * plain text, hashed here and never kept. Problems name the entry, never its secret.
 */
export function parseApiKeys(text: string, source: string): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const entries = text
    .split(/[\n,]/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const where = `${source} entry ${i + 1}`;
    const first = entry.indexOf(":");
    const second = first < 0 ? -1 : entry.indexOf(":", first + 1);
    if (second < 0) {
      problems.push(`${where}: must be name:role:secret`);
      return;
    }
    const name = entry.slice(0, first).trim();
    const role = entry.slice(first + 1, second).trim();
    const secret = entry.slice(second + 1).trim();
    const label = isKeyName(name) ? `${where} (${name})` : where;
    if (!isKeyName(name)) problems.push(`${where}: the name must be letters, digits and . _ @ - (up to 64)`);
    if (!isRole(role)) problems.push(`${label}: the role must be one of ${ROLES.join(", ")}`);
    if (secret.startsWith("sha256:") && !HASHED.test(secret)) {
      problems.push(`${label}: a hashed secret is sha256: and 64 hex digits`);
    } else if (!secret.startsWith("sha256:") && secret.length < MIN_PLAINTEXT_LENGTH) {
      problems.push(
        `${label}: the token is too short to be safe (at least ${MIN_PLAINTEXT_LENGTH} characters; ` +
          "make one with `posterguard keys create`)",
      );
    }
    if (!isKeyName(name) || !isRole(role)) return;
    const hash = secret.startsWith("sha256:") ? secret : hashToken(secret);
    if (keys.some((k) => k.name === name)) problems.push(`${label}: the name is used twice`);
    else if (keys.some((k) => k.hash === hash)) problems.push(`${label}: the same token is configured twice`);
    else keys.push({ name, role, hash, id: hash.slice(7, 23) });
  });
  return { keys, problems };
}

/** The configured keys, looked up by the digest of a presented token. */
export class KeyRing {
  private readonly byHash = new Map<string, ApiKey>();
  private readonly byKeyId = new Map<string, ApiKey>();

  constructor(readonly keys: readonly ApiKey[]) {
    for (const key of keys) {
      this.byHash.set(key.hash, key);
      this.byKeyId.set(key.id, key);
    }
  }

  get isEmpty(): boolean {
    return this.keys.length === 0;
  }

  verify(token: string): ApiKey | undefined {
    if (token.length === 0 || token.length > 512) return undefined;
    return this.byHash.get(hashToken(token));
  }

  byId(id: string): ApiKey | undefined {
    return this.byKeyId.get(id);
  }
}
