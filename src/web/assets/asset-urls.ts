import { createHash } from "node:crypto";
import { APP_SCRIPT } from "./app-script.js";
import { SHIELD_SVG } from "./favicon.js";
import { STYLES } from "./styles.js";

export interface Asset {
  path: string;
  contentType: string;
  body: string;
}

function versioned(name: string, extension: string, body: string, contentType: string): Asset {
  const digest = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return { path: `/ui/assets/${name}.${digest}.${extension}`, contentType, body };
}

/** Content-addressed URLs: each can be cached forever, and a new build gets new URLs. */
export const ASSETS = {
  styles: versioned("app", "css", STYLES, "text/css; charset=utf-8"),
  script: versioned("app", "js", APP_SCRIPT, "text/javascript; charset=utf-8"),
  icon: versioned("icon", "svg", SHIELD_SVG, "image/svg+xml"),
} as const;
