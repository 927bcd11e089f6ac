/** Small DOM helpers every view uses, and the page's one banner. */

export const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

export function download(name: string, data: Blob | string, type = 'text/csv'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

/** A chart's "PNG" button: saves that chart as `<scenario>-<title>.png`. */
export function pngButton(parent: HTMLElement, file: () => string, png: () => Promise<Blob>, title?: string): void {
  const b = h('button', title ? { class: 'png', title } : { class: 'png' }, 'PNG');
  b.addEventListener('click', async () => download(file(), await png()));
  parent.appendChild(b);
}

export const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '—' : x.toFixed(d));

/** A problem with the link the page was opened with: it stays on show until the scenario changes. */
let linkNotice: string | null = null;
export function setLinkNotice(text: string | null): void {
  linkNotice = text;
}

export function banner(text: string | null, kind: 'error' | 'info' = 'error'): void {
  if (text === null && linkNotice) text = linkNotice;
  const b = $('#banner');
  b.textContent = text ?? '';
  b.className = text ? `banner ${kind}` : 'banner';
}
