import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { Public } from '../actor/access.decorators';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource, @Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  /** Readiness: 200 only when both the database and Temporal answer. */
  @Get()
  @Public()
  async check() {
    const [db, temporal] = await Promise.all([
      this.ds.query('SELECT 1').then(() => 'up', () => 'down'),
      (this.temporal.connection as Connection).healthService.check({}).then(() => 'up', () => 'down'),
    ]);
    if (db !== 'up' || temporal !== 'up') throw new ServiceUnavailableException({ message: 'not ready', database: db, temporal });
    return { status: 'ok', database: db, temporal };
  }
}
