import { type ChildProcess, fork } from "node:child_process";
import { type CrawlRun, emptyCrawlCounts } from "../../ports/crawl-run-store.js";
import type { AgentModel } from "../agent/agent-model.js";
import { type CrawlExecutor, type CrawlJob, crawlJobSettings } from "../crawl-executor.js";
import type { Profile } from "../profile/profile-schema.js";
import { endedBy } from "../run-failure.js";
import { describeSubmitError, type SubmitPoster } from "../submit/submit-poster.js";
import { crawlChildEntry } from "./child-entry.js";
import { childEnvironment } from "./child-environment.js";
import type {
  CallMessage,
  ChildBrowserSettings,
  ChildMessage,
  FenceRules,
  ParentMessage,
} from "./child-messages.js";

export interface ChildProcessExecutorOptions {
  browser: ChildBrowserSettings;
  fence: FenceRules;
  /** The agent model; the child asks for each turn and this process makes the call. */
  agent?: AgentModel;
  /** How often the child reports the record so far. */
  progressEveryMs?: number;
  /** After a cancel (shutdown, a lost lease), how long the child has to finish before SIGKILL. */
  graceMs?: number;
  /** How long past the run's maxSeconds a child may take before it is killed as hung. */
  overrunMs?: number;
  /** The environment the child's few variables are taken from (this process's by default). */
  env?: NodeJS.ProcessEnv;
}

/** A crawl child now running, for operators and tests. */
export interface CrawlChild {
  runId: string;
  pid: number;
  /** Chromium's browser process, once the child has launched it. */
  browserPid?: number;
}

export interface ChildProcessExecutor {
  execute: CrawlExecutor;
  children(): CrawlChild[];
}

/**
 * Every run in a process of its own (one per run: a hostile page of one catalog never shares a
 * browser with another, and a crash takes down one run). The child gets a bare environment and
 * no database; this process answers its calls (submit a poster, an agent turn), keeps its
 * progress, kills it (and its Chromium) on cancel after a grace, or when it overruns its time,
 * and records a child that dies as a FAILED run.
 */
export function childProcessExecutor(options: ChildProcessExecutorOptions): ChildProcessExecutor {
  const running = new Map<string, CrawlChild>();
  const graceMs = options.graceMs ?? 10_000;
  const overrunMs = options.overrunMs ?? 60_000;
  // Learnt from the first child that had to fall back: later ones skip the launch that fails.
  let sandboxUnavailable: string | undefined;

  async function execute(profile: Profile, job: CrawlJob, submit: SubmitPoster): Promise<CrawlRun> {
    const entry = crawlChildEntry();
    const child = fork(entry.module, [], {
      execArgv: entry.execArgv,
      env: childEnvironment(options.env ?? process.env),
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const record: CrawlChild = { runId: job.runId, pid: child.pid ?? 0 };
    running.set(job.runId, record);
    let last = startingRecord(profile, job);
    let result: CrawlRun | undefined;
    let failure: { code: string; message: string } | undefined;
    let killedFor: "cancel" | "overrun" | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const kill = (reason: "cancel" | "overrun") => {
      killedFor ??= reason;
      child.kill("SIGKILL");
      killBrowser(record.browserPid);
    };
    const onCancel = () => {
      tell(child, { type: "cancel" });
      graceTimer = setTimeout(() => kill("cancel"), graceMs);
    };
    const overrun = setTimeout(() => kill("overrun"), job.limits.maxSeconds * 1000 + overrunMs);

    child.on("message", (message: ChildMessage) => {
      switch (message.type) {
        case "call":
          void answer(child, message, submit, options.agent);
          return;
        case "browser":
          if (message.pid) record.browserPid = message.pid;
          if (!message.sandboxed && options.browser.sandbox === "auto")
            sandboxUnavailable ??= message.sandboxReason;
          last = { ...last, browser: browserInfo(message) };
          return;
        case "progress":
          last = message.run;
          job.onProgress(message.run);
          return;
        case "log":
          job.log[message.level](
            { ...message.object, runId: job.runId, childPid: record.pid },
            message.message,
          );
          return;
        case "done":
          result = message.run;
          return;
        case "failed":
          failure = { code: message.code, message: message.message };
      }
    });

    try {
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.once("error", (error) => {
          failure ??= {
            code: "CRAWL_PROCESS_FAILED",
            message: `the crawl's process did not start: ${error.message}`,
          };
          resolve({ code: null, signal: null });
        });
        child.once("exit", (code, signal) => resolve({ code, signal }));
        job.signal.addEventListener("abort", onCancel, { once: true });
        if (job.signal.aborted) onCancel();
        const browser = {
          ...options.browser,
          ...(sandboxUnavailable ? { sandboxKnownUnavailable: sandboxUnavailable } : {}),
        };
        tell(child, startMessage(profile, job, { ...options, browser }));
      });
      // Chromium is in a process group of its own: a child that died leaves nothing behind.
      killBrowser(record.browserPid);
      if (result) return result;
      if (failure && !killedFor) throw Object.assign(new Error(failure.message), { code: failure.code });
      const how = exit.signal ?? `exit code ${exit.code}`;
      if (killedFor === "overrun") {
        return endedBy(
          last,
          "FAILED",
          {
            code: "CRAWL_TIMEOUT",
            reason: `the crawl's process ran ${Math.round(overrunMs / 1000)} s past maxSeconds (${job.limits.maxSeconds}) and was killed`,
          },
          job.now(),
        );
      }
      if (killedFor === "cancel") {
        return endedBy(
          last,
          "INTERRUPTED",
          {
            code: "CRAWL_PROCESS_KILLED",
            reason: `the run was cancelled and its process did not stop within ${Math.round(graceMs / 1000)} s`,
          },
          job.now(),
        );
      }
      return endedBy(
        last,
        "FAILED",
        {
          code: "CRAWL_PROCESS_DIED",
          reason: `the crawl's process (pid ${record.pid}) ended by ${how} before the run finished`,
        },
        job.now(),
      );
    } finally {
      clearTimeout(overrun);
      clearTimeout(graceTimer);
      job.signal.removeEventListener("abort", onCancel);
      running.delete(job.runId);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  return { execute, children: () => [...running.values()].map((c) => ({ ...c })) };
}

function startMessage(profile: Profile, job: CrawlJob, options: ChildProcessExecutorOptions): ParentMessage {
  return {
    type: "start",
    profile,
    job: crawlJobSettings(job),
    browser: options.browser,
    fence: options.fence,
    ...(options.agent ? { agentModel: options.agent.model } : {}),
    progressEveryMs: options.progressEveryMs ?? 1000,
  };
}

/** The record until the child reports one: what the run is, nothing found yet. */
function startingRecord(profile: Profile, job: CrawlJob): CrawlRun {
  return {
    runId: job.runId,
    platform: profile.platform,
    trigger: job.trigger,
    dryRun: job.dryRun,
    status: "RUNNING",
    startUrls: profile.startUrls,
    startedAt: job.now().toISOString(),
    counts: emptyCrawlCounts(),
    errors: [],
    posters: [],
    browser: { process: "child" },
  };
}

function browserInfo(message: Extract<ChildMessage, { type: "browser" }>): CrawlRun["browser"] {
  return {
    process: "child",
    sandboxed: message.sandboxed,
    ...(message.sandboxReason ? { sandboxReason: message.sandboxReason } : {}),
  };
}

async function answer(
  child: ChildProcess,
  message: CallMessage,
  submit: SubmitPoster,
  agent: AgentModel | undefined,
): Promise<void> {
  try {
    const value =
      message.call === "submit"
        ? await submit(message.request)
        : await askAgent(agent, message.screenshot, message.text);
    tell(child, { type: "reply", id: message.id, ok: true, value });
  } catch (error) {
    const { code, reason } = describeSubmitError(error);
    const retryable = (error as { retryable?: unknown }).retryable === true;
    tell(child, { type: "reply", id: message.id, ok: false, error: { code, message: reason, retryable } });
  }
}

function askAgent(agent: AgentModel | undefined, screenshot: string, text: string): Promise<string> {
  if (!agent) return Promise.reject(new Error("no agent model is configured"));
  return agent.next({ screenshot: Buffer.from(screenshot, "base64"), text });
}

/** Sends unless the child is gone (then there is nobody to tell; its exit is handled apart). */
function tell(child: ChildProcess, message: ParentMessage): void {
  if (!child.connected) return;
  child.send(message, () => {});
}

/** playwright starts Chromium as the leader of its own process group: the group goes at once. */
function killBrowser(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
