import { documentOutline, type OutlineBlock, type SendflowDocument } from '@sendflow/domain';
import type { TrustSettings } from './trust-settings';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function block(b: OutlineBlock): string {
  switch (b.type) {
    case 'heading': return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case 'paragraph': return `<p>${esc(b.text).replace(/\n/g, '<br>')}</p>`;
    case 'fields': return `<dl class="fields">${b.rows.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>`;
    case 'table': return `<table><thead><tr>${b.header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${
      b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  }
}

/**
 * The preview: a standalone HTML page of the same outline the PDF and DOCX lay out. Served with a
 * Content-Security-Policy that allows no scripts; everything in it is escaped text.
 */
export function renderHtml(doc: SendflowDocument, trust: Pick<TrustSettings, 'logo'>): string {
  const logo = trust.logo ? `<img class="logo" alt="${esc(doc.cover.trust.name)} logo" src="data:image/${trust.logo.type === 'png' ? 'png' : 'jpeg'};base64,${trust.logo.data.toString('base64')}">` : '';
  return `<!doctype html>
<html lang="${doc.language}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#212b32;line-height:1.5}
h1{font-size:1.75rem}h2{font-size:1.35rem;border-bottom:2px solid #005eb8;margin-top:2rem}h3{font-size:1.1rem;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d8dde0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f5}.fields div{display:flex;gap:1rem}.fields dt{font-weight:bold;min-width:12rem}.fields dd{margin:0}.logo{max-height:4rem}
</style></head>
<body><main>${logo}${documentOutline(doc).map(block).join('\n')}</main></body></html>`;
}
