import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { apiConfig } from '../config/api-config';
import { DOCUMENT_STORES, type DocumentStores } from './document-storage';
import { PostgresDocumentStorage } from './postgres-document-storage';
import { RequestDocumentsController } from './request-documents.controller';
import { RequestDocumentsRepository } from './request-documents.repository';
import { RequestDocumentsService } from './request-documents.service';
import { S3DocumentStorage, s3SettingsFromConfig } from './s3-document-storage';

/**
 * PostgreSQL is always readable; S3 is readable whenever a bucket is configured, so documents
 * stored before a switch in either direction stay readable. DOCUMENT_STORAGE picks the writer.
 */
function documentStores(postgres: PostgresDocumentStorage): DocumentStores {
  const config = apiConfig();
  const s3Settings = s3SettingsFromConfig(config);
  const s3 = s3Settings ? new S3DocumentStorage(s3Settings) : undefined;
  // The config schema refuses DOCUMENT_STORAGE=s3 without S3_BUCKET.
  return {
    writer: config.DOCUMENT_STORAGE === 's3' && s3 ? s3 : postgres, readers: { postgres, s3 },
    // Closes the S3 client's kept-alive sockets when the app closes.
    onModuleDestroy: () => s3?.close(),
  } as DocumentStores & { onModuleDestroy(): void };
}

@Module({
  imports: [
    // One file per upload, held in memory (multer's default without a destination) up to the
    // limit; a larger one is refused with 413 while it streams. The setting is read (and
    // checked) when the API starts.
    MulterModule.registerAsync({
      // Browsers send the file name as raw UTF-8 in the part header: read it as such.
      useFactory: () => ({ defParamCharset: 'utf8', limits: { fileSize: apiConfig().DOCUMENT_MAX_BYTES, files: 1, fields: 2, parts: 3 } }),
    }),
  ],
  controllers: [RequestDocumentsController],
  providers: [RequestDocumentsService, RequestDocumentsRepository, PostgresDocumentStorage,
    { provide: DOCUMENT_STORES, useFactory: documentStores, inject: [PostgresDocumentStorage] }],
  exports: [RequestDocumentsService, DOCUMENT_STORES],
})
export class RequestDocumentsModule {}
