import type { ParentCalls } from "../child/parent-calls.js";
import type { AgentModel } from "./agent-model.js";

/** The agent model as the crawl child sees it: the parent makes each call, with its own key. */
export function ipcAgentModel(model: string, parent: ParentCalls): AgentModel {
  return {
    model,
    next: (turn) =>
      parent.call<string>({ call: "agent", screenshot: turn.screenshot.toString("base64"), text: turn.text }),
  };
}
