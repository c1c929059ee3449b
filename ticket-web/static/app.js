// Asks before destructive forms (class "confirm" with data-confirm).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.classList && form.classList.contains("confirm")) {
    if (!window.confirm(form.getAttribute("data-confirm") || "Are you sure?")) e.preventDefault();
  }
});

// Logging out deletes the door's offline copy of the guest list from this phone.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.getAttribute && form.getAttribute("action") === "/logout" && window.indexedDB) {
    try { indexedDB.deleteDatabase("ticket-door"); } catch (err) { /* nothing kept */ }
  }
});
