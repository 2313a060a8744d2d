import type { Page } from "playwright-core";
import type { AgentActionRecord, AgentStepReport } from "../../ports/crawl-run-store.js";
import { type AgentAction, parseAgentAction } from "./agent-action.js";
import type { AgentModel } from "./agent-model.js";
import { agentUserText } from "./agent-prompt.js";
import { describeElements, ELEMENT_ATTRIBUTE, listElements } from "./element-list.js";

export interface AgentStepOptions {
  /** Model answers allowed per step, rejected ones included. */
  budget: number;
  signal: AbortSignal;
  /** Most elements listed for the model. */
  maxElements?: number;
  actionTimeoutMs?: number;
}

/**
 * Carries out a profile's natural-language steps on a page with a vision model: each turn the
 * model sees a screenshot and the interactive elements, and answers one action. Only actions of
 * the schema on listed elements are carried out; anything else is rejected and still costs a turn.
 */
export async function runAgentSteps(
  page: Page,
  steps: string[],
  model: AgentModel,
  options: AgentStepOptions,
): Promise<AgentStepReport[]> {
  const reports: AgentStepReport[] = [];
  for (const step of steps) {
    if (options.signal.aborted) break;
    reports.push(await runStep(page, step, model, options));
  }
  return reports;
}

async function runStep(page: Page, step: string, model: AgentModel, options: AgentStepOptions) {
  const report: AgentStepReport = { pageUrl: page.url(), step, completed: false, actions: [] };
  for (let turn = 0; turn < options.budget && !options.signal.aborted; turn++) {
    const elements = await listElements(page, options.maxElements ?? 80);
    const screenshot = await page.screenshot({ type: "jpeg", quality: 60, scale: "css", timeout: 10_000 });
    const history = report.actions.map((a) => ({
      answer: a.answer,
      outcome: a.detail ? `${a.outcome}: ${a.detail}` : a.outcome,
    }));
    const text = agentUserText(step, page.url(), describeElements(elements), history);
    let answer: string;
    try {
      answer = await model.next({ screenshot, text }, options.signal);
    } catch (error) {
      report.actions.push({ answer: "", outcome: "failed", detail: (error as Error).message });
      continue;
    }
    const parsed = parseAgentAction(answer, new Set(elements.map((e) => e.id)));
    const record: AgentActionRecord = { answer: answer.trim().slice(0, 500), outcome: "rejected" };
    report.actions.push(record);
    if (!parsed.ok) {
      record.detail = parsed.problem;
      continue;
    }
    if (parsed.action.action === "done") {
      record.outcome = "done";
      record.detail = parsed.action.reason;
      report.completed = true;
      break;
    }
    try {
      await perform(page, parsed.action, options.actionTimeoutMs ?? 5000);
      record.outcome = "ok";
    } catch (error) {
      record.outcome = "failed";
      record.detail = firstLine((error as Error).message);
    }
  }
  return report;
}

async function perform(page: Page, action: Exclude<AgentAction, { action: "done" }>, timeoutMs: number) {
  if (action.action === "scroll") {
    const dx =
      action.direction === "left" ? -action.amount : action.direction === "right" ? action.amount : 0;
    const dy = action.direction === "up" ? -action.amount : action.direction === "down" ? action.amount : 0;
    await page.mouse.wheel(dx, dy);
    await page.waitForTimeout(200);
    return;
  }
  const target = page.locator(`[${ELEMENT_ATTRIBUTE}="${action.elementId}"]`).first();
  if (action.action === "click") {
    await target.click({ timeout: timeoutMs });
  } else {
    await target.fill(action.text, { timeout: timeoutMs });
  }
  // Let what the action started (a request, a re-render) land before the next look.
  await page.waitForLoadState("domcontentloaded", { timeout: timeoutMs }).catch(() => {});
  await page.waitForTimeout(200);
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).slice(0, 300);
}
