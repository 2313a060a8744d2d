import type { Box } from "../../../domain/violation.js";

export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

export function intersection(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** The share of `inner`'s area that lies inside `outer`, 0..1. */
export function shareInside(inner: Box, outer: Box): number {
  const area = boxArea(inner);
  return area > 0 ? intersection(inner, outer) / area : 0;
}

export function centerY(box: Box): number {
  return box.y + box.height / 2;
}

/** Whether two boxes share some horizontal extent. */
export function overlapHorizontally(a: Box, b: Box): boolean {
  return Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x);
}

/** How many pixels of height two boxes share (0 when none). */
export function overlapVertically(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
}
