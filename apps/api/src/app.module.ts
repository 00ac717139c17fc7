import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ZodSerializerInterceptor } from 'nestjs-zod';
import { ActorGuard } from './actor/actor.guard';
import { AdminLocalAuthoritiesModule } from './admin-local-authorities/admin-local-authorities.module';
import { AdminServicesModule } from './admin-services/admin-services.module';
import { AdminUsersModule } from './admin-users/admin-users.module';
import { AuditModule } from './audit/audit.module';
import { AuditCriteriaModule } from './audit-criteria/audit-criteria.module';
import { AuditRoundsModule } from './audit-rounds/audit-rounds.module';
import { BoardReportModule } from './board-report/board-report.module';
import { FormsModule } from './forms/forms.module';
import { AuthModule } from './auth/auth.module';
import { ProblemFilter } from './common/problem.filter';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { LaDeliveryModule } from './la-delivery/la-delivery.module';
import { ImportsModule } from './imports/imports.module';
import { ReferenceModule } from './reference/reference.module';
import { ReportsModule } from './reports/reports.module';
import { RequestDocumentsModule } from './request-documents/request-documents.module';
import { RequestsModule } from './requests/requests.module';
import { SopsModule } from './sops/sops.module';
import { StaffModule } from './staff/staff.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, IdempotencyModule, AuditModule, AuthModule, HealthModule, ReferenceModule, RequestsModule, RequestDocumentsModule, TasksModule, SopsModule,
    AdminUsersModule, AdminServicesModule, AdminLocalAuthoritiesModule, StaffModule,
    DocumentsModule, LaDeliveryModule, NotificationsModule, ReportsModule, ImportsModule, AuditRoundsModule, BoardReportModule, MetricsModule, FormsModule, AuditCriteriaModule],
  providers: [
    { provide: APP_GUARD, useClass: ActorGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    // Answers of routes declared with @ZodResponse are parsed by their schema: no field the contract does not name leaves the API.
    { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
  ],
})
export class AppModule {}
