import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** The text of a PDF, read back with pdf.js (unpdf) in a child process, with its metadata. */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<{ text: string; title: string; language: string; pages: number }> {
  const out = await new Promise<string>((resolvePromise, reject) => {
    const child = execFile(process.execPath, [resolve(__dirname, 'pdf-text.mjs')], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      (err ? reject(new Error(`pdf-text failed: ${stderr || err.message}`)) : resolvePromise(stdout)));
    child.stdin?.end(Buffer.from(pdf));
  });
  const r = JSON.parse(out) as { text: string; title: string; language: string; pages: number };
  return { ...r, text: r.text.replace(/\s+/g, ' ') };
}

/** The visible text of a DOCX (word/document.xml unzipped, tags dropped) and its core title. */
export function docxText(docx: Buffer | Uint8Array): { text: string; title: string; xml: string } {
  const files = unzipSync(new Uint8Array(docx));
  const xml = strFromU8(files['word/document.xml']);
  const core = files['docProps/core.xml'] ? strFromU8(files['docProps/core.xml']) : '';
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const text = decode(xml.replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ');
  return { text, title: decode(/<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? ''), xml };
}
