// Home page: a file dropped anywhere on the import box (or the page) is imported at once.
(function () {
  const form = document.getElementById("nhap");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const over = (on) => (e) => { e.preventDefault(); form.classList.toggle("dragging", on); };
  ["dragenter", "dragover"].forEach((t) => document.addEventListener(t, over(true)));
  ["dragleave", "drop"].forEach((t) => document.addEventListener(t, over(false)));
  document.addEventListener("drop", (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
})();
