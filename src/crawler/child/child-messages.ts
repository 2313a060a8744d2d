import type { CrawlRun } from "../../ports/crawl-run-store.js";
import type { CreateJobRequest, CreateJobResponse } from "../../services/create-job.js";
import type { SandboxMode } from "../browser/chromium-sandbox.js";
import type { CrawlJobSettings } from "../crawl-executor.js";
import type { Profile } from "../profile/profile-schema.js";

/** The fetcher's address rules as plain data, for the child to build its own fence from. */
export interface FenceRules {
  allowPrivate: boolean;
  allowedCidrs: string[];
  /** Names answered without DNS (tests). */
  hosts?: Record<string, string>;
}

export interface ChildBrowserSettings {
  executablePath: string;
  sandbox: SandboxMode;
  extraArgs?: string[];
  /** An earlier run's child found the sandbox unavailable: `auto` need not try again. */
  sandboxKnownUnavailable?: string;
}

/** Everything the child needs for one run: no keys, no database, no configuration file. */
export interface StartMessage {
  type: "start";
  profile: Profile;
  job: CrawlJobSettings;
  browser: ChildBrowserSettings;
  fence: FenceRules;
  /** The agent model's name when the parent has one (the parent makes the calls, with its key). */
  agentModel?: string;
  progressEveryMs: number;
}

export interface ReplyMessage {
  type: "reply";
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; retryable: boolean };
}

export type ParentMessage = StartMessage | ReplyMessage | { type: "cancel" };

export type CallMessage =
  | { type: "call"; id: number; call: "submit"; request: CreateJobRequest }
  | { type: "call"; id: number; call: "agent"; screenshot: string; text: string };

export type ChildMessage =
  | CallMessage
  | { type: "browser"; pid?: number; sandboxed: boolean; sandboxReason?: string }
  | { type: "progress"; run: CrawlRun }
  | { type: "log"; level: "info" | "warn"; object: object; message: string }
  | { type: "done"; run: CrawlRun }
  | { type: "failed"; code: string; message: string };

export type SubmitReply = CreateJobResponse;
