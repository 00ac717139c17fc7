import { Module } from '@nestjs/common';
import { AuditRoundsController } from './audit-rounds.controller';
import { AuditRoundsRepository } from './audit-rounds.repository';
import { AuditRoundsService } from './audit-rounds.service';

@Module({ controllers: [AuditRoundsController], providers: [AuditRoundsService, AuditRoundsRepository], exports: [AuditRoundsService] })
export class AuditRoundsModule {}
