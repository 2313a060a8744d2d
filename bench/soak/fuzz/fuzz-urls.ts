import type { Prng } from "../prng.js";

/**
 * Poster URLs to fuzz with. Every host is an IP literal, `localhost` or a spelling of one
 * (full-width or circled digits, trailing ideographic full stop): nothing needs DNS, so nothing
 * leaves the machine whatever the fetcher decides.
 */
export function fuzzUrl(random: Prng, imageOrigin: string, imagePaths: readonly string[]): string {
  const port = new URL(imageOrigin).port;
  const scheme = random.pick([
    "http",
    "http",
    "http",
    "https",
    "HtTp",
    "ftp",
    "file",
    "data",
    "javascript",
    "gopher",
    "ws",
    "",
  ]);
  const userinfo = random.pick(["", "", "", "user@", "user:pass@", "%40:%3A@", "ü:ñ@", ":@"]);
  const host = random.pick([
    "127.0.0.2",
    "127.0.0.2",
    "127.0.0.1",
    "[::1]",
    "[::ffff:127.0.0.2]",
    "[::ffff:7f00:2]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "0x7f.0.0.2",
    "2130706434",
    "0177.0.0.2",
    "127.2",
    "１２７.０.０.２",
    "①②⑦.0.0.2",
    "127.0.0.2\u3002",
    "ｌｏｃａｌｈｏｓｔ",
    "localhost",
    "%31%32%37.0.0.2",
    "☃.127.0.0.2",
    "[::1%25lo]",
    "[fe80::1]",
    "0.0.0.0",
    "",
  ]);
  const portPart = random.pick([`:${port}`, `:${port}`, "", ":0", ":65536", ":99999", ":1", ":-1"]);
  const path = random.pick([
    ...imagePaths,
    "/ü/ñ.jpg",
    `/${"a".repeat(random.int(20_000))}.jpg`,
    "/../../../../etc/passwd",
    "/%00.jpg",
    "/x.jpg?q=%ff%fe#frag",
    "/\u202e.jpg",
    "",
  ]);
  const separator = random.pick(["://", "://", ":", ":/", ":///", "//"]);
  return `${scheme}${separator}${userinfo}${host}${portPart}${path}`;
}

/** Hand-picked ones, always run. */
export function fixedUrls(imageOrigin: string): string[] {
  const { port } = new URL(imageOrigin);
  return [
    `${imageOrigin}/fuzz/ok.jpg`,
    `http://user:secret@127.0.0.2:${port}/fuzz/ok.jpg`,
    `http://[::ffff:127.0.0.2]:${port}/fuzz/ok.jpg`,
    `http://[::1]:${port}/fuzz/ok.jpg`,
    `http://127.0.0.1:${port}/fuzz/ok.jpg`,
    `http://ｌｏｃａｌｈｏｓｔ:${port}/fuzz/ok.jpg`,
    `http://１２７.０.０.２:${port}/fuzz/ok.jpg`,
    `file:///etc/passwd`,
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    `ftp://127.0.0.2:${port}/fuzz/ok.jpg`,
    `${imageOrigin}/${"ü".repeat(10_000)}.jpg`,
    `${imageOrigin}/missing.jpg`,
    "http://",
    "not a url",
    "",
  ];
}
