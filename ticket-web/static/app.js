// Asks before destructive forms (class "confirm" with data-confirm).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.classList && form.classList.contains("confirm")) {
    if (!window.confirm(form.getAttribute("data-confirm") || "Are you sure?")) e.preventDefault();
  }
});
