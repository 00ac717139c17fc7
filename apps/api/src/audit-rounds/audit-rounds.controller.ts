import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { createZodDto } from '../common/zod-dto';
import { auditPassRatesResponse, auditRoundItem, auditRoundRedrawResponse, auditRoundListResponse, auditRoundResponse, openAuditRoundBody, scoreAuditItemBody, type Actor } from '@sendflow/domain';
import { ApiErrors } from '../common/api-errors.decorator';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { csvDownload, toCsv, varyOnAccept, wantsCsv } from '../common/csv-response';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { REPORT_READERS } from '../reports/reports.controller';
import { AuditRoundsService } from './audit-rounds.service';

export class OpenAuditRoundDto extends createZodDto(openAuditRoundBody) {}
export class ScoreAuditItemDto extends createZodDto(scoreAuditItemBody) {}
export class AuditRoundDto extends createZodDto(auditRoundResponse) {}
export class AuditRoundItemDto extends createZodDto(auditRoundItem) {}
export class AuditRoundListDto extends createZodDto(auditRoundListResponse) {}
export class AuditRoundRedrawDto extends createZodDto(auditRoundRedrawResponse) {}
export class AuditPassRatesDto extends createZodDto(auditPassRatesResponse) {}

@ApiTags('audit-rounds')
@Controller()
export class AuditRoundsController {
  constructor(private readonly rounds: AuditRoundsService) {}

  @Post('audit-rounds')
  @AllowRoles('auditor')
  @ApiResponse({ status: 201, type: AuditRoundDto, description: 'Opened, with its sample' })
  @ApiErrors(400, 413, 415)
  open(@Body() body: OpenAuditRoundDto, @CurrentActor() actor: Actor) {
    return this.rounds.open(body, actor);
  }

  @Get('audit-rounds')
  @AllowRoles(...REPORT_READERS)
  @ApiResponse({ status: 200, type: AuditRoundListDto })
  list() {
    return this.rounds.list();
  }

  @Get('audit-rounds/:id')
  @AllowRoles(...REPORT_READERS)
  @ApiResponse({ status: 200, type: AuditRoundDto })
  @ApiErrors(400, 404)
  get(@Param('id', new UuidParamPipe('id')) id: string) {
    return this.rounds.get(id);
  }

  @Get('audit-rounds/:id/redraw')
  @AllowRoles(...REPORT_READERS)
  @ZodResponse({ status: 200, type: AuditRoundRedrawDto, description: 'The recorded seed drawn again beside the recorded sample' })
  @ApiErrors(400, 404)
  redraw(@Param('id', new UuidParamPipe('id')) id: string) {
    return this.rounds.redraw(id);
  }

  @Put('audit-rounds/:id/items/:requestId')
  @AllowRoles('auditor')
  @ApiResponse({ status: 200, type: AuditRoundItemDto, description: 'The item with its scores' })
  @ApiErrors(400, 404, 409, 413, 415)
  score(@Param('id', new UuidParamPipe('id')) id: string, @Param('requestId', new UuidParamPipe('requestId')) requestId: string, @Body() body: ScoreAuditItemDto, @CurrentActor() actor: Actor) {
    return this.rounds.score(id, requestId, body, actor);
  }

  @Post('audit-rounds/:id/close')
  @HttpCode(200)
  @AllowRoles('auditor')
  @ApiResponse({ status: 200, type: AuditRoundDto })
  @ApiErrors(400, 404, 409)
  close(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.rounds.close(id, actor);
  }

  @Get('reports/audit-pass-rates')
  @AllowRoles(...REPORT_READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: AuditPassRatesDto, description: 'JSON, or CSV with Accept: text/csv' })
  async passRates(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.rounds.passRates();
    varyOnAccept(res);
    if (!wantsCsv(req)) return report;
    const rows = report.rounds.flatMap((r) => r.criteria.map((c) => ({ round: r.title, periodFrom: r.periodFrom, periodTo: r.periodTo, ...c })));
    return csvDownload(res, 'audit-pass-rates.csv', toCsv([
      { key: 'round', header: 'round' }, { key: 'periodFrom', header: 'period_from' }, { key: 'periodTo', header: 'period_to' },
      { key: 'criterionId', header: 'criterion' }, { key: 'text', header: 'criterion_text' }, { key: 'pass', header: 'pass' }, { key: 'fail', header: 'fail' },
      { key: 'notApplicable', header: 'not_applicable' }, { key: 'passRate', header: 'pass_rate' }, { key: 'qaReviewPassRate', header: 'qa_review_pass_rate' },
    ], rows));
  }
}
