/**
 * The About view: the hypotheses (with a diagram of each wiring, drawn from the links the core
 * switches on), the tumour groups and programs of each site, the immune archetypes, hits and
 * markers in plain language, and how to read the exports in R.
 */
import { ARCHETYPES, HITS, HYPOTHESES, MARKERS, PROGRAMS, SITES, SUBGROUPS, pureWeights, wiringOf, type Wiring } from '../../sim/api.js';
import { $, h } from '../dom.js';
import { ARCHETYPE_TEXT, HYPOTHESIS_TEXT, R_SNIPPET, SUBGROUP_TEXT } from '../teaching.js';

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Boxes of the diagram (centre x, y) and the arrows each wiring link draws. */
const BOX = { hit: [160, 22], origin: [52, 90], group: [268, 90], niche: [160, 158] } as const;
const BOX_LABEL = { hit: 'somatic hit', origin: 'NE cell of origin', group: 'tumour group', niche: 'niche (immune, stroma)' };
const LINKS: { link: keyof Wiring; from: keyof typeof BOX; to: keyof typeof BOX; label: string }[] = [
  { link: 'originCommitment', from: 'origin', to: 'group', label: 'decides' },
  { link: 'somaticReprogramming', from: 'hit', to: 'group', label: 'decides' },
  { link: 'immuneInitiation', from: 'niche', to: 'origin', label: 'lets it grow' },
  { link: 'immuneSelection', from: 'niche', to: 'group', label: 'selects' },
];

/** One hypothesis's wiring: an arrow per link it switches on (the core's wiringOf). */
function wiringDiagram(title: string, w: Wiring): SVGSVGElement {
  const s = svg('svg', { viewBox: '0 0 320 180', width: 320, height: 180, role: 'img', 'aria-label': `${title}: ${LINKS.filter((l) => w[l.link] > 0).map((l) => `${BOX_LABEL[l.from]} ${l.label} ${BOX_LABEL[l.to]}`).join('; ')}` });
  const defs = svg('defs', {});
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#333' }));
  defs.append(marker);
  s.append(defs);
  for (const l of LINKS) {
    if (!(w[l.link] > 0)) continue;
    const [x1, y1] = BOX[l.from];
    const [x2, y2] = BOX[l.to];
    // Stop short of the boxes (half-widths 48 × 13).
    const dx = x2 - x1;
    const dy = y2 - y1;
    const f = Math.min(Math.abs(48 / (dx || 1e-9)), Math.abs(14 / (dy || 1e-9)));
    s.append(svg('line', { x1: x1 + dx * f, y1: y1 + dy * f, x2: x2 - dx * f, y2: y2 - dy * f, stroke: '#333', 'stroke-width': 1.6, 'marker-end': 'url(#arrow)', 'data-link': l.link }));
    s.append(svg('text', { x: (x1 + x2) / 2 + 4, y: (y1 + y2) / 2 - 4, 'font-size': 10, fill: '#333' }, l.label));
  }
  if (w.coupling > 0) s.append(svg('text', { x: 160, y: 178, 'font-size': 9, 'text-anchor': 'middle', fill: '#555', 'data-link': 'coupling' }, 'agents kill and support NE cells'));
  for (const [k, [x, y]] of Object.entries(BOX)) {
    s.append(svg('rect', { x: x - 48, y: y - 13, width: 96, height: 26, rx: 5, fill: '#fff', stroke: '#888' }));
    s.append(svg('text', { x, y: y + 4, 'font-size': 10, 'text-anchor': 'middle' }, BOX_LABEL[k as keyof typeof BOX]));
  }
  return s;
}

export function buildAbout(): void {
  $('#view-about').append(
    h('h2', {}, 'The four evolution hypotheses (Fernandez-Cuesta et al., J Clin Invest 2025, Figure 2B)'),
    h(
      'div',
      { class: 'wirings' },
      ...HYPOTHESES.map((x) => {
        const title = x.slug.replace('-', ' ');
        return h('figure', { class: 'wiring', 'data-hypothesis': x.slug }, wiringDiagram(title, wiringOf(pureWeights(x.key))), h('figcaption', {}, h('b', {}, title + ': '), HYPOTHESIS_TEXT[x.slug]));
      }),
    ),
    h('p', {}, 'The arrows are the causal links the simulator switches on under each hypothesis (sim/net/hypothesis.ts); a mixture of hypotheses switches each on in proportion to its weight.'),
    h('h2', {}, 'Tumour groups'),
    ...SITES.map((site) =>
      h('section', {}, h('h3', {}, site), h('dl', {}, ...SUBGROUPS[site].flatMap((g) => [h('dt', {}, g), h('dd', {}, SUBGROUP_TEXT[g] ?? '')]))),
    ),
    h('h2', {}, 'Cell programs'),
    h('p', {}, 'A program is what an NE cell expresses (its marker profile); a tumour is called by the group whose published profile its cells’ mean profile is nearest to.'),
    h('ul', {}, ...PROGRAMS.map((p) => h('li', {}, h('b', {}, p.id), ` (${p.site}) — ${p.label}`))),
    h('h2', {}, 'Immune archetypes (Combes et al. 2022)'),
    ...ARCHETYPES.map((a) => h('p', {}, h('b', {}, a.label + ': '), ARCHETYPE_TEXT[a.id] ?? '')),
    h('h2', {}, 'Somatic hits'),
    h('ul', {}, ...HITS.map((x) => h('li', { title: x.label }, h('b', {}, x.id), ` — ${x.label}`))),
    h('h2', {}, 'Markers the classifier reads'),
    h('p', {}, MARKERS.join(', ')),
    h('h2', {}, 'Reading the exports in R'),
    h('pre', { class: 'r-snippet', tabindex: '0', 'aria-label': 'R code that reads the exports' }, h('code', {}, R_SNIPPET)),
  );
}
