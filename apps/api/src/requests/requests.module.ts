import { Module } from '@nestjs/common';
import { SopsModule } from '../sops/sops.module';
import { StaffModule } from '../staff/staff.module';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

@Module({ imports: [SopsModule, StaffModule], controllers: [RequestsController], providers: [RequestsService, RequestsRepository], exports: [RequestsRepository] })
export class RequestsModule {}
