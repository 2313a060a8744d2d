import { describe, expect, it } from "vitest";
import { csvField, csvHeader, csvRow } from "../../src/web/export-format.js";
import { externalHref, href, html, trusted } from "../../src/web/html.js";
import { syntheticEntries } from "./support/synthetic-index.js";

describe("HTML templates", () => {
  it("escapes every interpolated value, in text and in attributes", () => {
    const title = `<script>alert("x")</script> & 'quotes' \`ticks\``;
    const out = html`<a title="${title}">${title}</a>`.toString();
    expect(out).not.toContain("<script>");
    expect(out).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &#96;ticks&#96;">' +
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &#96;ticks&#96;</a>",
    );
  });

  it("nests fragments without escaping them twice, joins arrays and skips empty values", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.toString()).toBe(
      "<ul><li>a&lt;b</li><li>c</li></ul>",
    );
    expect(html`${trusted("<b>ok</b>")}`.toString()).toBe("<b>ok</b>");
  });

  it("links out only to http(s), and builds query strings from defined values", () => {
    expect(externalHref("javascript:alert(1)")).toBeUndefined();
    expect(externalHref("data:text/html,x")).toBeUndefined();
    expect(externalHref("https://example.com/a")).toBe("https://example.com/a");
    expect(href("/ui/posters", { code: "NUDITY", q: "a b&c", platform: undefined })).toBe(
      "/ui/posters?code=NUDITY&q=a+b%26c",
    );
  });
});

describe("CSV export", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-x")).toBe("'-x");
    expect(csvField("@sum")).toBe("'@sum");
    expect(csvField(undefined)).toBe("");
  });

  it("writes one row per poster with as many fields as the header", () => {
    const [entry] = syntheticEntries(1);
    const header = csvHeader().trim().split(",");
    const row = csvRow({ ...(entry as NonNullable<typeof entry>), title: "A, B" });
    expect(row.endsWith("\r\n")).toBe(true);
    expect(row).toContain('"A, B"');
    expect(row.trim().replace('"A, B"', "x").split(",")).toHaveLength(header.length);
  });
});
