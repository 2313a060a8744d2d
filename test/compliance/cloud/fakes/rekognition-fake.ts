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

export interface FakeModerationLabel {
  Name: string;
  ParentName: string;
  Confidence: number;
  TaxonomyLevel: number;
}

/** What the fake answers to one DetectModerationLabels call. */
export type ModerationReply =
  | { labels: FakeModerationLabel[]; modelVersion?: string; delayMs?: number }
  /** Any JSON body with status 200, for answers the real service would not give. */
  | { body: unknown; delayMs?: number }
  | { error: string; message: string; status?: number; delayMs?: number };

export interface ModerationRequestSeen {
  target: string | undefined;
  contentType: string | undefined;
  signed: boolean;
  minConfidence: unknown;
  image: ReceivedImage | undefined;
}

export interface RekognitionFake {
  url: string;
  requests: ModerationRequestSeen[];
  replies: ReplyScript<ModerationReply>;
  close(): Promise<void>;
}

const TARGET = "RekognitionService.DetectModerationLabels";
const JSON_11 = "application/x-amz-json-1.1";

/** Amazon Rekognition's AWS JSON 1.1 protocol on loopback, DetectModerationLabels only. */
export async function startRekognitionFake(): Promise<RekognitionFake> {
  const requests: ModerationRequestSeen[] = [];
  const replies = new ReplyScript<ModerationReply>({ labels: [] });
  const timers = new Timers();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.headers["x-amz-target"] as string | undefined;
    if (request.method !== "POST" || request.url !== "/" || target !== TARGET) {
      send(response, 400, { __type: "UnknownOperationException", message: `unknown operation ${target}` });
      return;
    }
    const json = JSON.parse(body.toString("utf8"));
    requests.push({
      target,
      contentType: request.headers["content-type"],
      signed: String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 "),
      minConfidence: json.MinConfidence,
      image: await decodeImage(Buffer.from(json.Image?.Bytes ?? "", "base64")),
    });
    const reply = replies.next();
    const answer = () => {
      if (!response.destroyed) respond(response, reply);
    };
    if (reply.delayMs) timers.after(reply.delayMs, answer);
    else answer();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, { __type: "InternalServerError", message: String(error) });
    });
  });
  const url = await listenOnLoopback(server);
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

function respond(response: ServerResponse, reply: ModerationReply): void {
  if ("error" in reply) send(response, reply.status ?? 400, { __type: reply.error, message: reply.message });
  else if ("body" in reply) send(response, 200, reply.body);
  else {
    send(response, 200, {
      ModerationLabels: reply.labels,
      ModerationModelVersion: reply.modelVersion ?? "7.0",
      ContentTypes: [],
    });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": JSON_11, "x-amzn-requestid": randomUUID() });
  response.end(JSON.stringify(body));
}
