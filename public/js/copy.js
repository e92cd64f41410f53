// The copy button beside a secret shown once (the new API token): shown only when script runs and
// the browser offers the clipboard; without it the read-only field is selected and copied by hand.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector('[data-copy-status]');
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      // Refused (no permission): the text is selected, Ctrl+C still works.
    }
  });
}
