import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { isPlatformSlug } from "../../domain/platform.js";
import { type Profile, profileSchema } from "./profile-schema.js";

export class ProfileError extends Error {
  override readonly name = "ProfileError";
  readonly code = "INVALID_PROFILE";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid crawl profile\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export class ProfileNotFoundError extends Error {
  override readonly name = "ProfileNotFoundError";
  readonly code = "PROFILE_NOT_FOUND";
}

export const GENERIC_PLATFORM = "generic";

/** The generic profile this package ships, for a profiles folder that has none of its own. */
const SHIPPED_GENERIC = fileURLToPath(new URL("../../../profiles/generic.yaml", import.meta.url));

const VARIABLE = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of the document with a variable (the environment by
 * default), so one profile serves staging and production hosts; an unset variable is a problem.
 */
function interpolate(
  value: unknown,
  vars: Record<string, string | undefined>,
  problems: Set<string>,
): unknown {
  if (typeof value === "string") {
    return value.replace(VARIABLE, (_, name: string) => {
      const replacement = vars[name];
      if (replacement === undefined || replacement === "") {
        problems.add(`\${${name}} is used but the variable ${name} is not set`);
        return "";
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, problems));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, problems)]));
  }
  return value;
}

/** Validates a parsed profile document; `platform` defaults to the file's name. */
export function parseProfile(
  document: unknown,
  source: string,
  vars: Record<string, string | undefined> = process.env,
): Profile {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new ProfileError(source, ["the profile must be a mapping of settings"]);
  }
  const problems = new Set<string>();
  const interpolated = interpolate(document, vars, problems) as Record<string, unknown>;
  if (problems.size > 0) throw new ProfileError(source, [...problems]);
  const withPlatform = { platform: basename(source).replace(/\.ya?ml$/i, ""), ...interpolated };
  const parsed = profileSchema.safeParse(withPlatform);
  if (!parsed.success) {
    throw new ProfileError(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "profile"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export function loadProfileFile(
  file: string,
  vars: Record<string, string | undefined> = process.env,
): Profile {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProfileError(file, [`not readable YAML: ${(error as Error).message}`]);
  }
  return parseProfile(document, file, vars);
}

/** The profiles of a folder, one `<platform>.yaml` each, read on every call so edits apply at once. */
export class ProfileSource {
  constructor(
    readonly dir: string,
    private readonly vars: Record<string, string | undefined> = process.env,
  ) {}

  /** Platforms with a profile file, the generic profile excluded. */
  platforms(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .map((f) => f.replace(/\.ya?ml$/i, ""))
      .filter((p) => p !== GENERIC_PLATFORM && isPlatformSlug(p))
      .sort();
  }

  load(platform: string): Profile {
    if (!isPlatformSlug(platform))
      throw new ProfileNotFoundError(`no crawl profile ${JSON.stringify(platform)}`);
    const file = [".yaml", ".yml"]
      .map((ext) => join(this.dir, `${platform}${ext}`))
      .find((f) => existsSync(f));
    if (!file) {
      throw new ProfileNotFoundError(
        `no crawl profile for platform ${platform}: add ${join(this.dir, `${platform}.yaml`)}`,
      );
    }
    const profile = loadProfileFile(file, this.vars);
    if (profile.platform !== platform) {
      throw new ProfileError(file, [`platform: is ${profile.platform} but the file is named ${platform}`]);
    }
    return profile;
  }

  /**
   * The generic profile (from `generic.yaml` when the folder has one) pointed at one URL and
   * recorded under `platform` (default: a slug of the URL's host).
   */
  generic(url: string, platform?: string): Profile {
    const own = join(this.dir, `${GENERIC_PLATFORM}.yaml`);
    const file = existsSync(own) ? own : SHIPPED_GENERIC;
    const base: Record<string, unknown> = existsSync(file)
      ? (parseYaml(readFileSync(file, "utf8")) as Record<string, unknown>)
      : {};
    const slug = platform ?? platformFromUrl(url);
    return parseProfile({ ...base, platform: slug, startUrls: [url] }, file, this.vars);
  }
}

/** `https://www.Example.com:8443/x` → `www-example-com`. */
export function platformFromUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new ProfileError("--url", [`${JSON.stringify(url)} is not a URL`]);
  }
  const slug = host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return isPlatformSlug(slug) ? slug : GENERIC_PLATFORM;
}
