// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

// Show a block only while a radio group has a given value, e.g. data-show-when="fulfilment=delivery".
function syncConditionalBlocks(root) {
  root.querySelectorAll("[data-show-when]").forEach((block) => {
    const [name, value] = block.dataset.showWhen.split("=");
    const checked = root.querySelector(`input[name="${name}"]:checked`);
    block.hidden = !checked || checked.value !== value;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  syncConditionalBlocks(document);
  document.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio]")) syncConditionalBlocks(document);
  });
  // One press of "Place order" is enough; the server also ignores a repeated submission.
  document.querySelectorAll("form[data-disable-on-submit]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = true;
        button.textContent = "Placing your order…";
      });
    });
  });
});
