import type { Submission } from "./soak-inputs.js";

export interface Answer {
  submission: Submission;
  status: number;
  body: Record<string, unknown> | undefined;
  /** Attempts after the first: connection errors while the server was down, fetches the soak broke. */
  retries: number;
  /** 5xx answers met on the way (each is a failure of the soak). */
  serverErrors: { status: number; body: string }[];
  /** The submission was never answered within the bound. */
  gaveUp: boolean;
}

const GIVE_UP_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * POSTs one submission until it gets an answer: a request cut off by a killed server is neither
 * accepted nor refused, so it goes again with the same requestId; so does a poster whose fetch
 * the soak made hang or reset.
 */
export async function submit(url: string, submission: Submission): Promise<Answer> {
  const body =
    typeof submission.body === "string" ? submission.body : JSON.stringify(withRequestId(submission));
  const answer: Answer = {
    submission,
    status: 0,
    body: undefined,
    retries: 0,
    serverErrors: [],
    gaveUp: false,
  };
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    // 250 ms, doubling to 2 s: a restarting server is not hammered by every request in flight.
    if (answer.retries > 0)
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(2000, 125 * 2 ** Math.min(answer.retries, 4))),
      );
    if (Date.now() > deadline) {
      answer.gaveUp = true;
      return answer;
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}/jobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch {
      answer.retries += 1;
      continue;
    }
    const parsed = parseObject(text);
    if (response.status >= 500) {
      answer.serverErrors.push({ status: response.status, body: text.slice(0, 300) });
      answer.retries += 1;
      continue;
    }
    if (response.status === 422 && brokenBySoak(submission, parsed)) {
      answer.retries += 1;
      continue;
    }
    answer.status = response.status;
    answer.body = parsed;
    return answer;
  }
}

function withRequestId(submission: Submission) {
  return { ...(submission.body as Record<string, unknown>), requestId: submission.requestId };
}

/**
 * A good poster whose fetch failed: the soak armed a hang or a reset on its URL, or the machine
 * was too loaded for the image server to answer in time. A client would send it again.
 */
function brokenBySoak(submission: Submission, body: Record<string, unknown> | undefined) {
  if (submission.kind === "bad" || !submission.path) return false;
  const code = (body?.error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && code.startsWith("FETCH");
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
