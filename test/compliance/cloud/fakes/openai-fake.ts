import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  closeHttpServer,
  decodeImage,
  listenOnLoopback,
  type ReceivedImage,
  ReplyScript,
  readBody,
  Timers,
} from "./loopback.js";

/** What the fake answers to one chat completion. */
export type ChatReply =
  | { content: string | null; finishReason?: string; refusal?: string; delayMs?: number }
  | { status: number; message: string; delayMs?: number };

export interface ChatRequestSeen {
  authorization: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is whatever the SDK sent; tests inspect it.
  body: any;
  /** The media type of the image data URL. */
  imageType: string | undefined;
  image: ReceivedImage | undefined;
}

export interface OpenAiFake {
  /** For the SDK's `baseURL`, ending in /v1. */
  url: string;
  requests: ChatRequestSeen[];
  replies: ReplyScript<ChatReply>;
  close(): Promise<void>;
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** The OpenAI chat completions API as vLLM and Ollama serve it, on loopback. */
export async function startOpenAiFake(): Promise<OpenAiFake> {
  const requests: ChatRequestSeen[] = [];
  const replies = new ReplyScript<ChatReply>({ content: '{"findings":[]}' });
  const timers = new Timers();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      send(response, 404, {
        error: { message: `no route ${request.method} ${request.url}`, type: "not_found" },
      });
      return;
    }
    const body = JSON.parse(raw.toString("utf8"));
    const part = body.messages
      ?.flatMap((m: { content: unknown }) => (Array.isArray(m.content) ? m.content : []))
      .find((p: { type?: string }) => p.type === "image_url");
    const dataUrl = DATA_URL.exec(part?.image_url?.url ?? "");
    requests.push({
      authorization: request.headers.authorization,
      body,
      imageType: dataUrl?.[1],
      image: dataUrl?.[2] ? await decodeImage(Buffer.from(dataUrl[2], "base64")) : undefined,
    });
    const reply = replies.next();
    const answer = () => {
      if (!response.destroyed) respond(response, reply, body.model);
    };
    if (reply.delayMs) timers.after(reply.delayMs, answer);
    else answer();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, { error: { message: String(error), type: "server_error" } });
    });
  });
  const url = `${await listenOnLoopback(server)}/v1`;
  return {
    url,
    requests,
    replies,
    async close() {
      timers.clear();
      await closeHttpServer(server);
    },
  };
}

function respond(response: ServerResponse, reply: ChatReply, model: string): void {
  if ("status" in reply) {
    // The OpenAI error envelope, which Ollama and current vLLM also answer with.
    send(response, reply.status, {
      error: {
        message: reply.message,
        type: reply.status === 429 ? "rate_limit_error" : "server_error",
        param: null,
        code: reply.status === 429 ? "rate_limit_exceeded" : null,
      },
    });
    return;
  }
  send(response, 200, {
    id: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.content,
          refusal: reply.refusal ?? null,
          tool_calls: [],
        },
        logprobs: null,
        finish_reason: reply.finishReason ?? "stop",
      },
    ],
    usage: { prompt_tokens: 1520, completion_tokens: 64, total_tokens: 1584 },
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
