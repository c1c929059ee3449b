// Texts for the scripts, in the page's language: each page puts its
// messages in <script type="application/json" class="texts"> blocks (from
// the language files); T("id", {name: "Anna"}) fills "{name}" in.
var TEXTS = {};
document.querySelectorAll("script.texts").forEach(function (s) {
  try { Object.assign(TEXTS, JSON.parse(s.textContent)); } catch (e) { /* none */ }
});
window.T = function (id, args) {
  var s = TEXTS[id];
  if (s === undefined) return id;
  return s.replace(/\{(\w+)\}/g, function (m, k) { return args && args[k] !== undefined ? String(args[k]) : m; });
};

// Asks before destructive forms (class "confirm" with data-confirm).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.classList && form.classList.contains("confirm")) {
    if (!window.confirm(form.getAttribute("data-confirm") || T("app-js-sure"))) e.preventDefault();
  }
});

// Logging out deletes the door's copy of the guest list and its kept pages
// from this phone. Check-ins made offline and not yet sent stay (they are
// sent by the next login on this phone); with some waiting, ask first.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.getAttribute || form.getAttribute("action") !== "/logout") return;
  var waiting = document.getElementById("offline-banner");
  if (waiting && waiting.classList.contains("show") && Number(waiting.getAttribute("data-waiting")) > 0 &&
      !window.confirm(T("app-js-log-out-waiting"))) {
    e.preventDefault();
    return;
  }
  if (window.caches) caches.delete("door-v1");
  if (!window.indexedDB) return;
  var req = indexedDB.open("ticket-door", 1);
  req.onupgradeneeded = function () {
    req.result.createObjectStore("copies", { keyPath: "event" });
    req.result.createObjectStore("queue", { keyPath: "id" });
  };
  req.onsuccess = function () { try { req.result.transaction("copies", "readwrite").objectStore("copies").clear(); } catch (err) { /* nothing kept */ } };
});

// A new event takes place where the organiser is, most likely: the time-zone
// field starts at the browser's zone when the server knows it.
(function () {
  var zone = document.querySelector('input[name="time_zone"]');
  if (!zone || !window.Intl) return;
  try {
    var here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var known = zone.list && Array.prototype.some.call(zone.list.options, function (o) { return o.value === here; });
    if (here && known) zone.value = here;
  } catch (e) { /* keep the server's default */ }
})();
