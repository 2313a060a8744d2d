/** The dashboard's only script: small enhancements; every page works without it. */
export const APP_SCRIPT = `
(() => {
  "use strict";
  for (const select of document.querySelectorAll("form[data-autosubmit] select")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  const overlay = document.querySelector("svg.overlay");
  if (overlay) {
    for (const card of document.querySelectorAll("[data-evidence]")) {
      const groups = overlay.querySelectorAll('g.evidence[data-evidence="' + card.dataset.evidence + '"]');
      if (groups.length === 0) continue;
      card.addEventListener("mouseenter", () => {
        overlay.classList.add("focus");
        for (const g of groups) g.classList.add("highlight");
      });
      card.addEventListener("mouseleave", () => {
        overlay.classList.remove("focus");
        for (const g of groups) g.classList.remove("highlight");
      });
    }
  }
  const refresh = document.querySelector("[data-refresh-seconds]");
  if (refresh) {
    const seconds = Number(refresh.getAttribute("data-refresh-seconds")) || 5;
    setTimeout(() => window.location.reload(), seconds * 1000);
  }
})();
`;
