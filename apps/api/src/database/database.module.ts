import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, databaseConfigFromEnv } from '@sendflow/persistence';

@Global()
@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: () => dataSourceOptions(databaseConfigFromEnv(process.env, 'sendflow-api')) })],
})
export class DatabaseModule {}
