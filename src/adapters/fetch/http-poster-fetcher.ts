import http, { type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { PosterRejectedError } from "../../domain/errors.js";
import type { ConditionalValidators, FetchOutcome, PosterFetcher } from "../../ports/poster-fetcher.js";
import { type AddressPolicy, createAddressPolicy } from "./address-policy.js";
import { blockedAddressError, createGuardedLookup } from "./guarded-lookup.js";
import { networkError } from "./network-error.js";
import { bareHostname, parsePosterUrl } from "./poster-url.js";
import { discardBody, readCappedBody } from "./read-capped-body.js";
import { type HopContext, sendRequest } from "./send-request.js";

export interface HttpPosterFetcherOptions {
  /** Allow loopback, private, link-local, CGNAT and reserved addresses (cloud metadata stays blocked). */
  allowPrivate?: boolean;
  /** CIDR ranges always allowed, e.g. an internal CDN. */
  allowedCidrs?: readonly string[];
  maxBytes?: number;
  /** Time to resolve the host and open the TCP connection, per hop. */
  connectTimeoutMs?: number;
  /** Time for the whole fetch: every hop, headers and body. */
  totalTimeoutMs?: number;
  maxRedirects?: number;
  userAgent?: string;
}

export interface HttpPosterFetcher extends PosterFetcher {
  /** Closes pooled connections. Idle pooled connections never keep the process alive, so this is optional. */
  close(): void;
}

export const DEFAULT_FETCH_OPTIONS = {
  allowPrivate: false,
  allowedCidrs: [] as readonly string[],
  maxBytes: 20 * 1024 * 1024,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  maxRedirects: 5,
  userAgent: "PosterGuard/0.1 (+poster compliance fetcher)",
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Idle pooled sockets are closed before common server keep-alive timeouts (5 s) to avoid reset races. */
const IDLE_SOCKET_MS = 4_000;
const MAX_SOCKETS_PER_HOST = 64;

export function createHttpPosterFetcher(options: HttpPosterFetcherOptions = {}): HttpPosterFetcher {
  const settings = { ...DEFAULT_FETCH_OPTIONS, ...withoutUndefined(options) };
  const policy = createAddressPolicy(settings);
  const lookup = createGuardedLookup(policy);
  const agentOptions = {
    keepAlive: true,
    timeout: IDLE_SOCKET_MS,
    maxSockets: MAX_SOCKETS_PER_HOST,
    maxFreeSockets: MAX_SOCKETS_PER_HOST,
    scheduling: "lifo",
  } as const;
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  async function fetchPoster(rawUrl: string, validators: ConditionalValidators = {}): Promise<FetchOutcome> {
    let url = parsePosterUrl(rawUrl);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(
        new PosterRejectedError(
          "FETCH_TIMEOUT",
          `Fetching ${rawUrl} took longer than ${settings.totalTimeoutMs} ms`,
        ),
      );
    }, settings.totalTimeoutMs);
    const ctx: HopContext = {
      httpAgent,
      httpsAgent,
      lookup,
      connectTimeoutMs: settings.connectTimeoutMs,
      signal: controller.signal,
    };
    const headers = requestHeaders(settings.userAgent, validators);

    try {
      for (let redirects = 0; ; redirects++) {
        assertLiteralAllowed(url, policy);
        const response = await sendRequest(url, headers, ctx);
        const status = response.statusCode ?? 0;
        const location = response.headers.location;

        if (REDIRECT_STATUSES.has(status) && location) {
          await discardBody(response);
          if (redirects >= settings.maxRedirects) {
            throw new PosterRejectedError(
              "TOO_MANY_REDIRECTS",
              `More than ${settings.maxRedirects} redirects fetching ${rawUrl} (last at ${url.href})`,
            );
          }
          url = parsePosterUrl(location, url);
          continue;
        }
        if (status === 304) {
          response.resume();
          return { notModified: true, finalUrl: url.href };
        }
        if (status < 200 || status > 299) {
          await discardBody(response);
          throw httpStatusError(response, url);
        }
        return await success(response, url, settings.maxBytes);
      }
    } catch (error) {
      if (error instanceof PosterRejectedError) throw error;
      if (controller.signal.aborted) throw controller.signal.reason;
      throw networkError(error, url);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    fetch: fetchPoster,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

async function success(response: IncomingMessage, url: URL, maxBytes: number): Promise<FetchOutcome> {
  const body = await readCappedBody(response, maxBytes, url);
  return {
    notModified: false,
    finalUrl: url.href,
    body,
    contentType: response.headers["content-type"],
    etag: headerValue(response.headers.etag),
    lastModified: response.headers["last-modified"],
  };
}

/** Node skips `lookup` for IP-literal hosts, so those are checked here before connecting. */
function assertLiteralAllowed(url: URL, policy: AddressPolicy): void {
  const host = bareHostname(url);
  if (isIP(host) === 0) return;
  const verdict = policy.check(host);
  if (!verdict.allowed) throw blockedAddressError(url.hostname, host, verdict.addressClass);
}

function requestHeaders(userAgent: string, validators: ConditionalValidators): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    "user-agent": userAgent,
    accept: "image/*,*/*;q=0.5",
    "accept-encoding": "identity",
  };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  return headers;
}

function httpStatusError(response: IncomingMessage, url: URL): PosterRejectedError {
  const status = response.statusCode ?? 0;
  const reason = response.statusMessage ? ` ${response.statusMessage}` : "";
  const why = REDIRECT_STATUSES.has(status) ? " (redirect without a Location header)" : "";
  return new PosterRejectedError(
    "FETCH_FAILED",
    `Server answered HTTP ${status}${reason}${why} for ${url.href}`,
  );
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
