// Bar widths under a strict Content-Security-Policy: style-src 'self' forbids style="" attributes,
// but a script may still set CSSOM properties. Every element with data-pct="0-100" gets --pct,
// which the stylesheets turn into a width or height; also for fragments htmx swaps in later
// (a kitchen socket update, a report re-rendered by htmx).
(function () {
  "use strict";

  function setPct(el) {
    const pct = Number(el.dataset.pct);
    if (Number.isFinite(pct)) el.style.setProperty("--pct", String(Math.max(0, pct)));
  }

  function applyWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.hasAttribute("data-pct")) setPct(node);
    node.querySelectorAll("[data-pct]").forEach(setPct);
  }

  applyWithin(document.documentElement);
  new MutationObserver((mutations) => {
    mutations.forEach((mutation) => {
      if (mutation.type === "attributes") setPct(mutation.target);
      else mutation.addedNodes.forEach(applyWithin);
    });
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-pct"],
  });
})();
