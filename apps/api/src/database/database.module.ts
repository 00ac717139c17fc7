import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, databaseConfigFrom } from '@sendflow/persistence';
import { apiConfig } from '../config/api-config';

@Global()
@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: () => dataSourceOptions(databaseConfigFrom(apiConfig(), 'sendflow-api')) })],
})
export class DatabaseModule {}
