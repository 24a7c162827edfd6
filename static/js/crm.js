// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // New customer: show the name fields of the chosen customer type, and the billing address
  // only when it differs from the shipping address.
  function fieldBlock(id) {
    var input = document.getElementById(id);
    return input ? input.closest(".mb-3") : null;
  }

  function setHidden(element, hidden) {
    if (element) element.hidden = hidden;
  }

  function customerForm(form) {
    var personOnly = ["id_salutation", "id_first_name", "id_last_name"].map(fieldBlock);
    var organizationOnly = [fieldBlock("id_name")];
    var billing = form.querySelector("[data-billing-address]");
    var billingSame = document.getElementById("id_billing_same");

    function update() {
      var checked = form.querySelector("input[name=kind]:checked");
      var isPerson = !checked || checked.value === "person";
      personOnly.forEach(function (el) { setHidden(el, !isPerson); });
      organizationOnly.forEach(function (el) { setHidden(el, isPerson); });
      if (billing && billingSame) setHidden(billing, billingSame.checked);
    }

    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("form[data-customer-form]").forEach(customerForm);

  // The top bar's quick-jump search: "/" anywhere outside a field goes to it; Escape closes
  // its list of results. (Typing shows the results through htmx; Enter opens the search page.)
  var quickSearch = document.getElementById("nav-search");
  var quickResults = document.getElementById("quick-search-results");
  if (quickSearch) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        quickSearch.focus();
        quickSearch.select();
      } else if (event.key === "Escape" && quickResults &&
                 (target === quickSearch || quickResults.contains(target))) {
        quickResults.innerHTML = "";
      }
    });
    document.addEventListener("click", function (event) {
      if (quickResults && !quickSearch.form.contains(event.target)) quickResults.innerHTML = "";
    });
  }
})();
