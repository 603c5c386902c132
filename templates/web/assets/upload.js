// Progressive enhancement for the document upload form: a progress bar while the file is sent.
// Without JavaScript the same form posts normally.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('form[data-upload]');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var bar = form.querySelector('progress');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; } };
    xhr.onload = function () {
      if (xhr.status < 400 && xhr.responseURL) { window.location.assign(xhr.responseURL); return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { form.submit(); };
    bar.hidden = false;
    bar.value = 0;
    form.querySelector('button[type=submit]').disabled = true;
    xhr.send(new FormData(form));
  });
});
