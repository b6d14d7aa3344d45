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
}
