import { detectDocumentType } from './document-type.util';

/** A minimal stored (uncompressed) ZIP with the given entry names. */
function zip(names: string[]): Buffer {
  const parts = names.map((name) => {
    const data = Buffer.from('<x/>');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    return Buffer.concat([header, Buffer.from(name, 'latin1'), data]);
  });
  return Buffer.concat([...parts, Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);
}

describe('detectDocumentType', () => {
  it.each([
    ['pdf', Buffer.from('%PDF-1.7\n...')],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])],
    ['docx', zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])],
  ])('recognises %s by its content', (kind, bytes) => {
    expect(detectDocumentType(bytes)?.kind).toBe(kind);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['plain text', Buffer.from('hello, this is not a PDF')],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a spreadsheet (ZIP without word/)', zip(['[Content_Types].xml', 'xl/workbook.xml'])],
    ['any other ZIP', zip(['a.txt'])],
    ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00])],
  ])('refuses %s', (_what, bytes) => {
    expect(detectDocumentType(bytes)).toBeNull();
  });
});
