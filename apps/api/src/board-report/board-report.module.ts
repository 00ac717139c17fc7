import { Module } from '@nestjs/common';
import { AuditRoundsModule } from '../audit-rounds/audit-rounds.module';
import { ReportsModule } from '../reports/reports.module';
import { BoardReportController } from './board-report.controller';
import { BoardReportService } from './board-report.service';

@Module({ imports: [ReportsModule, AuditRoundsModule], controllers: [BoardReportController], providers: [BoardReportService] })
export class BoardReportModule {}
