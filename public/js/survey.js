// Optional enhancement of the survey pages (they work without it): move focus to the error summary
// so that screen readers announce the problems at once, as GOV.UK pages do.
(function () {
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
