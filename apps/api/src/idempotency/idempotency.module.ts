import { Global, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { apiConfig } from '../config/api-config';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';

/** Deletes answers past their TTL once an hour, so the table stays small. */
class IdempotencyHousekeeping implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  constructor(private readonly store: IdempotencyRepository) {}
  onModuleInit() {
    this.timer = setInterval(() => { this.store.deleteOlderThan(apiConfig().IDEMPOTENCY_TTL_HOURS).catch(() => undefined); }, 3_600_000);
    this.timer.unref();
  }
  onModuleDestroy() { clearInterval(this.timer); }
}

@Global()
@Module({
  providers: [
    IdempotencyRepository,
    { provide: IdempotencyHousekeeping, useFactory: (s: IdempotencyRepository) => new IdempotencyHousekeeping(s), inject: [IdempotencyRepository] },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class IdempotencyModule {}
