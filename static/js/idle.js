// Warn before an idle session ends, and keep it alive when the user asks to continue.
(function () {
  const dialog = document.getElementById("idle-warning");
  if (!dialog) return;
  const idle = Number(dialog.dataset.idle) * 1000;
  const warn = Number(dialog.dataset.warn) * 1000;
  const countdown = document.getElementById("idle-countdown");
  let deadline = Date.now() + idle;
  let timer;

  // Each response says how long the session has left (it is refreshed at most once a minute, not every request).
  const HEADER = "X-Session-Expires-In";
  function reset(left) { deadline = Date.now() + (left ? Number(left) * 1000 : idle); }
  document.body.addEventListener("htmx:afterRequest", function (event) {
    reset(event.detail.xhr.getResponseHeader(HEADER));
  });

  function tick() {
    const left = deadline - Date.now();
    if (left <= 0) {
      window.location.href = dialog.dataset.login + "?next=" + encodeURIComponent(window.location.pathname);
      return;
    }
    if (left <= warn) {
      if (!dialog.open) dialog.showModal();
      const seconds = Math.ceil(left / 1000);
      countdown.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    }
    timer = setTimeout(tick, 1000);
  }

  document.getElementById("idle-continue").addEventListener("click", function () {
    fetch(dialog.dataset.keepalive, { method: "POST", headers: { "X-CSRFToken": JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] } })
      .then(function (response) {
        if (response.ok) { reset(response.headers.get(HEADER)); dialog.close(); } else { window.location.href = dialog.dataset.login; }
      });
  });
  timer = setTimeout(tick, 1000);
})();
