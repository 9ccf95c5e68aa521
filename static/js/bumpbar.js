// The kitchen board from a keyboard or a USB bump bar (which sends keystrokes):
//   1–9, 0     select the 1st–10th ticket on screen (New, then Cooking, then Ready, oldest first)
//   ← → ↑ ↓    move the selection
//   Enter, Space  bump the selected ticket to its next step (the button the query marks data-bump)
//   Backspace, -  recall the last bump (while the kitchen may still recall it)
//   Escape     clear the selection
// Keys typed into a field, or with Ctrl/Alt/Meta, are left alone. The server decides: a bump
// the domain refuses comes back as the board's message.
(function () {
  "use strict";
  let selected = null;    // number of the selected ticket
  let lastBumped = null;  // number of the last ticket bumped from here

  const tickets = () => Array.from(document.querySelectorAll("#kitchen-board .ticket[data-ticket]"));
  const byOrder = (orderId) => tickets().find((t) => t.dataset.ticket === orderId) || null;

  function label() {
    tickets().forEach((ticket, index) => {
      let key = ticket.querySelector(".ticket-key");
      if (index >= 10) {
        if (key) key.remove();
      } else {
        if (!key) {
          key = document.createElement("span");
          key.className = "ticket-key";
          key.setAttribute("aria-hidden", "true");
          ticket.querySelector(".ticket-head").prepend(key);
        }
        key.textContent = String((index + 1) % 10);
      }
      ticket.classList.toggle("is-selected", ticket.dataset.ticket === selected);
      ticket.setAttribute("aria-current", ticket.dataset.ticket === selected ? "true" : "false");
    });
  }

  function select(ticket) {
    selected = ticket ? ticket.dataset.ticket : null;
    label();
    if (ticket) ticket.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = tickets();
    if (!all.length) return;
    const at = all.findIndex((t) => t.dataset.ticket === selected);
    select(all[at < 0 ? 0 : Math.min(all.length - 1, Math.max(0, at + step))]);
  }

  function press(ticket, selector) {
    const button = ticket && ticket.querySelector(selector);
    if (!button || button.disabled || button.closest("[inert]")) return false;
    // An action's answer swaps the board in at once but htmx wires its buttons only when it
    // settles (20 ms later): a key in between clicked a dead button and was lost. Wire this one
    // now (htmx leaves an element it already wired alone).
    if (window.htmx) window.htmx.process(button);
    button.click();
    return true;
  }

  document.addEventListener("keydown", (event) => {
    if (!document.getElementById("kitchen-board")) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    // A focused button answers Enter and Space itself (keyboard users tabbing through the board).
    const onButton = target && target.tagName === "BUTTON";
    const key = event.key;
    if (/^[0-9]$/.test(key)) {
      const index = key === "0" ? 9 : Number(key) - 1;
      const ticket = tickets()[index];
      if (ticket) select(ticket);
    } else if (key === "ArrowRight" || key === "ArrowDown") {
      move(1);
    } else if (key === "ArrowLeft" || key === "ArrowUp") {
      move(-1);
    } else if ((key === "Enter" || key === " ") && !onButton) {
      const ticket = byOrder(selected);
      if (press(ticket, "[data-bump]")) lastBumped = selected;
    } else if (key === "Backspace" || key === "-") {
      press(byOrder(lastBumped), "[data-recall]");
    } else if (key === "Escape") {
      select(null);
    } else {
      return;
    }
    event.preventDefault();
  });

  // Every swap of the board (a frame, an action's answer) renumbers and keeps the selection.
  ["DOMContentLoaded", "htmx:afterSettle", "htmx:wsAfterMessage"].forEach((name) =>
    document.addEventListener(name, label));
})();
