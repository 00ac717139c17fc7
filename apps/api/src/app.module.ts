import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ActorGuard } from './actor/actor.guard';
import { AuditModule } from './audit/audit.module';
import { ProblemFilter } from './common/problem.filter';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ReferenceModule } from './reference/reference.module';
import { RequestsModule } from './requests/requests.module';
import { SopsModule } from './sops/sops.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, AuditModule, HealthModule, ReferenceModule, RequestsModule, TasksModule, SopsModule],
  providers: [
    { provide: APP_GUARD, useClass: ActorGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class AppModule {}
