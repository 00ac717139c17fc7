import { Module } from '@nestjs/common';
import { AdminServicesController } from './admin-services.controller';
import { AdminServicesRepository } from './admin-services.repository';
import { AdminServicesService } from './admin-services.service';

@Module({ controllers: [AdminServicesController], providers: [AdminServicesService, AdminServicesRepository] })
export class AdminServicesModule {}
