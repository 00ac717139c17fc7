import { Module } from '@nestjs/common';
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
  imports: [SopsModule, StaffModule, RequestDocumentsModule],
  controllers: [RequestsController],
  providers: [RequestsService, RequestsRepository, CaseloadService, CaseloadRepository, CaseloadSettings, RequestDetailService, RequestDetailRepository],
  exports: [RequestsRepository],
})
export class RequestsModule {}
