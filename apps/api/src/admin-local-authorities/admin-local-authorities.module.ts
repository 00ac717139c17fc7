import { Module } from '@nestjs/common';
import { AdminLocalAuthoritiesController } from './admin-local-authorities.controller';
import { AdminLocalAuthoritiesRepository } from './admin-local-authorities.repository';
import { AdminLocalAuthoritiesService } from './admin-local-authorities.service';

@Module({ controllers: [AdminLocalAuthoritiesController], providers: [AdminLocalAuthoritiesService, AdminLocalAuthoritiesRepository] })
export class AdminLocalAuthoritiesModule {}
