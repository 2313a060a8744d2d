import { statSync } from "node:fs";
import type { Logger } from "pino";
import type { Policy } from "../../domain/policy.js";
import { loadPolicyDocument, policyFileOf } from "./load-policy-document.js";
import type { PolicyDocument } from "./policy-document.js";
import { resolvePolicy } from "./resolve-policy.js";

const RECHECK_MS = 1000;

/**
 * The policy in force. Edits to the file are picked up (checked at most once a second);
 * an edit that does not validate is logged and the last good policy stays.
 */
export class PolicySource {
  private document: PolicyDocument;
  private readonly presets = new Map<string, PolicyDocument>();
  private resolved = new Map<string, Policy>();
  private readonly file: string;
  private mtimeMs: number;
  private checkedAt = Date.now();

  constructor(
    readonly reference: string,
    private readonly log?: Logger,
  ) {
    this.file = policyFileOf(reference);
    this.document = loadPolicyDocument(reference);
    this.mtimeMs = this.currentMtime();
  }

  get current(): PolicyDocument {
    this.reloadIfChanged();
    return this.document;
  }

  /** The resolved policy for a platform and artwork type (the document's default type when none). */
  forPoster(platform?: string, artworkType?: string): Policy {
    const document = this.current;
    const key = `${platform ?? ""}\u0000${artworkType ?? ""}`;
    let policy = this.resolved.get(key);
    if (!policy) {
      policy = resolvePolicy(document, (name) => this.preset(name), platform, artworkType);
      this.resolved.set(key, policy);
    }
    return policy;
  }

  /** Every (platform, artwork type) the document defines, resolved: what `policy show` prints. */
  allResolved(): Policy[] {
    const document = this.current;
    const platforms: (string | undefined)[] = [undefined, ...Object.keys(document.platforms)];
    return platforms.flatMap((platform) => {
      const base = platform && document.platforms[platform]?.preset;
      const types = Object.keys(base ? this.preset(base).artworkTypes : document.artworkTypes);
      return types.map((type) => this.forPoster(platform, type));
    });
  }

  private preset(name: string): PolicyDocument {
    let preset = this.presets.get(name);
    if (!preset) {
      preset = loadPolicyDocument(name);
      this.presets.set(name, preset);
    }
    return preset;
  }

  private currentMtime(): number {
    try {
      return statSync(this.file).mtimeMs;
    } catch {
      return this.mtimeMs;
    }
  }

  reloadIfChanged(force = false): boolean {
    const now = Date.now();
    if (!force && now - this.checkedAt < RECHECK_MS) return false;
    this.checkedAt = now;
    const mtime = this.currentMtime();
    if (!force && mtime === this.mtimeMs) return false;
    this.mtimeMs = mtime;
    try {
      this.document = loadPolicyDocument(this.reference);
      this.presets.clear();
      this.resolved = new Map();
      this.log?.info({ policy: this.document.id, file: this.file }, "policy reloaded");
      return true;
    } catch (error) {
      this.log?.error(
        { err: error, file: this.file },
        "the edited policy is invalid; keeping the last good one",
      );
      return false;
    }
  }
}
