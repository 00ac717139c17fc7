export * from './render-document';
export * from './render-docx';
export * from './render-html';
export * from './render-pdf';
export * from './trust-settings';
