// The send page: live mail preview and the progress of a mail run.
(function () {
  var root = document.getElementById("send");
  if (!root) return;
  var slug = root.dataset.event;
  var subject = document.getElementById("t-subject");
  var language = document.getElementById("t-language");
  var text = document.getElementById("t-text");
  var message = document.getElementById("t-message");
  var html = document.getElementById("t-html");
  var pSubject = document.getElementById("p-subject");
  var pHtml = document.getElementById("p-html");
  var pError = document.getElementById("p-error");
  var timer = null;

  function preview() {
    fetch("/api/events/" + encodeURIComponent(slug) + "/mail/preview", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ subject: subject.value, text: text.value, html: html ? html.value : "", message: message.value, language: language ? language.value : "" })
    }).then(function (r) {
      return r.json().then(function (b) { return { ok: r.ok, body: b }; });
    }).then(function (res) {
      if (!res.ok) {
        // The error, and no longer the last mail that rendered.
        pError.textContent = res.body.error || T("org-js-cannot-render");
        pError.classList.remove("hidden");
        pSubject.textContent = "";
        pHtml.srcdoc = "";
        return;
      }
      pError.classList.add("hidden");
      pSubject.textContent = res.body.subject;
      pHtml.srcdoc = res.body.html;
    }).catch(function () {});
  }
  if (subject && text) {
    [subject, text, message, html].forEach(function (el) {
      if (!el) return;
      el.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(preview, 300); });
    });
    preview();
  }

  var progress = document.getElementById("progress");
  if (progress && progress.dataset.running === "true") {
    var fill = document.getElementById("progress-fill");
    var label = document.getElementById("progress-text");
    var poll = function () {
      fetch("/api/events/" + encodeURIComponent(slug) + "/send", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          var p = s.progress || {};
          var pct = p.total ? Math.round(100 * p.done / p.total) : 0;
          fill.style.width = pct + "%";
          label.textContent = T("org-js-progress", { done: String(p.done), total: String(p.total), sent: String(p.sent), failed: String(p.failed) });
          if (s.running) setTimeout(poll, 700); else location.reload();
        }).catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
})();
