import type { Prng } from "../prng.js";
import { nested, randomJson, randomString } from "./fuzz-bodies.js";
import { fixedUrls, fuzzUrl } from "./fuzz-urls.js";
import type { RawRequest } from "./send-raw.js";

export type FuzzCategory = "body" | "header" | "url" | "image" | "query";

export interface FuzzCase {
  name: string;
  category: FuzzCategory;
  request: RawRequest;
}

const JSON_TYPE = { "content-type": "application/json" };
const BODY_LIMIT = 64 * 1024;

function post(body: string | Buffer, headers: Record<string, string> = JSON_TYPE): RawRequest {
  return { method: "POST", path: "/jobs", headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
}

function job(posterUrl: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ platform: "fuzz", posterUrl, ...extra });
}

/** The hand-picked cases: each kind of input at least once. */
function fixedCases(imageOrigin: string, imagePaths: readonly string[]): FuzzCase[] {
  const ok = `${imageOrigin}/fuzz/ok.jpg`;
  const cases: FuzzCase[] = [];
  const add = (category: FuzzCategory, name: string, request: RawRequest) =>
    cases.push({ name, category, request });
  add("body", "empty body", post(""));
  add("body", "null", post("null"));
  add("body", "array", post("[]"));
  add("body", "string", post('"x"'));
  add("body", "truncated JSON", post('{"platform":"fuzz","posterUrl":'));
  add("body", "trailing garbage", post(`${job(ok)}xyz`));
  add("body", "BOM", post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(job(ok))])));
  add("body", "invalid UTF-8", post(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])));
  add("body", "wrong types", post(JSON.stringify({ platform: 1, posterUrl: {}, metadata: [] })));
  add("body", "platform with a slash", post(JSON.stringify({ platform: "../../etc", posterUrl: ok })));
  add("body", "unknown artwork type", post(job(ok, { artworkType: "billboard" })));
  add(
    "body",
    "__proto__ metadata",
    post(`{"platform":"fuzz","posterUrl":"${ok}","metadata":{"__proto__":{"x":1}}}`),
  );
  add("body", "huge platform", post(job(ok, { platform: "p".repeat(60_000) })));
  add("body", "huge metadata title", post(job(ok, { metadata: { title: "t".repeat(60_000) } })));
  add("body", "huge requestId", post(job(ok, { requestId: "r".repeat(60_000) })));
  add("body", "over the body limit", post(job(ok, { metadata: { pad: "x".repeat(BODY_LIMIT + 10) } })));
  add("body", "arrays 30,000 deep", post(nested(30_000, "array")));
  add("body", "objects 10,000 deep", post(nested(10_000, "object")));
  add(
    "body",
    "metadata 9,000 deep",
    post(`{"platform":"fuzz","posterUrl":"${ok}","metadata":${nested(9_000, "object")}}`),
  );
  add(
    "body",
    "many keys",
    post(JSON.stringify(Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}`, i])))),
  );
  add("body", "duplicate keys", post(`{"platform":"fuzz","platform":"x","posterUrl":"${ok}"}`));
  add("body", "number overflow", post(`{"platform":"fuzz","posterUrl":"${ok}","metadata":{"n":1e999999}}`));
  add("header", "no content-type", post(job(ok), {}));
  add("header", "text/plain", post(job(ok), { "content-type": "text/plain" }));
  add("header", "charset latin1", post(job(ok), { "content-type": "application/json; charset=latin1" }));
  add(
    "header",
    "charset utf-16",
    post(Buffer.from(job(ok), "utf16le"), { "content-type": "application/json; charset=utf-16le" }),
  );
  add("header", "upper case", post(job(ok), { "content-type": "APPLICATION/JSON" }));
  add("header", "json suffix", post(job(ok), { "content-type": "application/vnd.api+json" }));
  add(
    "header",
    "form",
    post(`platform=fuzz&posterUrl=${encodeURIComponent(ok)}`, {
      "content-type": "application/x-www-form-urlencoded",
    }),
  );
  add(
    "header",
    "multipart",
    post("--b\r\n\r\nx\r\n--b--", { "content-type": "multipart/form-data; boundary=b" }),
  );
  add("header", "semicolons", post(job(ok), { "content-type": "application/json;;;;" }));
  add(
    "header",
    "long content-type",
    post(job(ok), { "content-type": `application/json; x=${"y".repeat(8000)}` }),
  );
  add("header", "header over 16 KiB", post(job(ok), { ...JSON_TYPE, "x-pad": "z".repeat(20_000) }));
  add(
    "header",
    "300 headers",
    post(job(ok), {
      ...JSON_TYPE,
      ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, "v"])),
    }),
  );
  add("header", "odd accept", post(job(ok), { ...JSON_TYPE, accept: "text/html;q=0, */*;q=0" }));
  add("header", "gzip body claimed", post(job(ok), { ...JSON_TYPE, "content-encoding": "gzip" }));
  for (const url of fixedUrls(imageOrigin)) add("url", `url ${url.slice(0, 60)}`, post(job(url)));
  add("url", "posterUrl not a string", post(job(12)));
  add("url", "pageUrl odd", post(job(ok, { pageUrl: "javascript:alert(1)" })));
  for (const path of imagePaths) add("image", `image ${path}`, post(job(`${imageOrigin}${path}`)));
  add("query", "GET /jobs?limit=abc", { method: "GET", path: "/jobs?limit=abc", headers: {} });
  add("query", "GET /jobs?cursor=junk", { method: "GET", path: "/jobs?cursor=%ff%fe%00junk", headers: {} });
  add("query", "GET /jobs/not-an-id", { method: "GET", path: "/jobs/..%2f..%2fetc", headers: {} });
  add("query", "PUT /jobs", { method: "PUT", path: "/jobs", headers: JSON_TYPE, body: Buffer.from("{}") });
  return cases;
}

function randomCase(random: Prng, n: number, imageOrigin: string, imagePaths: readonly string[]): FuzzCase {
  const ok = `${imageOrigin}${random.pick(imagePaths)}`;
  switch (random.int(5)) {
    case 0:
      return {
        name: `random JSON ${n}`,
        category: "body",
        request: post(JSON.stringify(randomJson(random, 4)) ?? "null"),
      };
    case 1: {
      const fields = { platform: randomJson(random, 1), posterUrl: ok, metadata: randomJson(random, 3) };
      return { name: `random fields ${n}`, category: "body", request: post(JSON.stringify(fields)) };
    }
    case 2: {
      const type = random.pick([
        "application/json",
        "text/plain",
        "application/json; charset=utf-8",
        "",
        "*/*",
        "application/json\t",
      ]);
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      if (random.chance(0.3))
        headers[`x-${random.int(1000)}`] = randomString(random, random.int(3000)).replace(
          /[^\x20-\x7e]/g,
          "a",
        );
      return { name: `random header ${n}`, category: "header", request: post(job(ok), headers) };
    }
    case 3:
      return {
        name: `random url ${n}`,
        category: "url",
        request: post(job(fuzzUrl(random, imageOrigin, imagePaths))),
      };
    default: {
      const limit = random.pick(["1", "200", "201", "0", "-5", "1e3", "x"]);
      const status = random.pick(["PENDING", "FAILED", "nope", ""]);
      const path = `/jobs?limit=${limit}&status=${status}&platform=${encodeURIComponent(randomString(random, 5).replace(/[\ud800-\udfff]/g, "x"))}`;
      return { name: `random query ${n}`, category: "query", request: { method: "GET", path, headers: {} } };
    }
  }
}

/** `count` cases: the fixed ones, then random ones from the seed. */
export function fuzzCases(
  random: Prng,
  count: number,
  imageOrigin: string,
  imagePaths: readonly string[],
): FuzzCase[] {
  const cases = fixedCases(imageOrigin, imagePaths);
  for (let n = 0; cases.length < count; n++) cases.push(randomCase(random, n, imageOrigin, imagePaths));
  return cases;
}
