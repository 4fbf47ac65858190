// Autosave of the current step of a grant application (progressive enhancement).
// Every 20 s, if something changed, POST the form's fields (with the CSRF token) to
// data-autosave-url; the server keeps them as a draft and answers "Enregistré à 14 h 32".
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("autosave-status");
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  function save() {
    if (!dirty) { return; }
    dirty = false;
    var data = new FormData(form);
    data.append("_step", form.getAttribute("data-autosave-step"));
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!status) { return; }
      status.textContent = result.ok ? result.body.label : (result.body.error || "Enregistrement automatique impossible.");
    }).catch(function () {
      dirty = true;
      if (status) { status.textContent = "Hors connexion : le brouillon sera enregistré dès que possible."; }
    });
  }
  window.setInterval(save, 20000);
})();
