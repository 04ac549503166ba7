// Progressive touches only: every page works without this file.
"use strict";
document.addEventListener("keydown", (event) => {
  // "/" focuses the search box, as in most reading tools.
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement;
  if (event.key === "/" && !typing) {
    const box = document.getElementById("global-search");
    if (box) {
      event.preventDefault();
      box.focus();
    }
  }
});
