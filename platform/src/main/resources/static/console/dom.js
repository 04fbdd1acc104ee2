// Small helpers for pages written as template literals: html`` escapes every value put into it, unless the value is
// itself html`` (or an array of them).

const RAW = Symbol('html');

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += piece(value) + strings[i + 1]; });
  return { [RAW]: out };
}

function piece(value) {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(piece).join('');
  if (typeof value === 'object' && RAW in value) return value[RAW];
  return escape(String(value));
}

export function escape(text) {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Replaces the element's content. */
export function render(element, fragment) {
  element.innerHTML = piece(fragment);
  return element;
}

/** One listener on root for every current and future element matching selector. */
export function on(root, event, selector, handler) {
  root.addEventListener(event, e => {
    const target = e.target.closest(selector);
    if (target && root.contains(target)) handler(e, target);
  });
}

/** A form's fields by name: trimmed text, '' as null; checkboxes of one name as an array of the checked values. */
export function fields(form) {
  const out = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === 'checkbox') {
      out[element.name] = out[element.name] || [];
      if (element.checked) out[element.name].push(element.value);
    } else {
      const value = element.value.trim();
      out[element.name] = value === '' ? null : value;
    }
  }
  return out;
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

/** An instant as 2026-01-02 10:11:12 (UTC), or '' for none. */
export function when(text) {
  if (!text) return '';
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace('Z', '');
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return '–';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function optionsOf(values, selected) {
  return values.map(v => {
    const [value, label] = Array.isArray(v) ? v : [v, v];
    return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
  });
}

/** A comma-separated field as a list, or null when empty. */
export function list(text) {
  if (!text) return null;
  const values = text.split(',').map(v => v.trim()).filter(v => v);
  return values.length ? values : null;
}

export function integer(text) {
  return text === null || text === undefined ? null : Number.parseInt(text, 10);
}
