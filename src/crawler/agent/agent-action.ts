import { z } from "zod";

const elementId = z
  .string()
  .regex(/^e\d{1,6}$/, { message: "must be an element id from the list, like e12" });

/** The only things the model can do to a page. */
export const agentActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("click"), elementId }).strict(),
  z
    .object({
      action: z.literal("scroll"),
      direction: z.enum(["up", "down", "left", "right"]),
      amount: z.number().int().min(1).max(5000),
    })
    .strict(),
  z.object({ action: z.literal("type"), elementId, text: z.string().max(200) }).strict(),
  z.object({ action: z.literal("done"), reason: z.string().max(300) }).strict(),
]);

export type AgentAction = z.infer<typeof agentActionSchema>;

/**
 * The answer format sent as the JSON schema `response_format`. Strict structured output wants one
 * object with every property required, so the fields an action does not use are null.
 */
export const agentActionJsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["action", "elementId", "direction", "amount", "text", "reason"],
  properties: {
    action: { type: "string", enum: ["click", "scroll", "type", "done"] },
    elementId: { type: ["string", "null"], description: "for click and type: an id from the element list" },
    direction: { type: ["string", "null"], enum: ["up", "down", "left", "right", null] },
    amount: { type: ["integer", "null"], description: "for scroll: pixels, 1 to 5000" },
    text: { type: ["string", "null"], description: "for type: the text to enter" },
    reason: { type: ["string", "null"], description: "for done: why the step is complete" },
  },
} as const;

export type ParsedAction = { ok: true; action: AgentAction } | { ok: false; problem: string };

/** Reads the model's answer: JSON, the nulls of unused fields dropped, then exactly one action of the schema. */
export function parseAgentAction(text: string, knownIds: ReadonlySet<string>): ParsedAction {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(text));
  } catch {
    return { ok: false, problem: "the answer is not JSON" };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: "the answer is not a JSON object" };
  }
  const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
  const parsed = agentActionSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `not an allowed action: ${issue?.path.join(".") || "action"}: ${issue?.message}`,
    };
  }
  const action = parsed.data;
  if ((action.action === "click" || action.action === "type") && !knownIds.has(action.elementId)) {
    return { ok: false, problem: `${action.elementId} is not in the element list` };
  }
  return { ok: true, action };
}

/** Some servers wrap JSON in a Markdown code fence even when asked not to. */
function stripFence(text: string): string {
  const match = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  return match?.[1] ?? text;
}
