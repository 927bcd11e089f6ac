/** The About view: the hypotheses, immune archetypes, hits and markers in plain language. */
import { ARCHETYPES, HITS, HYPOTHESIS_SLUGS, MARKERS } from '../../sim/api.js';
import { $, h } from '../dom.js';
import { ARCHETYPE_TEXT, HYPOTHESIS_TEXT } from '../teaching.js';

export function buildAbout(): void {
  $('#view-about').append(
    h('h2', {}, 'The four evolution hypotheses (Fernandez-Cuesta et al., J Clin Invest 2025, Figure 2B)'),
    ...HYPOTHESIS_SLUGS.map((k) => h('p', {}, h('b', {}, k.replace('-', ' ') + ': '), HYPOTHESIS_TEXT[k])),
    h('h2', {}, 'Immune archetypes (Combes et al. 2022)'),
    ...ARCHETYPES.map((a) => h('p', {}, h('b', {}, a.label + ': '), ARCHETYPE_TEXT[a.id] ?? '')),
    h('h2', {}, 'Somatic hits'),
    h('ul', {}, ...HITS.map((x) => h('li', { title: x.label }, h('b', {}, x.id), ` — ${x.label}`))),
    h('h2', {}, 'Markers the classifier reads'),
    h('p', {}, MARKERS.join(', ')),
  );
}
