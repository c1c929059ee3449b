// The door: submits by itself when the code is complete, shows green or red
// full screen, beeps and vibrates where allowed, and is ready again quickly.
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
  var busy = false;
  var hideTimer = null;
  var audio = null;

  function door() { return localStorage.getItem("door") || ""; }
  function showDoor() {
    doorField.value = door();
    doorButton.textContent = door() || "set a door name";
  }
  doorButton.addEventListener("click", function () {
    var name = window.prompt("Name of this door (shown when a ticket was already used)", door());
    if (name !== null) { localStorage.setItem("door", name.trim().slice(0, 64)); showDoor(); }
    input.focus();
  });
  showDoor();

  // Letters and digits typed so far (spaces, dashes and invisible characters do not count).
  function symbols(text) {
    return text.replace(/[\s\-_\u00ad\u2010-\u2015\u2212\u200b-\u200f\u2060-\u2064\ufeff\uff0d]/g, "");
  }

  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = ok ? 880 : 220;
      o.type = ok ? "sine" : "square";
      g.gain.value = 0.15;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + (ok ? 0.15 : 0.45));
    } catch (e) { /* no sound on this device */ }
    if (navigator.vibrate) navigator.vibrate(ok ? 80 : [200, 80, 200]);
  }

  // "used at 23:14 CET": on the event's clock, whatever the phone's setting.
  function time(iso) {
    try {
      return new Intl.DateTimeFormat([], { timeZone: box.dataset.tz || "UTC", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
    } catch (e) { return iso; }
  }

  function show(green, title, text) {
    head.textContent = title;
    detail.textContent = text;
    result.className = "result show " + (green ? "green" : "red");
    beep(green);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, green ? 1500 : 3500);
  }

  function hide() {
    result.className = "result";
    input.value = "";
    input.focus();
  }
  result.addEventListener("click", hide);

  // Sends the typed code (or a door-search pick); false when a scan is
  // still on its way and nothing was sent.
  function submit(pick) {
    var code = input.value;
    if (busy || (!pick && symbols(code) === "")) return false;
    busy = true;
    var body = pick ? { pick: pick, door: door() || null } : { code: code, door: door() || null };
    fetch("/api/events/" + encodeURIComponent(slug) + "/scan", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname); return null; }
      return r.text().then(function (text) {
        var body;
        try { body = JSON.parse(text); } catch (e) { body = { error: "The server answered " + r.status + "." }; }
        return { status: r.status, body: body };
      });
    }).then(function (res) {
      if (!res) return;
      var b = res.body;
      if (res.status === 429) { show(false, "Too many unknown codes", "Wait " + (b.retry_after_secs || 10) + " s, then type the code again. The organiser has been told."); return; }
      if (res.status !== 200) { show(false, "Not checked", b.error || "Try again"); return; }
      var name = b.ticket ? b.ticket.name : "";
      if (b.outcome === "admitted") show(true, "Welcome", name);
      else if (b.outcome === "already_used") show(false, "Already used", name + " — at " + time(b.used_at) + " at " + (b.used_by || "?"));
      else if (b.outcome === "revoked") show(false, "Revoked", name ? name + "'s ticket was revoked" : "This ticket was revoked");
      else show(false, "Unknown code", "No ticket has the code " + code.toUpperCase());
    }).catch(function () {
      show(false, "No connection", "The scan did not reach the server. Try again.");
    }).then(function () { busy = false; });
    return true;
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  input.addEventListener("input", function () {
    if (symbols(input.value).length >= length) submit();
  });
  document.addEventListener("keydown", function (e) {
    if (result.classList.contains("show") && (e.key === "Enter" || e.key === "Escape" || e.key === " ")) { e.preventDefault(); hide(); }
  });
  if (result.classList.contains("show")) hideTimer = setTimeout(hide, 3000);

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
      if (q.length < 3) { note("Type at least 3 letters of the name."); return; }
      fetch("/api/events/" + encodeURIComponent(slug) + "/find?name=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { note(res.body.error || "Search failed"); return; }
          if (!res.body.length) note("Nobody of that name.");
          res.body.forEach(function (g) {
            var li = document.createElement("li");
            var label = document.createElement("span");
            label.textContent = g.name + " (" + g.status + ")";
            var b = document.createElement("button");
            b.textContent = "Check in";
            b.type = "button";
            b.disabled = !g.pick;
            b.addEventListener("click", function () {
              if (submit(g.pick)) { list.textContent = ""; search.value = ""; }
            });
            li.appendChild(label); li.appendChild(b); list.appendChild(li);
          });
        })
        .catch(function () { note("No connection"); });
    });
  }
  input.focus();
})();
