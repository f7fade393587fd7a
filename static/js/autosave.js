// Autosave for the admin editor: progressive enhancement. Every few seconds, when
// something changed, the title, excerpt, body and tags go to the autosave endpoint;
// the post itself changes only when the author saves. Without JavaScript the form
// works as before.
(function () {
  "use strict";
  var status = document.getElementById("autosave-status");
  if (!status || !window.fetch || !window.FormData) {
    return;
  }
  var form = status.closest("form");
  var url = status.dataset.autosaveUrl;
  var every = Number(status.dataset.autosaveSeconds || 15) * 1000;
  var fields = ["title", "excerpt", "body", "tags"];
  var dirty = false;
  var submitting = false;

  function payload() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    fields.forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        data.append(name, field.value);
      }
    });
    return data;
  }

  function save() {
    if (!dirty || submitting) {
      return;
    }
    dirty = false;
    fetch(url, { method: "POST", body: payload(), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        status.textContent = answer.message;
      })
      .catch(function () {
        dirty = true;
        status.textContent = status.dataset.failedText;
      });
  }

  function markDirty(event) {
    if (fields.indexOf(event.target.name) !== -1) {
      dirty = true;
    }
  }

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.setInterval(save, every);
  // A tab being closed or hidden: send what is unsaved now, not at the next tick.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && !submitting) {
      dirty = false;
      navigator.sendBeacon(url, payload());
    }
  });
})();
