import { Global, Module } from '@nestjs/common';
import { RequestDocumentsModule } from '../request-documents/request-documents.module';
import { HealthController } from './health.controller';
import { IncidentsRepository } from './incidents.repository';

@Global()
@Module({ imports: [RequestDocumentsModule], controllers: [HealthController], providers: [IncidentsRepository], exports: [IncidentsRepository] })
export class HealthModule {}
