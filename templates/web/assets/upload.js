// Progressive enhancement for the document upload form: a progress bar while the file is sent.
// Without JavaScript the same form posts normally and the server answers with the whole page.
(function () {
  function bind() {
    var form = document.querySelector('form[data-upload]');
    if (!form || !window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
    var bar = form.querySelector('progress');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      };
      xhr.onload = function () {
        // Success ends on the list page (after the server's redirect): load it as a normal page.
        if (xhr.status < 400 && xhr.responseURL) { window.location.assign(xhr.responseURL); return; }
        // Errors come back as the page with the messages beside the fields: show it in place.
        var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        document.title = doc.title;
        document.body.replaceWith(doc.body);
        bind();
        var summary = document.querySelector('.error-summary');
        if (summary) summary.focus();
      };
      xhr.onerror = function () { bar.hidden = true; button.disabled = false; HTMLFormElement.prototype.submit.call(form); };
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  }
  document.addEventListener('DOMContentLoaded', bind);
})();
