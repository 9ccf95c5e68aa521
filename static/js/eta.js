// Checkout's "when" section follows the live queue: when the menu socket brings a new ETA banner
// (an order placed, a pizza out, busy mode…), the section is fetched again for this cart, keeping
// the chosen time. Not a poll: it only moves when the server says something changed.
(function () {
  "use strict";
  let lastBanner = null;
  let pending = false;
  let choice = null; // the time picked last, kept when a refresh that left earlier lands

  function keepChoice() {
    const select = document.getElementById("id_scheduled_for");
    if (!select || choice === null || select.value === choice) return;
    if (Array.from(select.options).some((option) => option.value === choice && !option.disabled)) {
      select.value = choice;
    }
  }

  function refresh() {
    const section = document.getElementById("checkout-when");
    if (!section || !window.htmx) return;
    const select = section.querySelector("select");
    if (select && document.activeElement === select) { // never pull a list from under a finger
      pending = true;
      return;
    }
    pending = false;
    choice = select ? select.value : "";
    window.htmx.ajax("GET", `${section.dataset.refresh}?scheduled_for=${encodeURIComponent(choice)}`,
      { target: "#checkout-when", swap: "outerHTML" }).then(keepChoice);
  }

  document.addEventListener("change", (event) => {
    if (event.target && event.target.id === "id_scheduled_for") choice = event.target.value;
  });

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
