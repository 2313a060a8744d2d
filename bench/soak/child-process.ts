import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `node bin/posterguard.js` (the build in dist), or the sources through tsx with `fromSource`. */
export function posterguardArgs(fromSource: boolean): string[] {
  return fromSource
    ? ["--import", "tsx", `${ROOT}bench/soak/posterguard-entry.ts`]
    : [`${ROOT}bin/posterguard.js`];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to the harness, no child outlives it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
  // A signal would end the harness without "exit": turn it into an exit, children first.
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
}

export interface Child {
  readonly child: ChildProcess;
  /** The last lines it wrote, stdout and stderr together. */
  readonly tail: string[];
  readonly exited: Promise<number | null>;
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** SIGKILL, and resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<void>;
  /** True once the harness asked it to die. */
  readonly doomed: boolean;
}

export function startChild(nodeArgs: string[], env: Record<string, string>): Child {
  installExitHook();
  const child = spawn(process.execPath, nodeArgs, {
    env: { PATH: process.env.PATH ?? "", POSTERGUARD_CONFIG: "/nonexistent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const tail: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const onData = () => {
    let partial = "";
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        for (const waiter of [...waiters]) {
          if (!waiter.match(line)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    };
  };
  child.stdout?.on("data", onData());
  child.stderr?.on("data", onData());
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let doomed = false;
  return {
    child,
    tail,
    exited,
    get doomed() {
      return doomed;
    },
    waitForLine(match, timeoutMs) {
      const seen = tail.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such line; last lines:\n${tail.join("\n")}`)),
          timeoutMs,
        );
        exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before the line; last lines:\n${tail.join("\n")}`));
        });
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    async kill() {
      doomed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs) {
      doomed = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
