/*
 * Keeps what a citizen types into the report form in this tab until the report is accepted, so a failed send
 * (no signal, the service briefly unavailable) or a reload loses nothing.
 *
 * The draft lives in sessionStorage: it ends with the tab, which matters on shared phones and warnet computers.
 * The contact fields, the form's tokens and photos are never kept. A page that confirms a report carries
 * data-draft-sent="<name>" and ends the draft. A form the server sends back with errors already holds the
 * citizen's words, so nothing is restored over it.
 */
(function () {
  "use strict";

  var PREFIX = "sambat-draft:";
  var NEVER_KEPT = ["csrfmiddlewaretoken", "submission_token", "reporter_name", "reporter_phone", "reporter_email"];
  var store;
  try {
    store = window.sessionStorage;
    store.getItem(PREFIX);
  } catch (error) {
    return; // storage switched off: the form works as before
  }


  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && NEVER_KEPT.indexOf(field.name) < 0 &&
        ["file", "submit", "button", "password"].indexOf(field.type) < 0;
    });
  }

  function read(form) {
    var values = {};
    keptFields(form).forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); }
      } else if (field.value) {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function apply(form, values, onlyEmpty) {
    keptFields(form).forEach(function (field) {
      if (!(field.name in values)) { return; }
      var value = values[field.name];
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = value.indexOf(field.value) >= 0;
      } else if (!onlyEmpty || !field.value) {
        if (field.value !== value) {
          field.value = value;
          // The category loads its extra questions, the map moves its pin: they listen for changes.
          field.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
  }

  function setUp(form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var notice = form.querySelector("[data-draft-notice]");
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (error) { store.removeItem(key); }

    if (saved && form.hasAttribute("data-draft-restore")) {
      apply(form, saved, false);
      if (notice) { notice.hidden = false; }
    }
    function save() {
      try { store.setItem(key, JSON.stringify(read(form))); } catch (error) { /* storage full: keep the form */ }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    // Extra questions arrive after the category is chosen: fill in the answers the draft has for them.
    document.body.addEventListener("htmx:afterSwap", function () {
      var current = null;
      try { current = JSON.parse(store.getItem(key) || "null"); } catch (error) { current = null; }
      if (current) { apply(form, current, true); }
    });
    if (notice) {
      notice.querySelector("button").addEventListener("click", function () {
        store.removeItem(key);
        form.reset();
        notice.hidden = true;
      });
    }
  }

  // After htmx has bound its listeners (so a restored category loads its questions) and before the map reads
  // the pin's coordinates: both wait for DOMContentLoaded too, htmx registered before this script, the map after.
  function start() {
    document.querySelectorAll("[data-draft-sent]").forEach(function (element) {
      store.removeItem(PREFIX + element.getAttribute("data-draft-sent"));
    });
    document.querySelectorAll("form[data-draft]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
