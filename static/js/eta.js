// Checkout's "when" section follows the live queue: when the menu socket brings a new ETA banner
// (an order placed, a pizza out, busy mode…), the section is fetched again for this cart, keeping
// the chosen time. Not a poll: it only moves when the server says something changed.
(function () {
  "use strict";
  let lastBanner = null;
  let pending = false;

  function refresh() {
    const section = document.getElementById("checkout-when");
    if (!section || !window.htmx) return;
    const select = section.querySelector("select");
    if (select && document.activeElement === select) { // never pull a list from under a finger
      pending = true;
      return;
    }
    pending = false;
    const chosen = select ? select.value : "";
    window.htmx.ajax("GET", `${section.dataset.refresh}?scheduled_for=${encodeURIComponent(chosen)}`,
      { target: "#checkout-when", swap: "outerHTML" });
  }

  document.addEventListener("focusout", (event) => {
    if (pending && event.target && event.target.id === "id_scheduled_for") setTimeout(refresh, 0);
  });
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    const target = event.target;
    if (!target || target.id !== "eta-banner") return;
    const state = target.outerHTML;
    if (state === lastBanner) return; // a resync with nothing new
    lastBanner = state;
    refresh();
  });
  document.addEventListener("DOMContentLoaded", () => {
    const banner = document.getElementById("eta-banner");
    if (banner) lastBanner = banner.outerHTML;
  });
})();
