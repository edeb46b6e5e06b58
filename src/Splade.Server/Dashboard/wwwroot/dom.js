// Small DOM helpers shared by the panels.

/** Creates an element: h('td', {class: 'num'}, '1.5'). Attributes starting with "on" are listeners; null children are skipped. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style') element.style.cssText = value; // CSSOM, which the page's CSP allows (style attributes it blocks)
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** Shows an error (or any text) in a panel's message area; null hides it. */
export function showMessage(panel, error, kind = 'error') {
  const box = panel.querySelector('[data-message]');
  if (!error) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  const status = error.status ? `${error.status}: ` : '';
  box.textContent = typeof error === 'string' ? error : status + error.message;
  box.className = `message ${kind}`;
  box.hidden = false;
}

export function number(value, digits = 4) {
  if (value === null || value === undefined) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value).toFixed(digits);
}

/** Runs an async action with the form's submit button disabled and errors shown in the panel. */
export async function busy(panel, form, action) {
  const button = form?.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  panel.setAttribute('aria-busy', 'true');
  showMessage(panel, null);
  try {
    await action();
  } catch (error) {
    showMessage(panel, error);
  } finally {
    if (button) button.disabled = false;
    panel.removeAttribute('aria-busy');
  }
}

/** Ctrl+Enter (or Cmd+Enter) in a textarea submits its form. */
export function submitOnCtrlEnter(form) {
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

export function json(value) {
  return JSON.stringify(value, null, 2);
}
