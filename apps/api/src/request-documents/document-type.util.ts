import type { DocumentKind } from '@sendflow/domain';

export interface DetectedType { kind: DocumentKind; mediaType: string }

const startsWith = (buf: Buffer, bytes: number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

/**
 * The type of an upload from its content (magic bytes), never from its name or the browser's
 * Content-Type, which the sender controls. A .docx is a ZIP whose entries include
 * `[Content_Types].xml` and `word/`; any other ZIP (or an .xlsx) is refused. A .doc is an OLE2
 * compound file. Null when the content is none of the accepted types.
 */
export function detectDocumentType(buf: Buffer): DetectedType | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'pdf', mediaType: 'application/pdf' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png', mediaType: 'image/png' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: 'jpeg', mediaType: 'image/jpeg' };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'doc', mediaType: 'application/msword' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) && isWordZip(buf)) {
    return { kind: 'docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
  }
  return null;
}

/** Walks the ZIP's local file headers (names are stored uncompressed) looking for a Word package's parts. */
function isWordZip(buf: Buffer): boolean {
  let contentTypes = false;
  let word = false;
  let at = 0;
  for (let entries = 0; entries < 2000 && at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50; entries++) {
    const flags = buf.readUInt16LE(at + 6);
    const compressed = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('latin1', at + 30, Math.min(buf.length, at + 30 + nameLength));
    if (name === '[Content_Types].xml') contentTypes = true;
    if (name.startsWith('word/')) word = true;
    if (contentTypes && word) return true;
    // With a data descriptor (flag bit 3) sizes follow the data: stop walking, decide on what was seen.
    if (flags & 0x08) break;
    at += 30 + nameLength + extraLength + compressed;
  }
  if (contentTypes && word) return true;
  // Fallback for streamed ZIPs: the central directory names every entry.
  const tail = buf.toString('latin1', Math.max(0, buf.length - 65_536));
  return tail.includes('[Content_Types].xml') && tail.includes('word/document.xml');
}
