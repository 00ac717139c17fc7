import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffDirectoryController } from './staff-directory.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({ controllers: [StaffController, StaffDirectoryController], providers: [StaffService, StaffRepository], exports: [StaffService] })
export class StaffModule {}
