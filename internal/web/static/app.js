// Starts the NHS.UK frontend's components (the header's "More" menu, error
// summary focus, character counts) and Vigil's own small helpers. Every page
// works without this.
import { initAll } from "./nhsuk-frontend.min.js";

initAll();

// A "Copy" button beside a secret shown once: it copies the text of the
// element named by data-copy and says so. Without JavaScript the button stays
// hidden and the text can be selected as usual.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copy + "-copied");
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      if (status) status.textContent = "Copied. Paste it where it is needed now.";
    } catch {
      getSelection().selectAllChildren(source);
      if (status) status.textContent = "Vigil could not copy it, so it is selected: copy it with your device's Copy.";
    }
  });
}

// A search box over a long list of checkboxes (the what-if page's services,
// systems and suppliers): it shows only the ones whose name matches, keeps
// ticked ones in view and hides groups left empty. Without JavaScript the
// box stays hidden and the whole list shows.
for (const box of document.querySelectorAll("[data-filter]")) {
  const list = document.getElementById(box.dataset.filter);
  const input = box.querySelector("input");
  if (!list || !input) continue;
  box.hidden = false;
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase();
    for (const item of list.querySelectorAll(".nhsuk-checkboxes__item")) {
      const ticked = item.querySelector("input").checked;
      item.hidden = words !== "" && !ticked && !item.textContent.toLowerCase().includes(words);
    }
    for (const group of list.querySelectorAll("fieldset")) {
      group.hidden = !group.querySelector(".nhsuk-checkboxes__item:not([hidden])");
    }
  });
}
