/**
 * Chromium's own sandbox: `on` always (a launch without it fails), `off` never (`--no-sandbox`),
 * `auto` tries it and falls back to `--no-sandbox` when this kernel or user cannot give it.
 */
export type SandboxMode = "auto" | "on" | "off";

export const SANDBOX_MODES: readonly SandboxMode[] = ["auto", "on", "off"];

/** How the browser of a run was started. */
export interface SandboxState {
  sandboxed: boolean;
  /** Why it runs without its sandbox, when it does. */
  reason?: string;
}

/**
 * The launch errors that mean the sandbox cannot work here (running as root, no unprivileged user
 * namespaces, no usable setuid helper), as opposed to a missing or broken Chromium.
 */
const SANDBOX_FAILURES = [
  /Chromium sandboxing failed/i,
  /Running as root without --no-sandbox is not supported/i,
  /No usable sandbox/i,
  /namespace sandbox/i,
  /setuid sandbox/i,
  /chrome-sandbox/i,
  /sandbox.*(is not|isn't) (configured|supported|available)/i,
  /Operation not permitted.*clone|clone.*Operation not permitted/i,
];

export function isSandboxFailure(message: string): boolean {
  return SANDBOX_FAILURES.some((pattern) => pattern.test(message));
}

/** Why the sandbox failed, short enough for a run record and a log line (playwright rewrites Chromium's own words). */
export function sandboxFailureReason(message: string): string {
  const line = message.split("\n").find((l) => isSandboxFailure(l)) ?? "";
  const said = line
    .replace(/^\s*(\[[^\]]*\]\s*)+/, "")
    .trim()
    .slice(0, 200);
  const why =
    process.getuid?.() === 0
      ? "this process runs as root, and Chromium gives root no sandbox"
      : "no unprivileged user namespaces and no setuid sandbox helper";
  return said ? `${said} (${why})` : why;
}
