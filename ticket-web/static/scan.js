// The door: submits by itself when the code is complete, shows the result
// full screen, beeps and vibrates where allowed, and is ready again quickly.
//
// Offline first: the page keeps a copy of the event (codes, names, status;
// no addresses) in IndexedDB, kept current from the server's changes. When
// the server does not answer a scan within 1.2 s, or cannot be reached, the
// scan is decided against that copy at once ("Welcome (offline)"), queued
// with a unique id, its time and door, and uploaded exactly once when the
// server answers again (it is probed every 3 s). A service worker keeps
// the page itself, so a reload without the server still opens the door.
//
// Its words are the door's texts (ticketcore/locales/*/door.ftl) in the
// request's language, put on the page by the server: T("id", {name: …}).
(function () {
  var box = document.getElementById("scanner");
  if (!box) return;
  var slug = box.dataset.event;
  var length = parseInt(box.dataset.length, 10) || 3;
  var input = document.getElementById("code");
  var form = document.getElementById("scan-form");
  var result = document.getElementById("result");
  var head = document.getElementById("result-head");
  var detail = document.getElementById("result-detail");
  var doorField = document.getElementById("door");
  var doorButton = document.getElementById("door-name");
  var banner = document.getElementById("offline-banner");
  var recent = document.getElementById("recent");
  var counter = document.getElementById("count");
  var personsChoice = document.getElementById("persons");
  var exitBox = document.getElementById("exit-mode");
  var insideNow = document.getElementById("inside-now");
  var walkInButton = document.getElementById("walk-in");
  var busy = false;
  var hideTimer = null;
  // When the result on screen appeared: Enter, Space or Escape right after
  // (a scanner's Enter after its code, a second key press) does not take it
  // away before it was seen.
  var shownAt = 0;
  var SEEN_MS = 800;
  // Waiting codes are not sent before this time (see `show`, and a 429).
  var holdUntil = 0;
  var holdTimer = null;
  var audio = null;
  var admittedHere = 0;

  var TIMEOUT_MS = 1200;
  var PROBE_MS = 3000;
  var CHANGES_MS = 5000;
  var REFRESH_MS = 10 * 60 * 1000;
  var api = "/api/events/" + encodeURIComponent(slug);

  // A paired door phone's door is named at pairing; others name theirs here.
  var pairedDoor = box.dataset.pairedDoor || "";
  function door() { return pairedDoor || localStorage.getItem("door") || ""; }
  function showDoor() {
    doorField.value = door();
    doorButton.textContent = door() || T("door-unnamed");
  }
  doorButton.addEventListener("click", function () {
    var name = window.prompt(T("door-prompt"), door());
    if (name !== null) { localStorage.setItem("door", name.trim().slice(0, 64)); showDoor(); }
    input.focus();
  });
  if (pairedDoor) { doorButton.disabled = true; doorButton.title = T("door-paired"); }
  showDoor();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      // This page too, already on its first visit, for a reload without the server.
      if (window.caches) {
        return caches.open("door-v1").then(function (c) { return c.add(location.pathname); });
      }
    }).catch(function () { /* plain HTTP on a LAN: no offline reload */ });
  }

  // Letters and digits typed so far (spaces, dashes and invisible characters do not count).
  function symbols(text) {
    return text.replace(/[\s\-_\u00ad\u2010-\u2015\u2212\u200b-\u200f\u2060-\u2064\ufeff\uff0d]/g, "");
  }
  // As the server reads a code (a simpler CodeSpec::normalise): width and
  // accents composed (NFKC), case folded towards the alphabet, and 0 / 1
  // read as O / I when the alphabet has letters but no digits.
  var alphabet = box.dataset.alphabet || "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function normalise(text) {
    var t = symbols(text.normalize ? text.normalize("NFKC") : text);
    t = alphabet === alphabet.toUpperCase() ? t.toUpperCase() : alphabet === alphabet.toLowerCase() ? t.toLowerCase() : t;
    if (!/[0-9]/.test(alphabet)) {
      if (alphabet.indexOf("O") >= 0) t = t.replace(/0/g, "O");
      if (alphabet.indexOf("I") >= 0) t = t.replace(/1/g, "I");
    }
    return t;
  }

  function beep(kind) {
    var tones = { green: [880, 0.15, "sine"], red: [220, 0.45, "square"], unknown: [330, 0.25, "triangle"], amber: [520, 0.2, "sawtooth"], note: [660, 0.18, "sine"], out: [587, 0.15, "sine"] };
    var t = tones[kind] || tones.red;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = t[0];
      o.type = t[2];
      g.gain.value = 0.15;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + t[1]);
      // A note for the door: a rising chime of its own after the result's.
      if (kind === "note") {
        [990, 1320].forEach(function (f, i) {
          var n = audio.createOscillator();
          n.frequency.value = f; n.type = "sine"; n.connect(g);
          n.start(audio.currentTime + 0.22 * (i + 1)); n.stop(audio.currentTime + 0.22 * (i + 1) + 0.16);
        });
      }
      if (kind === "unknown") {
        var o2 = audio.createOscillator();
        o2.frequency.value = 262; o2.type = "triangle"; o2.connect(g);
        o2.start(audio.currentTime + 0.3); o2.stop(audio.currentTime + 0.55);
      }
    } catch (e) { /* no sound on this device */ }
    if (navigator.vibrate) navigator.vibrate(kind === "green" || kind === "out" ? 80 : kind === "unknown" ? [100, 60, 100, 60, 100] : [200, 80, 200]);
  }

  // "9:14 PM CET" / "21:14 Uhr": on the event's clock, whatever the
  // phone's setting, written as the door language's file says (its
  // time-format and clock messages, as the server writes used_at_clock).
  function time(iso) {
    try {
      var parts = {};
      // en-GB: 24-hour also where hourCycle is not known (older WebViews).
      new Intl.DateTimeFormat("en-GB", { timeZone: box.dataset.tz || "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
      var h = parseInt(parts.hour, 10) % 24, m = parts.minute, h12 = h % 12 || 12;
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      var text = T("time-format").replace(/%(-?)([HIMp%])/g, function (all, dash, c) {
        if (c === "H") return dash ? String(h) : two(h);
        if (c === "I") return dash ? String(h12) : two(h12);
        if (c === "M") return m;
        if (c === "p") return h < 12 ? "AM" : "PM";
        return "%";
      });
      return T("clock", { time: text, zone: box.dataset.zone || "" }).trim();
    } catch (e) { return iso; }
  }

  // kind: green (admitted), red (already used, revoked), unknown, amber
  // (cannot check). `attention`: the ticket's note ("VIP", "check ID"),
  // shown with a sound of its own; the result then stays until staff tap
  // it, and codes typed meanwhile wait.
  function show(kind, title, text, attention) {
    // Drawn, not glyphs: a phone's font may lack ✓ and ✗.
    var paths = { green: "M5 12.5l4.5 4.5L19 7.5", out: "M5 12h13M13 7l5 5-5 5", red: "M6 6l12 12M18 6L6 18", unknown: "M9 9a3 3 0 1 1 4 2.8c-.7.3-1 .9-1 1.7M12 17.5v.5", amber: "M12 6v8M12 17.5v.5" };
    head.textContent = "";
    if (paths[kind]) {
      var ns = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("class", "icon"); svg.setAttribute("aria-hidden", "true");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", paths[kind]); path.setAttribute("fill", "none"); path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "3"); path.setAttribute("stroke-linecap", "round"); path.setAttribute("stroke-linejoin", "round");
      svg.appendChild(path); head.appendChild(svg);
    }
    head.appendChild(document.createTextNode(title));
    detail.textContent = text;
    noteLine.textContent = attention || "";
    result.className = "result show " + kind + (attention ? " attention" : "");
    shownAt = Date.now();
    // A note replaced before it was tapped no longer holds the codes back.
    if (!attention && holdUntil === Infinity) holdUntil = 0;
    // A waiting code does not replace a result that needs a look at once.
    if (kind !== "green" && kind !== "out") holdUntil = shownAt + SEEN_MS;
    if (attention) holdUntil = Infinity;
    beep(attention ? "note" : kind);
    clearTimeout(hideTimer);
    if (!attention) hideTimer = setTimeout(hide, kind === "green" || kind === "out" ? 1500 : 3500);
    if (recent) {
      var li = document.createElement("li");
      li.className = kind;
      li.textContent = new Date().toTimeString().slice(0, 5) + " " + title + (text ? " — " + text : "") + (attention ? " — " + attention : "");
      recent.insertBefore(li, recent.firstChild);
      while (recent.children.length > 5) recent.removeChild(recent.lastChild);
    }
    if (kind === "green") {
      admittedHere += 1;
      if (counter) counter.textContent = T("admitted-here", { count: admittedHere });
    }
  }

  // A line in the last results, without taking the screen (background news).
  function note(kind, text) {
    if (!recent) return;
    var li = document.createElement("li");
    li.className = kind;
    li.textContent = new Date().toTimeString().slice(0, 5) + " " + text;
    recent.insertBefore(li, recent.firstChild);
    while (recent.children.length > 5) recent.removeChild(recent.lastChild);
  }

  // Takes the result away. What was typed since the last code was sent
  // stays (the code field is emptied when a code is sent).
  function hide() {
    clearTimeout(hideTimer);
    var confirmed = attentionShown();
    result.className = "result";
    input.focus();
    // A note was seen: the codes that waited for it go on.
    if (confirmed) { holdUntil = 0; sendWaiting(); }
  }
  function attentionShown() { return result.classList.contains("show") && result.classList.contains("attention"); }
  result.addEventListener("click", hide);

  // The note line of a result, under its detail.
  var noteLine = document.createElement("p");
  noteLine.className = "result-note";
  noteLine.setAttribute("role", "alert");
  detail.parentNode.insertBefore(noteLine, detail.nextSibling);

  // --- Parties, exits, walk-ins ---------------------------------------------
  // Exit mode stays on for this door (this phone and event) until switched off.
  var exitKey = "exit-mode:" + slug;
  function exitMode() { return !!(exitBox && exitBox.checked); }
  function showExitMode() { document.body.classList.toggle("exit-mode", exitMode()); }
  if (exitBox) {
    exitBox.checked = localStorage.getItem(exitKey) === "1";
    exitBox.addEventListener("change", function () {
      localStorage.setItem(exitKey, exitBox.checked ? "1" : "0");
      showExitMode();
      input.focus();
    });
    showExitMode();
  }
  if (personsChoice) personsChoice.addEventListener("change", function () { input.focus(); });

  // "at 21:14 at door-2": when and where a ticket was (last) used.
  function atTimeDoor(b) {
    return T("at-time-door", { time: b.used_at_clock || time(b.used_at), door: b.used_by || "?" });
  }

  // "Party of 4 — 3 arrived at 21:14 at door-2, 1 still to come".
  function partyLine(b) {
    var p = b.party;
    if (!p || p.size <= 1) return "";
    var left = p.size - p.arrived;
    var line = T(p.arrived === p.size ? "party-all" : "party", { size: p.size, arrived: p.arrived });
    if (b.used_at) line += " " + atTimeDoor(b);
    if (left > 0) line += ", " + T("party-left", { left: left });
    if (p.inside < p.arrived) line += ", " + T("party-inside", { inside: p.inside });
    return line;
  }

  // How many are inside now (any door), when the event has people counts.
  function refreshPeople() {
    if (!insideNow || offlineSince) return;
    fetch(api + "/people", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        insideNow.textContent = T("inside-now", { inside: p.people_inside, arrived: p.people_arrived, total: p.people_total });
      })
      .catch(function () { /* the next try */ });
  }

  // A guest not on the list, added and let in at once.
  if (walkInButton) walkInButton.addEventListener("click", function () {
    var name = window.prompt(T("walk-in-name"));
    if (name === null || !name.trim()) { input.focus(); return; }
    var persons = window.prompt(T("walk-in-persons"), "1");
    if (persons === null) { input.focus(); return; }
    fetch(api + "/walk-ins", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: name.trim(), persons: parseInt(persons, 10) || 1, door: door() || null })
    }).then(function (r) {
      return r.json().then(function (b) { return { ok: r.ok, body: b }; });
    }).then(function (res) {
      if (!res.ok) { show("amber", T("walk-in-failed"), res.body.error || T("try-again")); return; }
      var t = res.body;
      show("green", T("welcome-walk-in"), t.name + (t.persons > 1 ? " — " + T("walk-in-party", { persons: t.persons }) : "") + " · " + T("walk-in-code", { code: t.code }));
      refreshPeople();
    }).catch(function () { show("amber", T("walk-in-failed"), T("server-silent")); });
  });

  // --- The door copy and the queue, in IndexedDB ---------------------------
  var db = null;
  // {event, cursor, fetched, tickets: {CODE: [name, status, usedAt, usedBy, persons, arrived, note]}}
  var copy = null;
  var queue = [];    // [{id, event, code, at, door}]
  var offlineSince = null;

  function openDb() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      var req = indexedDB.open("ticket-door", 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("copies", { keyPath: "event" });
        req.result.createObjectStore("queue", { keyPath: "id" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { resolve(null); };
    });
  }
  function store(name, mode) { return db.transaction(name, mode).objectStore(name); }
  function idb(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  var saveTimer = null;
  function saveCopy() {
    if (!db || !copy) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () { store("copies", "readwrite").put(copy); }, 200);
  }
  // An offline admission: the copy and the queue change in one
  // transaction; `done` runs once it is on the phone's disk.
  function admitLocally(item, done) {
    queue.push(item);
    showBanner();
    if (!db) { done(); return; }
    clearTimeout(saveTimer);
    var tx = db.transaction(["copies", "queue"], "readwrite");
    tx.objectStore("copies").put(copy);
    tx.objectStore("queue").put(item);
    tx.oncomplete = done;
    tx.onerror = tx.onabort = function () { done(); };
  }
  // What this phone admitted offline and has not sent yet, laid over a copy.
  function overlayQueue() {
    if (!copy) return;
    queue.forEach(function (q) {
      var t = copy.tickets[q.code];
      if (!t || t[1] === "revoked") return;
      if (t[1] === "valid") { t[1] = "used"; t[2] = q.at; t[3] = q.door; }
      // An offline check-in lets in the rest of the party.
      t[5] = size(t);
    });
  }
  function queued(code) { return queue.some(function (q) { return q.code === code; }); }
  // A copy entry's party: how many it admits, how many have come (a copy
  // from before parties has neither: one person, come once used).
  function size(t) { return t[4] || 1; }
  function arrivedOf(t) { return t[5] !== undefined ? t[5] : (t[1] === "used" ? size(t) : 0); }
  function dequeue(ids) {
    var gone = {};
    ids.forEach(function (id) { gone[id] = true; });
    queue = queue.filter(function (q) { return !gone[q.id]; });
    if (db) {
      var s = store("queue", "readwrite");
      ids.forEach(function (id) { s.delete(id); });
    }
    showBanner();
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  // fetch with a deadline: a hung server counts as gone.
  function timed(url, options, ms) {
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, ms);
    options = options || {};
    options.credentials = "same-origin";
    if (ctl) options.signal = ctl.signal;
    return fetch(url, options).then(function (r) { clearTimeout(timer); return r; },
      function (e) { clearTimeout(timer); throw e; });
  }

  // The server no longer knows this phone (its session ended, or its
  // pairing was revoked): the guest list leaves the phone (check-ins that
  // wait for upload stay), and the login page shows.
  function loggedOut() {
    copy = null;
    var leave = function () { window.location = "/login?next=" + encodeURIComponent(location.pathname); };
    if (!db) { leave(); return; }
    try {
      var tx = db.transaction("copies", "readwrite");
      tx.objectStore("copies").delete(slug);
      tx.oncomplete = leave;
      tx.onerror = leave;
    } catch (e) { leave(); }
  }

  function loadCopy() {
    return timed(api + "/door-copy", {}, 15000).then(function (r) {
      if (r.status === 401) loggedOut();
      if (!r.ok) throw new Error("copy " + r.status);
      return r.json();
    }).then(function (c) {
      var tickets = {};
      c.tickets.forEach(function (t) { tickets[t[0]] = [t[1], t[2], t[3], t[4], t[5] || 1, t[6] || 0, t[7] || null]; });
      copy = { event: slug, cursor: c.cursor, fetched: Date.now(), tickets: tickets };
      // Keep this door's own check-ins that wait for upload.
      overlayQueue();
      box.dataset.copy = c.tickets.length;
      saveCopy();
    });
  }

  var polling = false;
  function applyChanges() {
    if (!copy || offlineSince || polling) return Promise.resolve();
    polling = true;
    return timed(api + "/door-changes?since=" + copy.cursor, {}, 5000).then(function (r) {
      if (r.status === 401) loggedOut();
      if (!r.ok) throw new Error("changes " + r.status);
      return r.json();
    }).then(function (c) {
      var reread = false;
      c.changes.forEach(function (ch) {
        var t = copy.tickets[ch.code];
        if (!t) return;
        if (ch.kind === "admitted") {
          if (t[1] !== "used") { t[1] = "used"; t[2] = ch.at; t[3] = ch.by; }
          // The rest of a party (or a guest alone) came in; after part of
          // a party (this door's own answer may have counted it already)
          // the copy is read anew below, for exact counts.
          if (ch.persons && ch.persons < size(t)) reread = true;
          else t[5] = size(t);
        }
        // Undo takes back one scan: a party may still be partly in, so the
        // copy is read anew below.
        else if (ch.kind === "undone") { reread = true; }
        else if (ch.kind === "revoked_by_admin") { t[1] = "revoked"; }
        else if (ch.kind === "restored") { t[1] = t[2] ? "used" : "valid"; }
      });
      if (c.cursor > copy.cursor) copy.cursor = c.cursor;
      overlayQueue();
      saveCopy();
      polling = false;
      if (reread) return loadCopy();
      if (c.more) return applyChanges();
    }).catch(function () { polling = false; /* the next poll tries again */ });
  }

  // --- Online and offline ----------------------------------------------------
  var syncProblem = null;
  // The banner says how many check-ins wait for upload in words, and in
  // data-waiting for app.js (logging out asks first while some wait).
  function showBanner() {
    if (!banner) return;
    var n = queue.length;
    var count = n === 1 ? "-one" : "-other";
    banner.setAttribute("data-waiting", String(n));
    if (syncProblem && n) {
      banner.textContent = T("banner-unsent" + count, { count: n, problem: syncProblem });
      banner.className = "offline-banner show";
    } else if (offlineSince) {
      var mins = Math.floor((Date.now() - offlineSince) / 60000);
      banner.textContent = T("banner-offline" + count, {
        since: time(new Date(offlineSince).toISOString()),
        duration: mins < 1 ? T("offline-under-minute") : T("offline-minutes", { mins: mins }),
        count: n
      });
      banner.className = "offline-banner show";
    } else if (n) {
      banner.textContent = T("banner-sending" + count, { count: n });
      banner.className = "offline-banner show syncing";
    } else {
      banner.className = "offline-banner";
    }
  }
  setInterval(showBanner, 1000);

  function goOffline() {
    if (!offlineSince) { offlineSince = Date.now(); showBanner(); }
  }
  function goOnline() {
    if (offlineSince) { offlineSince = null; showBanner(); }
    sync();
  }

  // While offline: is the server back?
  setInterval(function () {
    if (!offlineSince) return;
    timed("/healthz", { cache: "no-store" }, TIMEOUT_MS).then(function (r) {
      if (r.ok) goOnline();
    }).catch(function () { /* still offline */ });
  }, PROBE_MS);

  var syncing = false;
  function sync() {
    if (syncing || offlineSince || !queue.length) return;
    syncing = true;
    var batch = queue.slice(0, 50);
    timed(api + "/offline", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ checkins: batch.map(function (q) { return { id: q.id, code: q.code, at: q.at, door: q.door, after_timeout: !!q.afterTimeout, persons: q.persons || null }; }) })
    }, 15000).then(function (r) {
      if (r.status === 401) { syncProblem = T("sync-log-in"); return; }
      if (r.status >= 500 || r.status === 429) return;
      if (!r.ok) {
        // Refused: keep them, say why on the banner.
        return r.json().then(function (b) { syncProblem = b.error || T("sync-server-answered", { status: r.status }); },
          function () { syncProblem = T("sync-server-answered", { status: r.status }); });
      }
      return r.json().then(function (b) {
        syncProblem = null;
        var conflicts = b.results.filter(function (x) { return x.conflict && !x.duplicate; }).length;
        dequeue(b.results.map(function (x) { return x.id; }));
        if (conflicts) note("amber", T(conflicts === 1 ? "double-entries-one" : "double-entries-other", { count: conflicts }));
        if (queue.length) setTimeout(sync, 0);
      });
    }).catch(function (e) {
      if (e && e.name === "AbortError" || e instanceof TypeError) goOffline();
    }).then(function () { syncing = false; showBanner(); });
  }

  // A scan decided on this phone.
  function decideLocally(code, afterTimeout) {
    var c = normalise(code);
    var t = copy && copy.tickets[c];
    if (!copy) { show("amber", T("cannot-check-offline"), T("no-copy")); return; }
    if (!t) {
      show("unknown", T("unknown-code-offline"), T("not-in-copy", { code: c, time: new Date(copy.fetched).toTimeString().slice(0, 5) }));
      return;
    }
    if (t[1] === "revoked") { show("red", T("revoked-offline"), T("revoked-name", { name: t[0] })); return; }
    // Offline, the door lets in the whole rest of a party (never part of
    // it: the server counts an offline check-in as those still to come).
    var left = size(t) - arrivedOf(t);
    if (t[1] === "used" && left <= 0) { show("red", T("already-used-offline"), t[0] + " — " + T("at-time-door", { time: time(t[2]), door: t[3] || "?" }), t[6]); return; }
    var at = new Date().toISOString();
    if (t[1] !== "used") { t[2] = at; t[3] = door() || T("this-door"); }
    t[1] = "used"; t[5] = size(t);
    busy = true;
    // How many this phone lets in: more than the server has left (another
    // door let some in meanwhile) is listed as a double entry.
    admitLocally({ id: newId(), event: slug, code: c, at: at, door: door() || "", afterTimeout: !!afterTimeout, persons: left }, function () {
      busy = false;
      show("green", T("welcome-offline"), t[0] + (size(t) > 1 ? " — " + T("offline-party", { size: size(t), left: left }) : ""), t[6]);
      sendWaiting();
    });
  }

  // Whole codes typed while another was being decided (a scanner types a
  // code every few hundred milliseconds, whatever the server's speed): sent
  // in order, one at a time, never run together.
  var waiting = [];

  // A whole code in the code field: sent now, or after the one being decided.
  function codeTyped() {
    if (symbols(input.value).length < length) return;
    endCode();
  }

  // What the field holds is a code (a whole one, or Enter pressed), or
  // `read`, a code the camera read (letters typed meanwhile stay in the
  // field): it goes after those already waiting, and not before a red
  // result on screen has been there 0.8 s.
  function endCode(read) {
    var code = read !== undefined ? read : input.value;
    if (symbols(code) === "") return;
    // The People chosen belong to this code, also when it has to wait.
    var persons = takePersons();
    if (busy || waiting.length || Date.now() < holdUntil) {
      waiting.push({ code: code, persons: persons });
      if (read === undefined) input.value = "";
      sendWaiting();
      return;
    }
    submit(undefined, read, persons);
  }

  // The People chosen for the next code (undefined: all), and back to all.
  function takePersons() {
    if (!personsChoice || !personsChoice.value) return undefined;
    var n = parseInt(personsChoice.value, 10);
    personsChoice.value = "";
    return n || undefined;
  }

  // The next waiting code, once nothing is on its way and the last result
  // that needs a look has had it.
  function sendWaiting() {
    clearTimeout(holdTimer);
    if (busy || !waiting.length) return;
    var wait = holdUntil - Date.now();
    // (Until a note on screen is tapped, `hide` sends the next one.)
    if (wait > 0) { if (isFinite(wait)) holdTimer = setTimeout(sendWaiting, wait); return; }
    var next = waiting.shift();
    submit(undefined, next.code, next.persons);
  }

  // Sends the typed code (or a door-search pick, or `next`, a code that
  // waited or the camera read); false when a scan is still on its way and
  // nothing was sent.
  function submit(pick, next, persons) {
    var code = next !== undefined ? next : input.value;
    if (busy || (!pick && symbols(code) === "")) return false;
    // Sent: the next code's letters start afresh (a scanner types the next
    // code while this one is decided).
    if (!pick && next === undefined) input.value = "";
    // Offline, or a code this phone let in offline and has not sent yet:
    // decided here (the server does not know about it yet).
    if (!pick && exitMode() && offlineSince) {
      show("amber", T("exit-not-counted"), T("exit-offline"));
      sendWaiting();
      return true;
    }
    if (!pick && (offlineSince || queued(normalise(code)))) {
      decideLocally(code);
      sendWaiting();
      return true;
    }
    busy = true;
    // Set when the answer did not come and the phone decided instead.
    var handedOff = false;
    // Set when waiting codes must not follow (the login page, a 429).
    var stop = false;
    var body = pick ? { pick: pick, door: door() || null } : { code: code, door: door() || null };
    // The people chosen for this code or pick; exit mode for every code
    // (a pick from the door search is always an entry).
    var exiting = !pick && exitMode();
    if (persons) body.persons = persons;
    if (exiting) body.direction = "out";
    timed(api + "/scan", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }, TIMEOUT_MS).then(function (r) {
      if (r.status === 401) { stop = true; window.location = "/login?next=" + encodeURIComponent(location.pathname); return null; }
      if (r.status === 502 || r.status === 503 || r.status === 504) throw new TypeError("server unavailable");
      return r.text().then(function (text) {
        var b;
        try { b = JSON.parse(text); } catch (e) { b = { error: T("server-answered", { status: r.status }) }; }
        return { status: r.status, body: b };
      });
    }).then(function (res) {
      if (!res) return;
      var b = res.body;
      if (res.status === 429) {
        show("amber", T("too-many"), T("too-many-wait", { secs: b.retry_after_secs || 10 }));
        // Codes still waiting go once the door may check again.
        holdUntil = Date.now() + 1000 * (b.retry_after_secs || 10);
        return;
      }
      if (res.status !== 200) { show("amber", T(exitMode() ? "not-let-out" : "not-let-in"), b.error || T("try-again")); return; }
      var name = b.ticket ? b.ticket.name : "";
      var c = b.ticket && b.ticket.code;
      if (copy && c && copy.tickets[c] && (b.outcome === "admitted" || b.outcome === "already_used" || b.outcome === "exited")) {
        var entry = copy.tickets[c];
        if (b.outcome !== "exited") { entry[1] = "used"; entry[2] = b.used_at; entry[3] = b.used_by; }
        if (b.party) { entry[4] = b.party.size; entry[5] = b.party.arrived; }
        if (b.note !== undefined) entry[6] = b.note || null;
        saveCopy();
      }
      var party = partyLine(b);
      if (b.outcome === "admitted") show("green", T("welcome"), name + (party ? " — " + party : ""), b.note);
      else if (b.outcome === "exited") show("out", T("out"), name + (b.party && b.party.size > 1 ? " — " + T("out-inside", { inside: b.party.inside, size: b.party.size }) : ""));
      else if (b.outcome === "already_used" && party) show("red", T("already-in"), name + " — " + party, b.note);
      else if (b.outcome === "already_used") show("red", T("already-used"), name + " — " + atTimeDoor(b), b.note);
      else if (b.outcome === "revoked") show("red", T("revoked"), name ? T("revoked-name", { name: name }) : T("revoked-nameless"));
      else if (b.other_event) show("unknown", T("other-event"), T("other-event-code", { code: code.toUpperCase(), event: b.other_event.name }));
      else show("unknown", T("unknown-code"), T("unknown-code-detail", { code: code.toUpperCase() }));
      sync();
      refreshPeople();
    }).catch(function () {
      // No answer within 1.2 s, or no connection: decide here, at once.
      goOffline();
      busy = false;
      handedOff = true;
      if (pick) show("amber", T("cannot-check-now"), T("pick-silent"));
      // An exit, or part of a party, is not decided on the phone: the
      // server may have counted it; scanning again shows where it stands.
      else if (exiting) show("amber", T("exit-not-counted"), T("exit-silent"));
      else if (persons) show("amber", T("not-checked"), T("persons-silent"));
      else decideLocally(code, true);
    }).then(function () {
      // (When the phone decided instead, its own admission clears it.)
      if (!handedOff) busy = false;
      // Codes typed while this one was decided go next, in order.
      if (!stop) sendWaiting();
    });
    return true;
  }

  // Enter ends a code, whole or not (a short one is decided as typed).
  form.addEventListener("submit", function (e) { e.preventDefault(); endCode(); });
  // A QR code read by the camera (camera.js): as if typed, then Enter.
  box.addEventListener("door-code", function (e) { endCode(String(e.detail)); });
  // Some phones (iOS) keep sound off until a tap turns it on: the tap on
  // Camera, or any other, readies it for the results that follow.
  document.addEventListener("click", function () {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (e) { /* no sound on this device */ }
  });
  input.addEventListener("input", codeTyped);
  document.addEventListener("keydown", function (e) {
    if (!result.classList.contains("show")) return;
    // A note stays until staff tap it; letters typed meanwhile go on into
    // the code field, and whole codes wait.
    if (attentionShown()) {
      if (e.key === "Enter") { e.preventDefault(); if (symbols(input.value) !== "") endCode(); }
      else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && document.activeElement !== document.getElementById("search")) {
        e.preventDefault();
        input.value += e.key;
        codeTyped();
      } else if (e.key === "Escape" || e.key === " ") e.preventDefault();
      return;
    }
    // Letters typed since the result appeared, then Enter: that code ends.
    if (e.key === "Enter" && symbols(input.value) !== "") { e.preventDefault(); endCode(); return; }
    if (e.key === "Enter" || e.key === "Escape" || e.key === " ") {
      e.preventDefault();
      if (Date.now() - shownAt >= SEEN_MS) hide();
      return;
    }
    // A key typed while a result shows goes on with the next code.
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && document.activeElement !== document.getElementById("search")) {
      e.preventDefault();
      // A result that needs a look stays its moment; the letters go on
      // behind it.
      if (result.classList.contains("green") || result.classList.contains("out") || Date.now() - shownAt >= SEEN_MS) hide();
      input.value += e.key;
      codeTyped();
    }
  });
  if (result.classList.contains("show")) hideTimer = setTimeout(hide, 3000);

  // Start: the copy and the queue from this phone, then the server's.
  openDb().then(function (d) {
    db = d;
    if (!db) return;
    return Promise.all([
      idb(store("copies", "readonly").get(slug)),
      idb(store("queue", "readonly").getAll())
    ]).then(function (got) {
      copy = got[0] || null;
      queue = (got[1] || []).filter(function (q) { return q.event === slug; });
      overlayQueue();
      if (copy) box.dataset.copy = Object.keys(copy.tickets).length;
      showBanner();
    });
  }).catch(function () { /* no storage: online only */ }).then(function () {
    var fresh = copy && Date.now() - copy.fetched < REFRESH_MS;
    return (fresh ? applyChanges() : loadCopy()).then(function () { goOnline(); }, function () {
      if (!copy) return;
      goOffline();
    });
  });
  setInterval(function () { if (!offlineSince) applyChanges(); }, CHANGES_MS);
  setInterval(function () { if (!offlineSince) loadCopy().catch(function () {}); }, REFRESH_MS);
  setInterval(sync, 10000);
  refreshPeople();
  setInterval(refreshPeople, 10000);

  // Door search by name (when the admin allowed it): at least 3 letters,
  // a few guests, name and status only; "Check in" uses the one-time pick.
  var search = document.getElementById("search");
  if (search) {
    var list = document.getElementById("search-results");
    document.getElementById("search-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var q = search.value.trim();
      list.textContent = "";
      var note = function (text) { var li = document.createElement("li"); li.className = "muted"; li.textContent = text; list.appendChild(li); };
      if (q.length < 3) { note(T("search-too-short")); return; }
      fetch(api + "/find?name=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { note(res.body.error || T("search-failed")); return; }
          if (!res.body.length) note(T("search-none"));
          res.body.forEach(function (g) {
            var li = document.createElement("li");
            var label = document.createElement("span");
            var p = g.party;
            // "(used · 2 of 4 arrived)": a party partly in may still be let in.
            var status = T("status-" + g.status);
            if (status === "status-" + g.status) status = g.status;
            label.textContent = g.name + " (" + status + (p && p.size > 1 ? " · " + T("search-party", { arrived: p.arrived, size: p.size }) : "") + ")";
            var b = document.createElement("button");
            b.textContent = T("search-check-in");
            b.type = "button";
            b.disabled = !g.pick;
            b.addEventListener("click", function () {
              // The People chosen (if any) count for this pick.
              if (submit(g.pick, undefined, takePersons())) { list.textContent = ""; search.value = ""; }
            });
            li.appendChild(label); li.appendChild(b); list.appendChild(li);
          });
        })
        .catch(function () { note(T("no-connection")); });
    });
  }
  input.focus();
})();
