import { describe, expect, it } from "vitest";
import { collapseUrlSpacing } from "../../../src/compliance/rules/text/collapse-url-spacing.js";
import { withinOneEdit } from "../../../src/compliance/rules/text/edit-distance.js";
import { foldText, skeleton } from "../../../src/compliance/rules/text/normalize-text.js";
import { tokenizeWord } from "../../../src/compliance/rules/text/tokenize.js";

describe("text normalisation", () => {
  it("folds case, diacritics, typographic apostrophes and dashes", () => {
    expect(foldText("CAFÉ Œuvre Straße l’été – ﬁn")).toBe("cafe oeuvre strasse l'ete - fin");
  });

  it("gives confusable spellings one skeleton but leaves numbers alone", () => {
    expect(skeleton("n3tfl1x")).toBe(skeleton("netflix"));
    expect(skeleton("netfiix")).toBe(skeleton("netflix"));
    expect(skeleton("sh!t")).toBe(skeleton("shit"));
    expect(skeleton("a$$")).toBe(skeleton("ass"));
    expect(skeleton("2015")).toBe("2015");
  });

  it("splits words into tokens at punctuation and reads + as plus", () => {
    const raws = (word: string) => tokenizeWord(word, 0, 0).map((t) => t.raw);
    expect(raws("www.net-flix.com")).toEqual(["www", "net", "flix", "com"]);
    expect(raws("disney+")).toEqual(["disney", "plus"]);
    expect(raws("sh!t!")).toEqual(["sh!t"]);
    expect(raws("f#ck")).toEqual(["f*ck"]);
    expect(raws("#themovie")).toEqual(["themovie"]);
    expect(raws("@studio")).toEqual(["studio"]);
    expect(raws("netflix's")).toEqual(["netflix"]);
    expect(raws("who're")).toEqual(["who"]);
    expect(raws("o'brien")).toEqual(["obrien"]);
    expect(raws("***")).toEqual([]);
  });

  it("keeps token offsets inside the line", () => {
    const [token] = tokenizeWord("(netflix)", 10, 2);
    expect(token).toMatchObject({ raw: "netflix", start: 11, end: 18, wordIndex: 2 });
  });

  it("measures one edit, transpositions included", () => {
    expect(withinOneEdit("netflix", "netflx")).toBe(true);
    expect(withinOneEdit("netflix", "netfliix")).toBe(true);
    expect(withinOneEdit("netflix", "netfilx")).toBe(true);
    expect(withinOneEdit("netflix", "netfiix")).toBe(true);
    expect(withinOneEdit("netflix", "nteflxi")).toBe(false);
    expect(withinOneEdit("netflix", "netfl")).toBe(false);
  });

  it("removes the spaces OCR puts inside web addresses but not after a sentence", () => {
    expect(collapseUrlSpacing("www. site .com").text).toBe("www.site.com");
    expect(collapseUrlSpacing("site . com").text).toBe("site.com");
    expect(collapseUrlSpacing("https:// site.com").text).toBe("https://site.com");
    expect(collapseUrlSpacing("the end. net result").text).toBe("the end. net result");
  });
});
