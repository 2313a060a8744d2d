/** Calls the API as a key holder would: a bearer token, JSON in and out. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field, as a client would
type Json = any;

export async function api(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    redirect: "manual",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML or CSV: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Polls a job with a key until it reaches one of the statuses. */
export async function waitForJobWithKey(
  base: string,
  token: string | undefined,
  jobId: string,
  statuses: string[],
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api(base, token, "GET", `/jobs/${jobId}`);
    if (statuses.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
