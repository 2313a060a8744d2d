import { PosterRejectedError } from "../../domain/errors.js";

/** Parses a poster URL, accepting only plain http(s) URLs with a host and no credentials. */
export function parsePosterUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new PosterRejectedError("INVALID_URL", `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PosterRejectedError(
      "INVALID_URL",
      `Only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, "")}: (${truncate(raw)})`,
    );
  }
  if (url.hostname === "") {
    throw new PosterRejectedError("INVALID_URL", `URL has no host: ${truncate(raw)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new PosterRejectedError("INVALID_URL", "URLs with a user name or password are not accepted");
  }
  return url;
}

/** The host as the network layer wants it: IPv6 literals without their brackets. */
export function bareHostname(url: URL): string {
  const host = url.hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
