// Small page helpers: keystrokes for terminal.js, the clipboard and button flashes for lesson.js and steps.js.

/** A command as typed keystrokes: every line ends with Enter. */
export function keystrokes(command) {
  return `${command.replace(/\s+$/, '').replace(/\r?\n/g, '\r')}\r`;
}

const FLASH_MS = 1500;

/** Clipboard write that also works on plain-http classroom servers (no navigator.clipboard). */
export async function copyText(text) {
  if (navigator.clipboard?.writeText && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the legacy path
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Briefly replaces a button's label ("Copied", "Not connected") without changing its size. */
export function flashButton(button, label) {
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  button.textContent = label;
  clearTimeout(button.flashTimer);
  button.flashTimer = setTimeout(() => {
    button.textContent = original;
  }, FLASH_MS);
}
