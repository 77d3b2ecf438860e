// The page's small behaviours, by data attribute: the Content-Security-Policy allows no inline script or handler.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form.
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target.matches("select[data-autosubmit]")) target.form.submit();
    // A search result ticked in a picker moves to the chosen ones (documents' recipients, meetings' guests).
    if (target.matches("[data-pick]") && target.checked) {
      target.closest(".picker").querySelector(".picker-chosen > div").append(target.closest("div"));
    }
    // A study session's attendance list: a ticked row is present, needs no reason, and is counted.
    const checklist = target.closest("#checklist");
    if (checklist && target.name === "present") {
      const row = target.closest("li");
      row.classList.toggle("is-present", target.checked);
      row.querySelector(".tick-reason").disabled = target.checked;
      checklist.querySelector("[data-present]").textContent =
        checklist.querySelectorAll("input[name=present]:checked").length;
    }
  });

  // <form data-confirm="question">: asks before submitting.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // The phone's menu: one button opens and closes the list of functions.
  document.addEventListener("click", function (event) {
    const toggle = event.target.closest(".menu-toggle");
    if (!toggle) return;
    const open = document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });

  document.addEventListener("click", function (event) {
    const target = event.target.closest("[data-print], [data-all-present]");
    if (!target) return;
    if (target.hasAttribute("data-print")) window.print();
    if (target.hasAttribute("data-all-present")) {
      target.closest("#checklist").querySelectorAll("input[name=present]").forEach(function (box) {
        if (!box.checked) {
          box.checked = true;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }
  });

  // <input data-no-enter>: Enter does not submit the form (a search box inside a form).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-no-enter]")) event.preventDefault();
  });

  // A unit tree's "+" button, once its children are loaded, shows "−" and is done.
  document.addEventListener("htmx:afterRequest", function (event) {
    const button = event.detail.elt;
    if (button.matches && button.matches("button[data-expands]")) {
      button.setAttribute("aria-expanded", "true");
      button.textContent = "−";
      button.disabled = true;
    }
  });

  // <span data-width="42">: a bar's length in percent (set through the DOM, which the policy allows).
  function widths(root) {
    root.querySelectorAll("[data-width]").forEach(function (bar) { bar.style.width = bar.dataset.width + "%"; });
  }
  // A calendar feed's "copy" button (hidden without a clipboard).
  function copyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      const field = document.getElementById(button.dataset.copy);
      field.addEventListener("focus", function () { field.select(); });
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () { button.textContent = button.dataset.copied; });
      });
    });
  }
  function setUp(root) { widths(root); copyButtons(root); }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.detail.target); });
})();
