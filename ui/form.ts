/**
 * The parameter form, generated from the same schema the CLI validates with (its JSON Schema).
 * Each leaf becomes an input showing the resolved value (scenario ⊕ site defaults); an edit
 * becomes an override at that JSON path, and validation messages appear beside the field.
 */
import { ARCHETYPES, HITS, ORIGINS } from '../sim/api.js';

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  description?: string;
  propertyNames?: unknown;
  additionalProperties?: unknown;
};

// Not form fields: the scenario's identity, and interventions (a list: edited in the scenario file
// or a share link's overrides).
const SKIP = new Set(['interventions', '$schema', 'kind', 'name', 'description', 'site']);

/** Tooltips of record keys: hits, origins and archetypes, from the biology tables. */
const LABELS: Record<string, string> = Object.fromEntries([
  ...HITS.map((h) => [h.id, h.label]),
  ...ORIGINS.map((o) => [o.id, o.label]),
  ...ARCHETYPES.map((a) => [a.id, a.label]),
]);

const TIPS: Record<string, string> = {
  'hypothesis.spontaneousParallel': 'Cell of origin alone makes the groups; the microenvironment does not act on NE cells.',
  'hypothesis.spontaneousDivergent': 'Somatic hits put uncommitted NE cells on different trajectories.',
  'hypothesis.immuneParallel': 'Cell of origin makes the groups; crosstalk with the niche is needed to initiate.',
  'hypothesis.immuneDivergent': 'Different niches impose different selective pressures and decide the trajectory.',
  'immune.killPerDay': 'Extra death rate of tumor cells per unit of (tolerance-adjusted) cytotoxic occupancy.',
  'immune.plasticityPerDivision': 'Chance per division that a plastic uncommitted tumor cell switches program (immune-divergent wiring).',
  'progression.cycleDays': 'Duration of the Ki-67-positive part of the cycle: Ki-67 index = birth rate × cycleDays.',
  'progression.tempoSdLog': "Spread between patients of the tumor's tempo: each patient's tumor cells divide and die at their rates × a factor e^(σ·z), z standard normal (σ = 0: every tumor keeps the same pace). Faster tumors have a higher Ki-67 and grow faster.",
  'progression.diagnosisCells': 'Real cells at which a lesion is diagnosed (1e9 ≈ 1 cm³).',
};

/** Sections shown open, and first: the hypothesis weights are what the page is about. */
const FIRST_SECTIONS = ['hypothesis'];
const OPEN_SECTIONS = new Set(FIRST_SECTIONS);
const SECTION_TIPS: Record<string, string> = {
  hypothesis: 'Weights of the four evolution hypotheses (a mixture when several are above 0).',
  origins: 'The NE populations a tumor can arise from: size, turnover, sex and age effects, location.',
  hits: 'Somatic hits: rate per division and effects on birth, death and dissemination.',
  immune: 'The niche agents’ action on NE and tumor cells.',
  progression: 'Tempo, Ki-67, diagnosis, dissemination and metastasis.',
};

export interface FormHandle {
  el: HTMLElement;
  showErrors(errors: { path: string; message: string }[]): string[];
  overrides(): Record<string, unknown>;
}

function get(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function set(obj: Record<string, unknown>, path: string[], v: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]] = v;
}

function unset(obj: Record<string, unknown>, path: string[]): void {
  const parents: Record<string, unknown>[] = [obj];
  let o = obj;
  for (const k of path.slice(0, -1)) {
    o = o[k] as Record<string, unknown>;
    if (!o) return;
    parents.push(o);
  }
  delete o[path[path.length - 1]];
  for (let i = path.length - 2; i >= 0; i--) if (Object.keys(parents[i + 1]).length === 0) delete parents[i][path[i]];
}

export function buildForm(schema: JsonSchema, resolved: unknown, initial: Record<string, unknown>, onChange: (overrides: Record<string, unknown>) => void): FormHandle {
  const el = document.createElement('div');
  el.className = 'form';
  const overrides: Record<string, unknown> = structuredClone(initial);
  const messages = new Map<string, HTMLElement>();
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();

  const leaf = (parent: HTMLElement, path: string[], s: JsonSchema) => {
    const key = path.join('.');
    const row = document.createElement('label');
    row.className = 'field';
    row.title = TIPS[key] ?? LABELS[path[path.length - 1]] ?? s.description ?? key;
    const name = document.createElement('span');
    name.textContent = path[path.length - 1];
    const current = get(overrides, path) ?? get(resolved, path);
    let input: HTMLInputElement | HTMLSelectElement;
    const isRate = !!s.anyOf?.some((a) => a.type === 'string') && !!s.anyOf?.some((a) => a.type === 'number');
    if (s.enum) {
      input = document.createElement('select');
      for (const v of s.enum) input.append(new Option(String(v), String(v)));
      input.value = String(current ?? s.enum[0]);
    } else if (s.type === 'boolean') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = Boolean(current);
    } else {
      input = document.createElement('input');
      input.type = 'text';
      input.inputMode = isRate ? 'text' : 'decimal';
      input.value = current === undefined ? '' : String(current);
      input.spellcheck = false;
    }
    input.name = key;
    input.dataset.path = key;
    const msg = document.createElement('span');
    msg.className = 'field-error';
    msg.setAttribute('role', 'alert');
    messages.set(`$.${key}`, msg);
    inputs.set(key, input);
    input.addEventListener('change', () => {
      let v: unknown;
      if (input instanceof HTMLInputElement && input.type === 'checkbox') v = input.checked;
      else {
        const raw = input.value.trim();
        if (raw === '') {
          unset(overrides, path);
          onChange(structuredClone(overrides));
          return;
        }
        const num = Number(raw);
        // Numbers stay numbers; a rate field may also hold an expression; anything else is sent as
        // typed, so the schema (not the form) says what is wrong with it.
        v = s.enum ? raw : raw !== '' && Number.isFinite(num) ? num : raw;
      }
      set(overrides, path, v);
      onChange(structuredClone(overrides));
    });
    row.append(name, input, msg);
    parent.appendChild(row);
  };

  const walk = (parent: HTMLElement, path: string[], s: JsonSchema) => {
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (path.length === 0 && SKIP.has(k)) continue;
      const keyEnum = (sub.propertyNames as JsonSchema | undefined)?.enum as string[] | undefined;
      if (keyEnum && sub.additionalProperties && typeof sub.additionalProperties === 'object') {
        // A record with known keys (origins, archetypes, hits): one entry per key. Origins are
        // site-specific, so only those the scenario has are shown.
        const present = get(resolved, [...path, k]) as Record<string, unknown> | undefined;
        const keys = keyEnum.filter((key) => k !== 'origins' || (present && key in present));
        const entry = sub.additionalProperties as JsonSchema;
        const fs = document.createElement('fieldset');
        const lg = document.createElement('legend');
        lg.textContent = k;
        fs.appendChild(lg);
        for (const key of keys) {
          if (entry.properties) {
            const inner = document.createElement('fieldset');
            inner.className = 'entry';
            const il = document.createElement('legend');
            il.textContent = key;
            il.title = LABELS[key] ?? key;
            inner.appendChild(il);
            walk(inner, [...path, k, key], entry);
            fs.appendChild(inner);
          } else leaf(fs, [...path, k, key], entry);
        }
        const msg = document.createElement('span');
        msg.className = 'field-error';
        messages.set(`$.${[...path, k].join('.')}`, msg);
        fs.appendChild(msg);
        section(parent, path, k).appendChild(fs);
        continue;
      }
      if (sub.propertyNames || (sub.additionalProperties && !sub.properties)) continue;
      if (sub.type === 'object' && sub.properties) {
        const fs = document.createElement('fieldset');
        const lg = document.createElement('legend');
        lg.textContent = k;
        fs.appendChild(lg);
        walk(fs, [...path, k], sub);
        section(parent, path, k).appendChild(fs);
        const msg = document.createElement('span');
        msg.className = 'field-error';
        messages.set(`$.${[...path, k].join('.')}`, msg);
        fs.appendChild(msg);
      } else if (!sub.const) leaf(parent, [...path, k], sub);
    }
  };
  /** A top-level group of the form is a collapsed section of its own (the hypothesis weights
   *  open, and first); deeper groups go where they are. */
  const section = (parent: HTMLElement, path: string[], k: string): HTMLElement => {
    if (path.length > 0) return parent;
    const d = document.createElement('details');
    d.className = 'section';
    d.dataset.section = k;
    d.open = OPEN_SECTIONS.has(k);
    const sm = document.createElement('summary');
    sm.textContent = k;
    sm.title = SECTION_TIPS[k] ?? k;
    d.appendChild(sm);
    if (FIRST_SECTIONS.includes(k)) parent.insertBefore(d, parent.querySelector(`:scope > details.section:not([data-section="${FIRST_SECTIONS[0]}"])`));
    else parent.appendChild(d);
    return d;
  };
  walk(el, [], schema);

  return {
    el,
    overrides: () => structuredClone(overrides),
    /** Show each error beside its field; returns the messages no field could show. */
    showErrors(errors) {
      for (const m of messages.values()) m.textContent = '';
      for (const i of inputs.values()) i.removeAttribute('aria-invalid');
      const unplaced: string[] = [];
      for (const e of errors) {
        let p = e.path;
        while (p && !messages.has(p)) p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
        const m = messages.get(p);
        if (m) {
          m.textContent = e.message;
          inputs.get(p.slice(2))?.setAttribute('aria-invalid', 'true');
          // A message in a collapsed section opens it, so the reader sees what is wrong.
          const d = m.closest('details.section');
          if (d instanceof HTMLDetailsElement) d.open = true;
        } else unplaced.push(`${e.path}: ${e.message}`);
      }
      return unplaced;
    },
  };
}
