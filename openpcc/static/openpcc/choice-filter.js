// The filter box of a long check-box list (core.forms.FilterableCheckboxSelectMultiple): shown only
// when this script runs; typing hides the options whose label lacks any of the words typed (ticked
// options always stay in view) and the groups left empty. Without JavaScript every option is listed.
const HIDDEN = "govuk-!-display-none";

function words(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function setUp(root) {
  if (root.dataset.choiceFilterReady) return;
  root.dataset.choiceFilterReady = "true";
  const box = root.querySelector("[data-choice-filter-box]");
  const input = root.querySelector("[data-choice-filter-input]");
  const status = root.querySelector("[data-choice-filter-status]");
  const items = Array.from(root.querySelectorAll("[data-choice-filter-item]")).map((element) => ({
    element,
    checkbox: element.querySelector("input"),
    text: element.textContent.toLowerCase(),
    group: element.closest("[data-choice-filter-group]"),
  }));
  const groups = Array.from(root.querySelectorAll("[data-choice-filter-group]"));
  let timer;

  function apply() {
    const wanted = words(input.value);
    const visibleGroups = new Set();
    let shown = 0;
    for (const item of items) {
      const match = item.checkbox.checked || wanted.every((word) => item.text.includes(word));
      item.element.classList.toggle(HIDDEN, !match);
      if (match) {
        shown += 1;
        visibleGroups.add(item.group);
      }
    }
    for (const group of groups) group.classList.toggle(HIDDEN, !visibleGroups.has(group));
    status.textContent = wanted.length
      ? `${shown} of ${items.length} options shown (ticked options are always shown).`
      : "";
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // typing in the filter must not submit the form
      apply();
    }
  });
  box.classList.remove(HIDDEN);
}

document.querySelectorAll("[data-choice-filter]").forEach(setUp);
