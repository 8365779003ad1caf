// Import preview: send back only the annotated texts a curator edited. An unchanged text is left
// out of the form (the server keeps what it staged), so confirming a large batch stays small.
"use strict";

document.addEventListener("submit", (event) => {
  for (const area of event.target.querySelectorAll("textarea[name^='text-']")) {
    area.disabled = area.value === area.defaultValue;
  }
});

// Coming back to the page from the browser's history: every text is editable again.
window.addEventListener("pageshow", () => {
  for (const area of document.querySelectorAll("textarea[name^='text-']")) {
    area.disabled = false;
  }
});
