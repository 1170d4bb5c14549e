// Home page: the import box's Vietnamese file picker ("Chọn tệp…" + the chosen file's name), and a file
// dropped anywhere on the import box (or the page) is imported at once.
(function () {
  const form = document.getElementById("nhap");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const chosen = document.getElementById("tep-nhap-ten");
  const showChosen = () => {
    if (!chosen) return;
    const f = input.files && input.files[0];
    chosen.textContent = f ? f.name : "Chưa chọn tệp";
    chosen.classList.toggle("picked", !!f);
    chosen.classList.remove("missing");
  };
  input.addEventListener("change", showChosen);
  // The real input is visually hidden: say in the page, not in a bubble, that a file is needed.
  input.addEventListener("invalid", (e) => {
    e.preventDefault();
    if (chosen) { chosen.textContent = "Hãy chọn tệp cần nhập trước"; chosen.classList.add("missing"); }
  });
  showChosen();  // a file kept by the browser after going back
  const over = (on) => (e) => { e.preventDefault(); form.classList.toggle("dragging", on); };
  ["dragenter", "dragover"].forEach((t) => document.addEventListener(t, over(true)));
  ["dragleave", "drop"].forEach((t) => document.addEventListener(t, over(false)));
  document.addEventListener("drop", (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    showChosen();
    if (chosen) chosen.textContent = "Đang nhập " + input.files[0].name + "…";
    form.submit();
  });
})();
