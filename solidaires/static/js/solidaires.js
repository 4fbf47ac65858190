/*
 * Solidaires — small progressive enhancements. Every page works without this file.
 * - moves the keyboard focus to a form's error summary when the page shows one;
 * - closes the small-screen menu with the Escape key and gives the focus back to its button.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.getElementById("resume-erreurs");
    if (summary) {
      summary.focus();
    }
  }

  function closeMenuOnEscape() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var menus = document.querySelectorAll("details.nav-menu[open], details[data-close-on-escape][open]");
      menus.forEach(function (menu) {
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) {
          summary.focus();
        }
      });
    });
  }

  function init() {
    focusErrorSummary();
    closeMenuOnEscape();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
