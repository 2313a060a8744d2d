import { PosterRejectedError } from "../../domain/errors.js";

/** Turns a Node socket/HTTP error into a FETCH_FAILED a person can act on. */
export function networkError(error: unknown, url: URL): PosterRejectedError {
  if (error instanceof PosterRejectedError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0]?.trim() ?? "";
  const where = url.host;
  return new PosterRejectedError("FETCH_FAILED", `${describe(code, where, detail)} (${url.href})`);
}

function describe(code: unknown, where: string, detail: string): string {
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
    case "EAI_NODATA":
    case "EAI_NONAME":
      return `Could not resolve host ${where}`;
    case "ECONNREFUSED":
      return `Connection refused by ${where}`;
    case "ECONNRESET":
    case "EPIPE":
      return `Connection to ${where} was reset`;
    case "ECONNABORTED":
    case "ERR_STREAM_PREMATURE_CLOSE":
      return `Connection to ${where} closed before the download finished`;
    case "EPROTO":
      return `TLS handshake with ${where} failed`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `Host ${where} is unreachable`;
    default:
      if (typeof code === "string" && code.startsWith("HPE_")) return `Invalid HTTP response from ${where}`;
      if (typeof code === "string" && /CERT|SSL|TLS/.test(code)) return `TLS error with ${where}: ${detail}`;
      return `Could not fetch from ${where}: ${detail}`;
  }
}
