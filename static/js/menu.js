// The customer's menu, live: items and toppings the kitchen marks sold out (or back) change in
// place, without touching what the customer already chose or typed, and the cart re-checks
// itself. The server sends #menu-availability (data-items-out, data-toppings-out: slugs) over
// /ws/menu/; ordering always re-checks on the server, this only keeps the page honest.
(function () {
  "use strict";

  function words(value) {
    return new Set((value || "").split(" ").filter(Boolean));
  }

  function show(el, visible) {
    if (el) el.hidden = !visible;
  }

  function apply(marks) {
    const itemsOut = words(marks.dataset.itemsOut);
    const toppingsOut = words(marks.dataset.toppingsOut);
    document.querySelectorAll("article.item[id^='item-']").forEach((card) => {
      const out = itemsOut.has(card.id.slice("item-".length));
      card.classList.toggle("is-sold-out", out);
      show(card.querySelector(".badge-sold-out"), out);
      show(card.querySelector(".sold-out-button"), out);
      const customise = card.querySelector("details.customise");
      if (customise) {
        if (out) customise.open = false;
        show(customise, !out);
      }
    });
    document.querySelectorAll("label[data-topping]").forEach((label) => {
      const out = toppingsOut.has(label.dataset.topping);
      const box = label.querySelector("input[type=checkbox]");
      label.classList.toggle("is-disabled", out);
      if (box) {
        if (out) box.checked = false;
        box.disabled = out;
      }
      show(label.querySelector(".topping-price"), !out);
      show(label.querySelector(".topping-out"), out);
    });
    // The cart says itself which of its lines can't be ordered now.
    if (window.htmx && document.getElementById("cart")) {
      window.htmx.ajax("GET", "/cart/", { target: "#cart", select: "#cart", swap: "outerHTML" });
    }
  }

  let last = null;
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    const target = event.target; // the element just swapped in (detail.target is the one it replaced)
    if (!target || target.id !== "menu-availability") return;
    const state = `${target.dataset.itemsOut}|${target.dataset.toppingsOut}`;
    if (state === last) return; // a resync or heartbeat with nothing new: leave the page alone
    last = state;
    apply(target);
  });
  document.addEventListener("DOMContentLoaded", () => {
    const marks = document.getElementById("menu-availability");
    if (marks) last = `${marks.dataset.itemsOut}|${marks.dataset.toppingsOut}`;
  });
})();
