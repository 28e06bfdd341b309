// Schedule editor: a keyboard- and mouse-free page works without this; it only adds a
// confirmation before deleting a slot, so a stray click does not drop a planned talk.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".schedule-editor form[action$='/delete']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm("Delete this from the draft?")) { event.preventDefault(); }
    });
  });
});
