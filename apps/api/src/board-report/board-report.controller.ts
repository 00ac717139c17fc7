import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { AuditService } from '../audit/audit.service';
import { ApiErrors } from '../common/api-errors.decorator';
import { PeriodQueryDto } from '../reports/reports.dto';
import { REPORT_READERS } from '../reports/reports.controller';
import { BoardReportService } from './board-report.service';

@ApiTags('reports')
@Controller('reports')
export class BoardReportController {
  constructor(private readonly board: BoardReportService, private readonly audit: AuditService) {}

  /** A document that leaves the system for the board: who produced which period, and when, is audited. */
  @Get('board-report')
  @AllowRoles(...REPORT_READERS)
  @ApiResponse({ status: 200, description: 'The board report as a PDF attachment', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400)
  @Header('cache-control', 'no-store')
  async boardReport(@Query() q: PeriodQueryDto, @CurrentActor() actor: Actor) {
    const r = await this.board.render(q);
    await this.audit.record(actor, { action: 'report.board_pdf', entity: 'report', entityId: `board-report/${q.from}/${q.to}`, after: { from: q.from, to: q.to, bytes: r.body.length } });
    return new StreamableFile(r.body, { type: 'application/pdf', disposition: `attachment; filename="${r.fileName}"`, length: r.body.length });
  }
}
