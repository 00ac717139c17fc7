import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from '../common/zod-dto';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { requestDocument, requestDocumentList, type Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { RequestDocumentsService, type UploadedFile as File } from './request-documents.service';

class RequestDocumentDto extends createZodDto(requestDocument) {}
class RequestDocumentListDto extends createZodDto(requestDocumentList) {}

/** RFC 6266 header: an ASCII fallback name and the exact name UTF-8 encoded. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@ApiTags('requests')
@Controller('requests/:id/documents')
export class RequestDocumentsController {
  constructor(private readonly documents: RequestDocumentsService) {}

  @Post()
  @AllowRoles('coordinator')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'PDF, Word (.docx/.doc), PNG or JPEG; at most DOCUMENT_MAX_BYTES' } } } })
  @ApiResponse({ status: 201, type: RequestDocumentDto, description: 'Stored' })
  // 400: no file in the field "file"; 409: the request is closed; 413: larger than
  // DOCUMENT_MAX_BYTES; 415: the content is not a PDF, Word document or PNG/JPEG image;
  // 503 (Retry-After): the document store (S3) cannot be reached, nothing was stored.
  @ApiErrors(400, 404, 409, 413, 415, 503)
  upload(@Param('id', new UuidParamPipe('id')) id: string, @UploadedFile() file: File | undefined, @CurrentActor() actor: Actor) {
    return this.documents.upload(id, file, actor);
  }

  @Get()
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({ status: 200, type: RequestDocumentListDto })
  @ApiErrors(400, 404)
  list(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.documents.list(id, actor);
  }

  @Get(':docId')
  @AllowRoles('coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor')
  @ApiResponse({
    status: 200, description: 'The document as an attachment (never rendered inline), with its own media type',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  // 503 (Retry-After): the store holding this document's bytes cannot be reached.
  @ApiErrors(400, 404, 503)
  async download(
    @Param('id', new UuidParamPipe('id')) id: string,
    @Param('docId', new UuidParamPipe('docId')) docId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    const { document, content } = await this.documents.download(id, docId, actor);
    res.set({
      'Content-Type': document.mediaType,
      'Content-Length': String(document.sizeBytes),
      'Content-Disposition': contentDisposition(document.filename),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.status(200);
    // Streamed: a failure mid-way (the store, or bytes that fail their checksum) cuts the response short.
    pipeline(content, res, () => undefined);
  }
}
