import { apiConfig } from '../config/api-config';
import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { HealthModule } from '../health/health.module';
import { RequestDocumentsModule } from '../request-documents/request-documents.module';
import { SopsModule } from '../sops/sops.module';
import { StaffModule } from '../staff/staff.module';
import { CaseloadRepository } from './caseload.repository';
import { CaseloadService } from './caseload.service';
import { CaseloadSettings } from './caseload.settings';
import { RequestDetailRepository } from './request-detail.repository';
import { RequestDetailService } from './request-detail.service';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

@Module({
  imports: [SopsModule, StaffModule, RequestDocumentsModule, FormsModule, HealthModule],
  controllers: [RequestsController],
  // Read (and checked) once when the API starts: a bad RAG_* value stops the start.
  providers: [{ provide: CaseloadSettings, useFactory: () => new CaseloadSettings(apiConfig()) }, RequestsService, RequestsRepository, CaseloadService, CaseloadRepository, RequestDetailService, RequestDetailRepository],
  exports: [RequestsRepository],
})
export class RequestsModule {}
