// The ticket table follows scans at every door (server-sent events).
(function () {
  var root = document.getElementById("tickets");
  if (!root) return;
  var slug = root.dataset.event;
  var live = document.getElementById("live-state");
  var statsTimer = null;

  // Times come from the server, on the event's clock and in the same format
  // as the rows it renders ("21:14 CET"), whatever the browser's language.
  function clock(text, iso) { return text || iso || ""; }

  // The filter the page shows, sent with undo and revoke so the table comes
  // back as it was (the server renders the same hidden fields).
  function backFields(form) {
    var params = new URLSearchParams(location.search);
    [["status", params.get("status") || ""], ["search", params.get("search") || ""], ["offset", params.get("offset") || "0"], ["sort", params.get("sort") || "issued"]]
      .forEach(function (kv) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = kv[0]; input.value = kv[1];
        form.appendChild(input);
      });
  }

  function actionForm(kind, code, name) {
    var form = document.createElement("form");
    form.method = "post";
    form.className = "inline " + kind + (kind === "revoke" ? " confirm" : "");
    form.action = "/events/" + encodeURIComponent(slug) + "/tickets/" + encodeURIComponent(code) + "/" + kind;
    if (kind === "revoke") form.dataset.confirm = "Revoke the ticket of " + name + "?";
    backFields(form);
    if (kind === "resend") {
      var from = document.createElement("input");
      from.type = "hidden"; from.name = "from"; from.value = "tickets";
      form.appendChild(from);
    }
    var button = document.createElement("button");
    button.className = kind === "revoke" ? "small danger" : "small";
    button.textContent = { revoke: "Revoke", undo: "Undo check-in", checkin: "Check in", resend: "Mail again" }[kind];
    form.appendChild(button);
    return form;
  }

  // The row's action buttons as the server renders them for its status.
  function setActions(row, status) {
    var cell = row.querySelector(".actions");
    if (!cell) return;
    var code = row.dataset.code;
    var name = row.cells[0] ? row.cells[0].textContent : code;
    cell.textContent = "";
    if (status === "valid") cell.appendChild(actionForm("checkin", code, name));
    if (status === "used") cell.appendChild(actionForm("undo", code, name));
    if (status !== "revoked") {
      cell.appendChild(actionForm("resend", code, name));
      cell.appendChild(actionForm("revoke", code, name));
      var print = document.createElement("a");
      print.className = "button small print";
      print.href = "/events/" + encodeURIComponent(slug) + "/tickets/" + encodeURIComponent(code) + "/print";
      print.target = "_blank";
      print.rel = "noopener";
      print.textContent = "Print ticket";
      cell.appendChild(print);
    }
  }

  function refreshStats() {
    clearTimeout(statsTimer);
    statsTimer = setTimeout(function () {
      fetch("/api/events/" + encodeURIComponent(slug) + "/stats", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          ["used", "valid", "revoked", "total"].forEach(function (k) {
            var el = document.getElementById("count-" + k);
            if (el && s[k] !== undefined) el.textContent = s[k];
          });
        });
    }, 200);
  }

  function apply(rec) {
    if (!rec.code) return;
    var row = root.querySelector('tr[data-code="' + rec.code + '"]');
    if (!row) return;
    var status = row.querySelector(".status");
    if (rec.kind === "admitted") {
      row.className = "st-used flash";
      status.textContent = "";
      var pill = document.createElement("span"); pill.className = "pill used"; pill.textContent = "here";
      var when = document.createElement("span"); when.className = "muted small when";
      when.textContent = clock(rec.clock, rec.at) + " · " + rec.by;
      if (rec.when) when.title = rec.when;
      status.appendChild(pill); status.appendChild(document.createTextNode(" ")); status.appendChild(when);
      setActions(row, "used");
    } else if (rec.kind === "undone") {
      row.className = "st-valid";
      status.textContent = "";
      var p = document.createElement("span"); p.className = "pill valid"; p.textContent = "expected";
      status.appendChild(p);
      setActions(row, "valid");
    } else if (rec.kind === "restored") {
      // Used or valid again: the page shows which as the server renders it.
      location.reload();
    } else if (rec.kind === "revoked_by_admin") {
      row.className = "st-revoked";
      status.textContent = "";
      var r = document.createElement("span"); r.className = "pill revoked"; r.textContent = "revoked";
      status.appendChild(r);
      setActions(row, "revoked");
    }
  }

  // Guessing alerts: a user ran out of unknown codes (rendered like the server does).
  var alerts = document.getElementById("guard-alerts");
  function showAlerts() {
    fetch("/api/events/" + encodeURIComponent(slug) + "/guard", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        alerts.textContent = "";
        list.forEach(function (a) {
          var box = document.createElement("div");
          box.className = "notice bad guard-alert";
          box.setAttribute("role", "alert");
          var b = document.createElement("b"); b.textContent = "Guessing alert: ";
          box.appendChild(b);
          box.appendChild(document.createTextNode("user " + a.user + " scanned too many unknown codes and is refused (" +
            a.refused + " refused since " + clock(a.since_clock, a.since) + ", latest " + clock(a.last_clock, a.last) + "; doors: " + a.doors.join(", ") +
            "). If that is not an honest door, revoke the user's access on the users page. "));
          var form = document.createElement("form");
          form.method = "post"; form.className = "inline";
          form.action = "/events/" + encodeURIComponent(slug) + "/guard/reset";
          var user = document.createElement("input"); user.type = "hidden"; user.name = "user"; user.value = a.user;
          var button = document.createElement("button"); button.className = "small"; button.textContent = "Reset (the door is honest)";
          form.appendChild(user); form.appendChild(button); box.appendChild(form);
          alerts.appendChild(box);
        });
      });
  }

  // The live connection closes when the page is hidden or kept in the
  // back/forward cache (kept pages holding theirs used up the browser's six
  // connections to this site, and the next page waited a minute), and
  // opens again when the page is shown.
  var es = null;
  function connect() {
    if (!window.EventSource || es) return;
    es = new EventSource("/api/events/" + encodeURIComponent(slug) + "/stream");
    // Back after the connection broke (the server restarted, the network
    // dropped): changes made meanwhile were not sent, so the page is read
    // again.
    var broken = false;
    es.addEventListener("open", function () {
      live.classList.add("on");
      live.textContent = "● live";
      if (broken) location.reload();
    });
    es.addEventListener("error", function () {
      live.classList.remove("on");
      live.textContent = "○ not live: reconnecting…";
      broken = true;
    });
    es.addEventListener("scan", function (e) {
      try { apply(JSON.parse(e.data)); } catch (err) { /* ignore malformed */ }
      refreshStats();
    });
    es.addEventListener("changed", refreshStats);
    es.addEventListener("guard", showAlerts);
    es.addEventListener("reload", function () { location.reload(); });
  }
  function disconnect() {
    if (es) { es.close(); es = null; live.classList.remove("on"); }
  }
  window.addEventListener("pagehide", disconnect);
  // A new order applies at once (no need to press Filter).
  var order = document.querySelector('.filters select[name="sort"]');
  if (order) order.addEventListener("change", function () { order.form.submit(); });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) { refreshStats(); showAlerts(); }
    connect();
  });
  connect();
})();
