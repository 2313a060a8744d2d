import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";

/** One thing on the page the model may act on, named by an id that stays the same while the page lives. */
export interface AgentElement {
  id: string;
  role: string;
  text: string;
  /** x, y, width, height in CSS pixels of the viewport. */
  box: [number, number, number, number];
  /** Another element sits on top of its centre (an overlay): a click would not reach it. */
  covered?: boolean;
  disabled?: boolean;
}

export const ELEMENT_ATTRIBUTE = "data-pg-agent";

/**
 * Lists interactive elements, those in the viewport first, at most `max`. Ids (`e1`, `e2`, …) are
 * written on the elements so the next list, and the click, find the same ones.
 */
function listElementsInBrowser(arg: { max: number; attribute: string }): AgentElement[] {
  const SELECTOR = [
    "a[href]",
    "button",
    "input:not([type=hidden])",
    "select",
    "textarea",
    "summary",
    "[role=button]",
    "[role=link]",
    "[role=tab]",
    "[role=checkbox]",
    "[role=switch]",
    "[role=menuitem]",
    "[role=option]",
    "[role=radio]",
    "[role=combobox]",
    "[role=textbox]",
    "[onclick]",
    "[tabindex]:not([tabindex='-1'])",
    "[contenteditable=true]",
  ].join(",");
  const win = window as unknown as { __pgAgentNext?: number };
  const implicitRole = (el: Element): string => {
    const tag = el.tagName.toLowerCase();
    if (tag === "a") return "link";
    if (tag === "select") return "combobox";
    if (tag === "textarea") return "textbox";
    if (tag === "input") {
      const type = (el.getAttribute("type") ?? "text").toLowerCase();
      if (type === "checkbox" || type === "radio") return type;
      if (type === "submit" || type === "button" || type === "reset") return "button";
      return "textbox";
    }
    return tag === "button" || tag === "summary" ? "button" : "generic";
  };
  const textOf = (el: Element): string => {
    const input = el as HTMLInputElement;
    const text =
      el.getAttribute("aria-label") ||
      // What the model sees on the screenshot, not hidden text: innerText, not textContent.
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here.
      (el as HTMLElement).innerText ||
      (el.tagName === "INPUT" ? input.value || input.placeholder : "") ||
      el.getAttribute("title") ||
      el.querySelector("img")?.getAttribute("alt") ||
      "";
    return text.replace(/\s+/g, " ").trim().slice(0, 80);
  };
  const found: (AgentElement & { inView: boolean })[] = [];
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(SELECTOR))) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width < 2 || rect.height < 2 || style.visibility === "hidden" || style.display === "none")
      continue;
    let id = el.getAttribute(arg.attribute);
    if (!id) {
      win.__pgAgentNext = (win.__pgAgentNext ?? 0) + 1;
      id = `e${win.__pgAgentNext}`;
      el.setAttribute(arg.attribute, id);
    }
    const inView = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
    const entry: AgentElement & { inView: boolean } = {
      id,
      role: el.getAttribute("role") ?? implicitRole(el),
      text: textOf(el),
      box: [Math.round(rect.x), Math.round(rect.y), Math.round(rect.width), Math.round(rect.height)],
      inView,
    };
    if (inView) {
      const top = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
      if (top && top !== el && !el.contains(top) && !top.contains(el)) entry.covered = true;
    }
    if ((el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true")
      entry.disabled = true;
    found.push(entry);
  }
  found.sort((a, b) => Number(b.inView) - Number(a.inView));
  return found.slice(0, arg.max).map(({ inView: _inView, ...element }) => element);
}

export async function listElements(page: Page, max = 80): Promise<AgentElement[]> {
  return runInPage(page, listElementsInBrowser, { max, attribute: ELEMENT_ATTRIBUTE });
}

/** The compact form the model reads: one line per element. */
export function describeElements(elements: AgentElement[]): string {
  return elements
    .map((e) => {
      const flags = [e.covered ? "covered" : "", e.disabled ? "disabled" : ""].filter(Boolean).join(",");
      return `${e.id} ${e.role} ${JSON.stringify(e.text)} at [${e.box.join(",")}]${flags ? ` (${flags})` : ""}`;
    })
    .join("\n");
}
