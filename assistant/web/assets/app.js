() => {
  // Every [n] in an answer shows its source card: scroll the sources panel to it and mark it.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.cite");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute("href").slice(1));
    if (!card) return;
    document.querySelectorAll("#sources .card[aria-current]").forEach((other) => {
      other.removeAttribute("aria-current");
    });
    card.setAttribute("aria-current", "true");
    card.scrollIntoView({ block: "center" });
  }, true);
  // A source card's "Show page" names its citation ("turn:n") in the hidden #page-request box,
  // then clicks the hidden #page-open button, which opens the page viewer
  // (assistant/web/page_panel.py).
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.show-page");
    const box = document.querySelector("#page-request textarea, #page-request input");
    const open = document.getElementById("page-open");
    if (!button || !box || !open) return;
    event.preventDefault();
    box.value = button.dataset.show;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => open.click(), 50);
  }, true);
}
