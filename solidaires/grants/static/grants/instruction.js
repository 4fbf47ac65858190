// Keyboard shortcuts of the agents' inbox (progressive enhancement: the page works without it).
// j / k: next / previous file; x: tick the current file; Entrée: open it (native link).
(function () {
  "use strict";
  var table = document.querySelector(".instruction-inbox");
  if (!table) {
    return;
  }
  var links = Array.prototype.slice.call(table.querySelectorAll("tbody th a"));
  function current() {
    return links.indexOf(document.activeElement);
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && target.type !== "checkbox") {
      return;
    }
    var index = current();
    if (event.key === "j" || event.key === "k") {
      var next = event.key === "j" ? index + 1 : index - 1;
      if (index === -1) {
        next = 0;
      }
      if (next >= 0 && next < links.length) {
        links[next].focus();
        event.preventDefault();
      }
    } else if (event.key === "x" && index !== -1) {
      var box = links[index].closest("tr").querySelector("input[type=checkbox]");
      if (box) {
        box.checked = !box.checked;
        event.preventDefault();
      }
    }
  });
})();
