import { apiConfig } from '../config/api-config';
import { Module } from '@nestjs/common';
import { CaseloadSettings } from '../requests/caseload.settings';
import { ReferenceController } from './reference.controller';

@Module({
  controllers: [ReferenceController],
  // The same settings the caseload reads, checked at start the same way.
  providers: [{ provide: CaseloadSettings, useFactory: () => new CaseloadSettings(apiConfig()) }],
})
export class ReferenceModule {}
