import { Module } from '@nestjs/common';
import { AuditCriteriaModule } from '../audit-criteria/audit-criteria.module';
import { FormBundlesService } from './form-bundles.service';
import { FormsController } from './forms.controller';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';

@Module({ imports: [AuditCriteriaModule], controllers: [FormsController], providers: [FormsRepository, FormsService, FormBundlesService], exports: [FormBundlesService, FormsService] })
export class FormsModule {}
