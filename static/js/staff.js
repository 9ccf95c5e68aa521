// Staff screens: the theme (dark by default, light on request, remembered by this screen), and
// columns that fit the screen. A column shows the tickets that fit whole, oldest first; the rest
// are counted in its "+N more" line together with those the server already left out, so a ticket
// never sits off-screen unseen and the count is always exact.
(function () {
  "use strict";
  const THEME_KEY = "staff-theme";

  function applyTheme() {
    const theme = localStorage.getItem(THEME_KEY) === "light" ? "light" : "dark";
    document.body.dataset.theme = theme;
    const button = document.getElementById("theme-toggle");
    if (button) {
      button.textContent = theme === "dark" ? "Light" : "Dark";
      button.setAttribute("aria-pressed", String(theme === "light"));
    }
  }

  function fitColumns() {
    document.querySelectorAll(".staff-screen .column-body").forEach((body) => {
      const tickets = Array.from(body.querySelectorAll(":scope > .tickets > .ticket"));
      tickets.forEach((ticket) => ticket.classList.remove("is-offscreen"));
      const more = body.querySelector(".column-more");
      const limit = body.getBoundingClientRect().bottom - (more ? more.getBoundingClientRect().height + 4 : 0);
      let hidden = 0;
      tickets.forEach((ticket) => {
        if (hidden || ticket.getBoundingClientRect().bottom > limit + 0.5) {
          ticket.classList.add("is-offscreen"); // hiding it lets the next ones reflow: keep going in order
          hidden += 1;
        }
      });
      if (!more) return;
      const fromServer = parseInt(more.dataset.hidden || "0", 10) || 0;
      const shown = tickets.length - hidden;
      more.textContent = fromServer + hidden ? `+${fromServer + hidden} more · showing the ${shown} oldest` : "";
    });
  }

  let pending = false;
  function scheduleFit() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fitColumns(); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyTheme();
    const button = document.getElementById("theme-toggle");
    if (button) {
      button.addEventListener("click", () => {
        localStorage.setItem(THEME_KEY, document.body.dataset.theme === "dark" ? "light" : "dark");
        applyTheme();
      });
    }
    scheduleFit();
  });
  window.addEventListener("resize", scheduleFit);
  ["htmx:afterSettle", "htmx:wsAfterMessage", "htmx:oobAfterSwap"].forEach((name) =>
    document.addEventListener(name, scheduleFit));
  window.staffFitColumns = fitColumns; // for tests: run the fit now
})();
