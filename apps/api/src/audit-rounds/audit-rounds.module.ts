import { Module } from '@nestjs/common';
import { AuditCriteriaModule } from '../audit-criteria/audit-criteria.module';
import { AuditRoundsController } from './audit-rounds.controller';
import { AuditRoundsRepository } from './audit-rounds.repository';
import { AuditRoundsService } from './audit-rounds.service';

@Module({ imports: [AuditCriteriaModule], controllers: [AuditRoundsController], providers: [AuditRoundsService, AuditRoundsRepository], exports: [AuditRoundsService] })
export class AuditRoundsModule {}
