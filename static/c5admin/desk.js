/* The desk and the meeting form: a typed date is read back (value and precision) as the editor types,
   and an unticked proposal is greyed. Loaded as a file: the Content-Security-Policy forbids inline script. */
(function () {
  "use strict";

  function dateChecker(input, preview) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(preview.dataset.checkUrl, window.location.href);
        url.searchParams.set("text", input.value);
        if (preview.dataset.reference) { url.searchParams.set("reference", preview.dataset.reference); }
        fetch(url, {credentials: "same-origin"}).then(function (response) { return response.json(); }).then(function (data) {
          preview.textContent = data.error ? data.error : "read as " + data.display + " · precision: " + data.precision +
            (data.note ? " · " + data.note : "");
          preview.classList.toggle("c5-missing", Boolean(data.error));
        });
      }, 250);
    });
  }

  // The position picker of a participation row asks for the chosen person's positions only.
  if (window.django && window.django.jQuery) {
    var $ = window.django.jQuery;
    var person = "";
    $(document).on("select2:opening", "select[name$='-position']", function () {
      var row = this.closest(".inline-related");
      var chosen = row && row.querySelector("select[name$='-person']");
      person = chosen ? chosen.value : "";
    });
    $.ajaxPrefilter(function (options) {
      if (person && typeof options.data === "string" && options.data.indexOf("field_name=position") !== -1) {
        options.data += "&person=" + encodeURIComponent(person);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-check-url]").forEach(function (preview) {
      var input = preview.closest("td, .form-row").querySelector("input[type=text], input:not([type])");
      if (input) { dateChecker(input, preview); }
    });
    document.querySelectorAll(".c5-desk-row input[name$='-accept']").forEach(function (box) {
      box.addEventListener("change", function () {
        box.closest("tr").classList.toggle("c5-rejected", !box.checked);
      });
    });
  });
})();
