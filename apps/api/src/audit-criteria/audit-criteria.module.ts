import { Module } from '@nestjs/common';
import { AuditCriteriaController } from './audit-criteria.controller';
import { AuditCriteriaRepository } from './audit-criteria.repository';
import { AuditCriteriaService } from './audit-criteria.service';

@Module({ controllers: [AuditCriteriaController], providers: [AuditCriteriaRepository, AuditCriteriaService], exports: [AuditCriteriaRepository] })
export class AuditCriteriaModule {}
