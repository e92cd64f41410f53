// Paper keying, enhanced. Enter moves to the next field as Tab does, so a stray Enter never saves
// half a form; Enter on the save button (or on the last field) saves. Each box is checked as the
// clerk types, with the server's own words (rendered into data-msg-* attributes): one digit among
// those offered, and conditional questions (E5.1–E5.S) only when their condition (E5.0 = 1) holds.
// The server checks everything again and stays the authority; without JavaScript the form works
// with Tab and the save button.
(function () {
  'use strict';
  var form = document.getElementById('paper-form');
  if (!form) return;

  function focusable() {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (el.disabled || el.type === 'hidden') return false;
      return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.tagName === 'BUTTON';
    });
  }

  function describedBy(el, id, on) {
    var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== id;
    });
    if (on) ids.push(id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }

  // One message per field, in the element the server uses (id "<field>-error"), tied to the field.
  function showError(el, holder, message) {
    var id = el.id + '-error';
    var box = document.getElementById(id);
    if (message) {
      if (!box) {
        box = document.createElement('span');
        box.className = 'error-message';
        box.id = id;
        var legend = holder.tagName === 'FIELDSET' ? holder.querySelector('legend') : null;
        if (legend) legend.insertAdjacentElement('afterend', box);
        else holder.appendChild(box);
      }
      box.textContent = message;
      holder.classList.add('error');
      el.setAttribute('aria-invalid', 'true');
      describedBy(el, id, true);
    } else {
      if (box) box.parentNode.removeChild(box);
      holder.classList.remove('error');
      el.removeAttribute('aria-invalid');
      describedBy(el, id, false);
    }
    return !message;
  }

  function conditionMet(el) {
    var on = el.getAttribute('data-condition');
    if (!on) return true;
    var source = document.getElementById(on);
    var values = (el.getAttribute('data-condition-values') || '').split(' ');
    return Boolean(source) && values.indexOf(source.value.trim()) >= 0;
  }

  function check(el) {
    var holder = el.closest('.paper-row');
    if (!holder) return true;
    if (el.type === 'checkbox') {
      var group = el.closest('fieldset');
      var max = Number(group.getAttribute('data-max'));
      var ticked = group.querySelectorAll('input[type=checkbox]:checked').length;
      return showError(group, group, max && ticked > max ? group.getAttribute('data-msg-too-many') : '');
    }
    var value = el.value.trim();
    var message = '';
    if (value !== '') {
      var digits = el.getAttribute('data-digits');
      if (digits !== null && (value.length !== 1 || digits.indexOf(value) < 0)) message = el.getAttribute('data-msg-allowed');
      else if (!conditionMet(el)) message = el.getAttribute('data-msg-condition');
    }
    return showError(el, holder, message);
  }

  // A question that does not apply and is empty is taken out of the way (disabled fields are
  // skipped by Tab and not sent); one that holds a value stays, flagged, for the clerk to fix.
  function applyConditions() {
    Array.prototype.forEach.call(form.querySelectorAll('[data-condition]'), function (el) {
      var met = conditionMet(el);
      el.disabled = !met && el.value.trim() === '';
      el.closest('.paper-row').classList.toggle('paper-off', el.disabled);
      check(el);
    });
  }

  function checkAll() {
    var first = null;
    Array.prototype.forEach.call(
      form.querySelectorAll('.paper-digit, .paper-row select, .paper-checks input[type=checkbox]'),
      function (el) {
        if (!el.disabled && !check(el) && !first) first = el;
      },
    );
    return first;
  }

  form.addEventListener('input', function (e) {
    var el = e.target;
    if (form.querySelector('[data-condition="' + el.id + '"]')) applyConditions();
    check(el);
  });
  form.addEventListener('change', function (e) {
    check(e.target);
  });

  form.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var el = e.target;
    if (el.tagName === 'TEXTAREA' || el.tagName === 'BUTTON' || el.tagName === 'A') return;
    e.preventDefault();
    var list = focusable();
    var next = list[list.indexOf(el) + 1];
    if (!next || next.type === 'submit') {
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
      return;
    }
    next.focus();
    if (next.tagName === 'INPUT' && next.type === 'text') next.select();
  });

  var sending = false;
  form.addEventListener('submit', function (e) {
    var invalid = checkAll();
    if (invalid || sending) {
      e.preventDefault();
      if (invalid) invalid.focus();
      return;
    }
    sending = true;
  });
  // Back to this page from the browser's cache: it may be sent again (the server stores it once).
  window.addEventListener('pageshow', function () {
    sending = false;
  });

  applyConditions();
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
