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
