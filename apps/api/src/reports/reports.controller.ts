import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Role } from '@sendflow/domain';
import { AllowRoles } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { csvDownload, varyOnAccept, wantsCsv } from '../common/csv-response';
import { pipelineCsv, serviceFlowCsv, timelinessCsv } from './reports.csv';
import { PipelineQueryDto, PipelineResponseDto, ServiceFlowQueryDto, ServiceFlowResponseDto, TimelinessQueryDto, TimelinessResponseDto } from './reports.dto';
import { ReportsService } from './reports.service';

/*
 * Answers are declared with @ApiResponse rather than @ZodResponse: the same route answers CSV
 * (a string) for Accept: text/csv, which the zod serializer would refuse.
 */

/** Compliance figures are aggregates (no child's data): SOP managers, auditors and the coordinator read them. */
export const REPORT_READERS: Role[] = ['sop_manager', 'auditor', 'coordinator'];

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('timeliness')
  @AllowRoles(...REPORT_READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: TimelinessResponseDto, description: 'JSON, or CSV with Accept: text/csv' })
  @ApiErrors(400)
  async timeliness(@Query() q: TimelinessQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.timeliness(q);
    varyOnAccept(res);
    return wantsCsv(req) ? csvDownload(res, `timeliness-by-${q.by}-${q.from}-to-${q.to}.csv`, timelinessCsv(report)) : report;
  }

  @Get('pipeline')
  @AllowRoles(...REPORT_READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: PipelineResponseDto, description: 'Open requests by days left and colour, and those predicted to breach' })
  @ApiErrors(400)
  async pipeline(@Query() q: PipelineQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.pipeline();
    varyOnAccept(res);
    return wantsCsv(req) ? csvDownload(res, `pipeline-${q.table}-${report.asOf}.csv`, pipelineCsv(report, q.table)) : report;
  }

  @Get('service-flow')
  @AllowRoles(...REPORT_READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, type: ServiceFlowResponseDto, description: 'Rework rate by service; contributions approved per service per month' })
  @ApiErrors(400)
  async serviceFlow(@Query() q: ServiceFlowQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.serviceFlow(q);
    varyOnAccept(res);
    return wantsCsv(req) ? csvDownload(res, `service-flow-${q.table}-${q.from}-to-${q.to}.csv`, serviceFlowCsv(report, q.table)) : report;
  }
}
