// Progressive enhancement for the yearly ZIP export: preparing a large year's archive takes a while
// before the first byte, so the page says "Menyiapkan arsip…" until the download starts. The form
// sends a random token; the server echoes it in a short-lived cookie with the archive's headers,
// which is how the page knows the browser has taken over the download. Without JavaScript the same
// form is a plain GET and the browser downloads the archive as any file.
(function () {
  var COOKIE = 'mm_export';
  var GIVE_UP_MS = 10 * 60 * 1000;

  function randomToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function hasCookie(value) {
    return document.cookie.split(/;\s*/).indexOf(COOKIE + '=' + value) !== -1;
  }

  function bind() {
    var form = document.querySelector('form[data-export]');
    if (!form || !window.crypto || !window.crypto.getRandomValues || !window.URLSearchParams || !window.FormData) return;
    var status = form.querySelector('[data-export-status]');
    var button = form.querySelector('button[type=submit]');
    var timer = null;

    function finish(text) {
      window.clearInterval(timer);
      status.textContent = text;
      status.classList.remove('busy');
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var token = randomToken();
      var params = new URLSearchParams(new FormData(form));
      params.set('unduh', token);
      status.textContent = status.getAttribute('data-preparing');
      status.classList.add('busy');
      button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      var started = Date.now();
      window.clearInterval(timer);
      timer = window.setInterval(function () {
        if (hasCookie(token)) {
          document.cookie = COOKIE + '=; Max-Age=0; Path=/; SameSite=Lax';
          finish(status.getAttribute('data-started'));
        } else if (Date.now() - started > GIVE_UP_MS) {
          finish(status.getAttribute('data-failed'));
        }
      }, 400);
      // An attachment: the browser downloads it and this page stays, its script still running.
      window.location.assign(form.getAttribute('action') + '?' + params.toString());
    });
  }

  document.addEventListener('DOMContentLoaded', bind);
})();
