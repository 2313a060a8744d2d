import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/compliance/default-policy.js";
import { VISIBLE_TEXT_CODES } from "../../src/compliance/detectors/cloud/content-taxonomy.js";
import { loadPolicyDocument, PRESETS_DIR } from "../../src/compliance/policy/load-policy-document.js";
import { CONTENT_RULES } from "../../src/compliance/rules/content-rules.js";
import type { RuleContext } from "../../src/compliance/rules/rule.js";
import { SPEC_TEXT_CODES, SPEC_TEXT_RULES } from "../../src/compliance/rules/spec/judge-spec-text.js";
import { TECHNICAL_CODES, TECHNICAL_RULES } from "../../src/compliance/rules/technical-rules.js";
import { TEXT_RULE_CODES, TEXT_RULES } from "../../src/compliance/rules/text/judge-text.js";
import { versionPolicy } from "../../src/domain/policy.js";
import { VIOLATION_CODES, type ViolationCode } from "../../src/domain/violation.js";

const FAMILIES = {
  technical: TECHNICAL_RULES,
  text: TEXT_RULES,
  spec: SPEC_TEXT_RULES,
  content: CONTENT_RULES,
} as const;

/**
 * Codes some rule raises although another family owns them: a vision model (Bedrock, OpenAI)
 * also reads the text on the art, and the content rules pass on what it read under the text
 * codes. Nothing else: every other code is raised only by the family that owns it.
 */
const READ_BY_VISION_MODELS: readonly ViolationCode[] = VISIBLE_TEXT_CODES.map((c) => c.code);

/** The generic policy without banned terms: a policy's banned terms are rules of any code it names. */
function builtInContext(): RuleContext {
  const { version: _version, ...content } = defaultPolicy();
  return { policy: versionPolicy({ ...content, text: { ...content.text, bannedTerms: [] } }) };
}

const rulesOf = (family: (typeof FAMILIES)[keyof typeof FAMILIES]) =>
  family.rules(builtInContext()).map((rule) => rule.code);

describe("rule families", () => {
  it("give every violation code to exactly one family", () => {
    for (const code of VIOLATION_CODES) {
      const owners = Object.entries(FAMILIES)
        .filter(([, family]) => family.codes.includes(code))
        .map(([name]) => name);
      expect({ code, owners }).toEqual({ code, owners: [expect.any(String)] });
    }
  });

  it("have a rule for every code they own, and no rule for a code they do not", () => {
    for (const [name, family] of Object.entries(FAMILIES)) {
      const raised = new Set(rulesOf(family));
      expect({ name, missing: family.codes.filter((code) => !raised.has(code)) }).toEqual({
        name,
        missing: [],
      });
      const foreign = [...raised].filter((code) => !family.codes.includes(code));
      expect({ name, foreign }).toEqual({
        name,
        foreign: name === "content" ? [...READ_BY_VISION_MODELS] : [],
      });
    }
  });

  it("export their code lists beside their rules", () => {
    expect(TECHNICAL_RULES.codes).toBe(TECHNICAL_CODES);
    expect(TEXT_RULES.codes).toBe(TEXT_RULE_CODES);
    expect(SPEC_TEXT_RULES.codes).toBe(SPEC_TEXT_CODES);
    // Content codes (NUDITY … HATE_SYMBOLS, LOGO_OR_WATERMARK) are decided by the models: the
    // content rules only pass on their findings, under the policy like every other rule.
    expect(CONTENT_RULES.codes).toEqual([
      "NUDITY",
      "SUGGESTIVE",
      "VIOLENCE",
      "WEAPONS",
      "DRUGS_ALCOHOL",
      "HATE_SYMBOLS",
      "LOGO_OR_WATERMARK",
    ]);
  });

  const presets = readdirSync(PRESETS_DIR).filter((file) => file.endsWith(".yaml"));

  it("are judged under every shipped preset", () => {
    expect(presets).toEqual(expect.arrayContaining(["generic.yaml", "prime-video.yaml", "apple-tv.yaml"]));
  });

  it.each(presets)("have a place in %s: a rules entry for every violation code", (file) => {
    const document = loadPolicyDocument(`${PRESETS_DIR}${file}`);
    expect(VIOLATION_CODES.filter((code) => document.rules[code] === undefined)).toEqual([]);
  });
});
