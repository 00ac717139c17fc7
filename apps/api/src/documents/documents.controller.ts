import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/api-errors.decorator';
import type { Response } from 'express';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { DocumentDownloadQueryDto, DocumentVersionDto, ManualDeliveryDto, ReopenAdviceDto, ReopenAdviceResponseDto } from './documents.dto';
import { DocumentsService } from './documents.service';

/** Everyone who may read a request (the same roles as GET /requests/:id). */
const READERS = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'auditor'] as const;

/** The preview is our own escaped HTML; still, it may run nothing and load nothing. */
const PREVIEW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

@ApiTags('documents')
@Controller('requests/:id/advice-documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @AllowRoles(...READERS)
  @ZodResponse({ status: 200, type: [DocumentVersionDto], description: 'Every version issued for the request, oldest first, with its delivery' })
  @ApiErrors(400, 404)
  list(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.documents.list(id, actor);
  }

  @Post(':documentId/manual-delivery')
  @HttpCode(200)
  @AllowRoles('coordinator')
  @ZodResponse({ status: 200, type: DocumentVersionDto, description: 'Recorded: the document is delivered and the request has its date returned' })
  @ApiErrors(400, 404, 413, 415, 409)
  recordManual(@Param('id', new UuidParamPipe('id')) id: string, @Param('documentId', new UuidParamPipe('documentId')) documentId: string,
    @Body() dto: ManualDeliveryDto, @CurrentActor() actor: Actor) {
    return this.documents.recordManualDelivery(id, documentId, dto, actor);
  }

  @Post('corrections')
  @HttpCode(202)
  @AllowRoles('coordinator')
  @ZodResponse({ status: 202, type: ReopenAdviceResponseDto, description: 'Reopened: the correction runs (services amend, the coordinator checks and sends the next version)' })
  @ApiErrors(400, 404, 413, 415, 409)
  reopen(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: ReopenAdviceDto, @CurrentActor() actor: Actor) {
    return this.documents.reopen(id, dto, actor);
  }

  @Get(':documentId/preview')
  @AllowRoles(...READERS)
  @ApiResponse({ status: 200, description: 'The HTML rendering of the document (no script, no external resources)', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiErrors(400, 404)
  @Header('content-security-policy', PREVIEW_CSP)
  @Header('cache-control', 'no-store')
  async preview(@Param('id', new UuidParamPipe('id')) id: string, @Param('documentId', new UuidParamPipe('documentId')) documentId: string,
    @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const r = await this.documents.render(id, documentId, 'html', actor);
    res.type(r.contentType);
    return r.body.toString('utf8');
  }

  @Get(':documentId/download')
  @AllowRoles(...READERS)
  @ApiResponse({
    status: 200, description: 'The file as an attachment',
    content: Object.fromEntries(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/json'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiErrors(400, 404)
  @Header('cache-control', 'no-store')
  async download(@Param('id', new UuidParamPipe('id')) id: string, @Param('documentId', new UuidParamPipe('documentId')) documentId: string,
    @Query() q: DocumentDownloadQueryDto, @CurrentActor() actor: Actor) {
    const r = await this.documents.render(id, documentId, q.format, actor);
    return new StreamableFile(r.body, { type: r.contentType, disposition: `attachment; filename="${r.fileName}"`, length: r.body.length });
  }
}
