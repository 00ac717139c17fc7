/* global process, Buffer */
// Reads a PDF on stdin and prints its text and metadata as JSON. A separate process because
// pdf.js (through unpdf) is ESM loaded by dynamic import, which Jest's CommonJS sandbox refuses.
import { extractText, getDocumentProxy } from 'unpdf';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const proxy = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { text, totalPages } = await extractText(proxy, { mergePages: true });
const { info } = await proxy.getMetadata();
process.stdout.write(JSON.stringify({ text, pages: totalPages, title: info.Title ?? '', language: info.Language ?? '' }));
