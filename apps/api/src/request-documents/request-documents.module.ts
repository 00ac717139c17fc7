import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DOCUMENT_STORAGE } from './document-storage';
import { PostgresDocumentStorage } from './postgres-document-storage';
import { RequestDocumentsController } from './request-documents.controller';
import { RequestDocumentsRepository } from './request-documents.repository';
import { RequestDocumentsService } from './request-documents.service';
import { RequestDocumentsSettings } from './request-documents.settings';

@Module({
  imports: [
    // One file per upload, held in memory (multer's default without a destination) up to the
    // limit; a larger one is refused with 413 while it streams. The setting is read (and
    // checked) when the API starts.
    MulterModule.registerAsync({
      // Browsers send the file name as raw UTF-8 in the part header: read it as such.
      useFactory: () => ({ defParamCharset: 'utf8', limits: { fileSize: new RequestDocumentsSettings().maxBytes, files: 1, fields: 2, parts: 3 } }),
    }),
  ],
  controllers: [RequestDocumentsController],
  providers: [RequestDocumentsService, RequestDocumentsRepository, { provide: DOCUMENT_STORAGE, useClass: PostgresDocumentStorage }],
  exports: [RequestDocumentsService],
})
export class RequestDocumentsModule {}
