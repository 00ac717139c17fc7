import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { IncidentsRepository } from './incidents.repository';

@Global()
@Module({ controllers: [HealthController], providers: [IncidentsRepository], exports: [IncidentsRepository] })
export class HealthModule {}
