import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../config-error.js";
import { KeyRing, parseApiKeys } from "./api-keys.js";

/**
 * The settings of access control, to be merged into the configuration schema. The values of
 * API_KEYS and SESSION_SECRET are never echoed in an error message.
 */
export const ACCESS_CONFIG_SHAPE = {
  API_KEYS: z.string().optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  SESSION_SECRET: z.string().optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .min(1, { message: "must be at least 1" })
    .max(1_000_000, { message: "must be at most 1000000" })
    .default(1200),
};

export interface AccessConfig {
  API_KEYS?: string | undefined;
  API_KEYS_FILE?: string | undefined;
  SESSION_SECRET?: string | undefined;
  RATE_LIMIT_PER_MINUTE?: number | undefined;
}

export interface AccessControl {
  keys: KeyRing;
  /** No key configured: the server is open to whoever reaches it, so it binds loopback only. */
  openAccess: boolean;
  /** Signs dashboard session cookies. */
  sessionSecret: string;
  /** True when SESSION_SECRET is unset: sessions end when the process stops. */
  sessionSecretIsEphemeral: boolean;
  rateLimitPerMinute: number;
}

const MIN_SESSION_SECRET = 32;

/** Reads the keys (hashing any plain-text token at once) and the session secret. */
export function loadAccessControl(config: AccessConfig): AccessControl {
  const problems: string[] = [];
  const fromEnv = parseApiKeys(config.API_KEYS ?? "", "API_KEYS");
  problems.push(...fromEnv.problems);
  const keys = [...fromEnv.keys];
  if (config.API_KEYS_FILE) {
    let text: string | undefined;
    try {
      text = readFileSync(config.API_KEYS_FILE, "utf8");
    } catch (error) {
      problems.push(`API_KEYS_FILE=${config.API_KEYS_FILE}: cannot read it (${(error as Error).message})`);
    }
    if (text !== undefined) {
      const fromFile = parseApiKeys(text, `API_KEYS_FILE ${config.API_KEYS_FILE}`);
      problems.push(...fromFile.problems);
      for (const key of fromFile.keys) {
        if (keys.some((k) => k.name === key.name || k.hash === key.hash)) {
          problems.push(`API_KEYS_FILE (${key.name}): the name or token is also in API_KEYS`);
        } else keys.push(key);
      }
    }
  }
  const secret = config.SESSION_SECRET;
  if (secret !== undefined && secret.length < MIN_SESSION_SECRET) {
    problems.push(
      `SESSION_SECRET: must be at least ${MIN_SESSION_SECRET} characters (the value is not shown)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    keys: new KeyRing(keys),
    openAccess: keys.length === 0,
    sessionSecret: secret ?? randomBytes(32).toString("hex"),
    sessionSecretIsEphemeral: secret === undefined,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE ?? 1200,
  };
}
