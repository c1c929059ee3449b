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

  function actionForm(kind, code, name, party) {
    var form = document.createElement("form");
    form.method = "post";
    form.className = "inline " + kind + (kind === "revoke" ? " confirm" : "");
    form.action = "/events/" + encodeURIComponent(slug) + "/tickets/" + encodeURIComponent(code) + "/" + kind;
    if (kind === "revoke") form.dataset.confirm = T("tickets-js-revoke-confirm", { name: name });
    backFields(form);
    if (kind === "resend") {
      var from = document.createElement("input");
      from.type = "hidden"; from.name = "from"; from.value = "tickets";
      form.appendChild(from);
    }
    var button = document.createElement("button");
    button.className = kind === "revoke" ? "small danger" : "small";
    button.textContent = T({ revoke: "tickets-js-revoke", undo: party ? "tickets-js-undo-scan" : "tickets-js-undo", checkin: "tickets-js-check-in", resend: "tickets-js-mail-again" }[kind]);
    form.appendChild(button);
    return form;
  }

  // The row's action buttons as the server renders them for its status.
  function setActions(row, status) {
    var cell = row.querySelector(".actions");
    if (!cell) return;
    var code = row.dataset.code;
    var guest = row.querySelector(".guest");
    var name = guest ? guest.textContent : code;
    // "Edit guest" stays (the server renders it for any ticket not
    // revoked).
    var fix = cell.querySelector("details.fix");
    cell.textContent = "";
    if (status === "valid") cell.appendChild(actionForm("checkin", code, name));
    if (status === "used") cell.appendChild(actionForm("undo", code, name, Number(row.dataset.persons) > 1));
    if (status !== "revoked") {
      // As the server renders it: not while the mail is still waiting, nor
      // for a walk-in without an address.
      var email = row.querySelector(".email");
      if (!row.querySelector(".pill.mail-pending") && email && email.textContent.trim()) cell.appendChild(actionForm("resend", code, name));
      cell.appendChild(actionForm("revoke", code, name));
      var print = document.createElement("a");
      print.className = "button small print";
      print.href = "/events/" + encodeURIComponent(slug) + "/tickets/" + encodeURIComponent(code) + "/print";
      print.target = "_blank";
      print.rel = "noopener";
      print.textContent = T("tickets-js-print");
      cell.appendChild(print);
      if (fix) cell.appendChild(fix);
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
          showPeople(s);
        });
    }, 200);
  }

  // People as well as tickets, once parties, walk-ins or re-entry make
  // them differ (the server shows the line on the same terms).
  var people = document.getElementById("people-counts");
  function showPeople(s) {
    if (!people || s.people_total === undefined) return;
    var differ = people.dataset.reentry === "true" || s.walk_ins > 0 || s.people_total > s.used + s.valid;
    if (differ) people.hidden = false;
    [["people-total", s.people_total], ["people-arrived", s.people_arrived], ["people-inside", s.people_inside], ["count-walk-ins", s.walk_ins]]
      .forEach(function (kv) {
        var el = document.getElementById(kv[0]);
        if (el) el.textContent = kv[1];
      });
    var part = document.getElementById("walk-ins-part");
    if (part) part.hidden = !(s.walk_ins > 0);
    var word = document.getElementById("walk-ins-word");
    if (word) word.textContent = T(s.walk_ins === 1 ? "tickets-js-walk-in-one" : "tickets-js-walk-in-other");
  }

  // A party's counts after its pill, worded as the server words them
  // (TicketsPage::party, with the same tickets-js-party… messages): "3 of 4",
  // "3 of 4 · 2 inside", "party of 4", "went out" for a guest alone; nothing
  // for a guest alone in or expected.
  function partyText(persons, arrived, inside) {
    if (persons <= 1) return inside < arrived ? T("tickets-js-party-went-out") : "";
    if (arrived === 0) return T("tickets-js-party-of", { size: persons });
    if (inside < arrived) return T("tickets-js-party-inside", { arrived: arrived, size: persons, inside: inside });
    return T("tickets-js-party", { arrived: arrived, size: persons });
  }

  function setParty(row, text) {
    var status = row.querySelector(".status");
    if (!status) return;
    var span = status.querySelector(".party");
    if (!text) {
      if (span) span.remove();
      return;
    }
    if (!span) {
      span = document.createElement("span");
      span.className = "party";
      var pill = status.querySelector(".pill");
      var after = pill ? pill.nextSibling : null;
      status.insertBefore(document.createTextNode(" "), after);
      status.insertBefore(span, after);
    }
    span.textContent = "· " + text;
  }

  // A row's status as the ticket now is (read from the API after a scan,
  // an exit or an undo: the live record says what happened, not how many
  // of a party are in). The check-in time stays as the row shows it: it is
  // the party's first entry, which only an undo of that entry changes.
  function showTicket(row, t) {
    var status = row.querySelector(".status");
    if (!status) return;
    row.dataset.persons = t.persons;
    var was = row.className.indexOf("st-" + t.status) !== -1;
    if (!was) {
      var when = status.querySelector(".when");
      status.textContent = "";
      var pill = document.createElement("span");
      pill.className = "pill " + t.status;
      pill.textContent = T("tickets-js-pill-" + t.status);
      status.appendChild(pill);
      if (t.status === "used" && when) { status.appendChild(document.createTextNode(" ")); status.appendChild(when); }
      row.className = "st-" + t.status;
      setActions(row, t.status);
    }
    setParty(row, partyText(t.persons, t.arrived, t.inside));
  }

  // Rows to read again, a moment after their last live record (a burst of
  // records for one ticket costs one read); an older answer never
  // overwrites a newer one.
  var stale = {};
  var asked = {};
  var rowsTimer = null;
  function refreshRow(code) {
    stale[code] = true;
    clearTimeout(rowsTimer);
    rowsTimer = setTimeout(function () {
      var codes = Object.keys(stale);
      stale = {};
      codes.forEach(function (c) {
        var n = (asked[c] || 0) + 1;
        asked[c] = n;
        fetch("/api/events/" + encodeURIComponent(slug) + "/tickets?search=" + encodeURIComponent(c), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (list) {
            if (asked[c] !== n) return;
            var t = list.filter(function (x) { return x.code === c; })[0];
            var row = root.querySelector('tr[data-code="' + c + '"]');
            if (t && row) showTicket(row, t);
          });
      });
    }, 150);
  }

  function apply(rec) {
    if (!rec.code) return;
    var row = root.querySelector('tr[data-code="' + rec.code + '"]');
    if (!row) return;
    var status = row.querySelector(".status");
    // A party's counts, an exit, a re-entry: read the ticket again.
    var party = Number(row.dataset.persons) > 1 || !!status.querySelector(".party");
    if (rec.kind === "admitted") {
      if (row.className.indexOf("st-used") === -1) {
        // The first entry: the time and door shown from now on.
        status.textContent = "";
        var pill = document.createElement("span"); pill.className = "pill used"; pill.textContent = T("tickets-js-pill-used");
        var when = document.createElement("span"); when.className = "muted small when";
        when.textContent = clock((rec.clocks && rec.clocks[document.documentElement.lang]) || rec.clock, rec.at) + " · " + rec.by;
        var whenText = (rec.whens && rec.whens[document.documentElement.lang]) || rec.when;
        if (whenText) when.title = whenText;
        status.appendChild(pill); status.appendChild(document.createTextNode(" ")); status.appendChild(when);
        setActions(row, "used");
      }
      row.className = "st-used";
      void row.offsetWidth; // restart the flash for a second entry of a party
      row.className = "st-used flash";
      if (party) refreshRow(rec.code);
    } else if (rec.kind === "exited") {
      refreshRow(rec.code);
    } else if (rec.kind === "undone") {
      // Undo takes back the ticket's latest step only (an exit, one of a
      // party's entries, a re-entry): the ticket says whether it is still here.
      refreshRow(rec.code);
    } else if (rec.kind === "restored") {
      // Used or valid again: the page shows which as the server renders it.
      location.reload();
    } else if (rec.kind === "revoked_by_admin") {
      row.className = "st-revoked";
      status.textContent = "";
      var r = document.createElement("span"); r.className = "pill revoked"; r.textContent = T("tickets-js-pill-revoked");
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
          var b = document.createElement("b"); b.textContent = T("tickets-js-alert-title") + " ";
          box.appendChild(b);
          box.appendChild(document.createTextNode(T("tickets-js-alert-text", {
            user: a.user, refused: a.refused, since: clock(a.since_clock, a.since),
            last: clock(a.last_clock, a.last), doors: a.doors.join(", ")
          }) + " "));
          var form = document.createElement("form");
          form.method = "post"; form.className = "inline";
          form.action = "/events/" + encodeURIComponent(slug) + "/guard/reset";
          var user = document.createElement("input"); user.type = "hidden"; user.name = "user"; user.value = a.user;
          var button = document.createElement("button"); button.className = "small"; button.textContent = T("tickets-js-alert-reset");
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
      live.textContent = T("tickets-js-live");
      if (broken) location.reload();
    });
    es.addEventListener("error", function () {
      live.classList.remove("on");
      live.textContent = T("tickets-js-not-live");
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
