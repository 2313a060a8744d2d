import { randomUUID } from "node:crypto";
import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from "node:http2";
import {
  closeHttp2Server,
  decodeImage,
  listenOnLoopback,
  type ReceivedImage,
  ReplyScript,
  readBody,
  Timers,
} from "./loopback.js";

/** What the fake answers to one Converse call. */
export type ConverseReply =
  | { toolInput: unknown; toolName?: string; delayMs?: number }
  | { text: string; stopReason?: string; delayMs?: number }
  | { error: string; status: number; message: string; delayMs?: number };

/** One Converse request as the service would read it. */
export interface ConverseRequestSeen {
  modelId: string;
  signed: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is whatever the SDK sent; tests inspect it.
  body: any;
  image: ReceivedImage | undefined;
}

export interface BedrockRuntimeFake {
  /** For the SDK's `endpoint`. */
  url: string;
  requests: ConverseRequestSeen[];
  replies: ReplyScript<ConverseReply>;
  close(): Promise<void>;
}

const CONVERSE_PATH = /^\/model\/([^/]+)\/converse$/;

/**
 * Bedrock Runtime's Converse API (REST-JSON) on loopback. It speaks HTTP/2 cleartext because the
 * Bedrock Runtime client (3.1164) sends every request through its NodeHttp2Handler.
 */
export async function startBedrockRuntimeFake(): Promise<BedrockRuntimeFake> {
  const requests: ConverseRequestSeen[] = [];
  const replies = new ReplyScript<ConverseReply>({ toolInput: { findings: [] } });
  const sessions = new Set<Http2Session>();
  const timers = new Timers();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.stream.closed)
        sendJson(response, 500, { message: String(error) }, "InternalServerException");
    });
  });
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });

  async function handle(request: Http2ServerRequest, response: Http2ServerResponse): Promise<void> {
    const route = CONVERSE_PATH.exec(request.url);
    const body = await readBody(request);
    if (request.method !== "POST" || !route?.[1] || request.headers["content-type"] !== "application/json") {
      sendJson(
        response,
        404,
        { message: `no such operation: ${request.method} ${request.url}` },
        "UnknownOperationException",
      );
      return;
    }
    const json = JSON.parse(body.toString("utf8"));
    const imageBlock = json.messages?.[0]?.content?.find((block: { image?: unknown }) => block.image)?.image;
    requests.push({
      modelId: decodeURIComponent(route[1]),
      signed: String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 "),
      body: json,
      image: imageBlock
        ? await decodeImage(Buffer.from(imageBlock.source?.bytes ?? "", "base64"))
        : undefined,
    });
    const reply = replies.next();
    const answer = () => {
      if (!response.stream.closed) respond(response, reply);
    };
    if (reply.delayMs) timers.after(reply.delayMs, answer);
    else answer();
  }

  const url = await listenOnLoopback(server);
  return {
    url,
    requests,
    replies,
    async close() {
      timers.clear();
      await closeHttp2Server(server, sessions);
    },
  };
}

function respond(response: Http2ServerResponse, reply: ConverseReply): void {
  if ("error" in reply) {
    sendJson(response, reply.status, { message: reply.message }, reply.error);
    return;
  }
  const toolUse = "toolInput" in reply;
  sendJson(response, 200, {
    output: {
      message: {
        role: "assistant",
        content: toolUse
          ? [
              {
                toolUse: {
                  toolUseId: `tooluse_${randomUUID().replaceAll("-", "").slice(0, 22)}`,
                  name: reply.toolName ?? "report_findings",
                  input: reply.toolInput,
                },
              },
            ]
          : [{ text: reply.text }],
      },
    },
    stopReason: toolUse ? "tool_use" : (reply.stopReason ?? "end_turn"),
    usage: { inputTokens: 1873, outputTokens: 96, totalTokens: 1969 },
    metrics: { latencyMs: 812 },
  });
}

function sendJson(response: Http2ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
    ...(errorType
      ? { "x-amzn-errortype": `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` }
      : {}),
  });
  response.end(JSON.stringify(body));
}
