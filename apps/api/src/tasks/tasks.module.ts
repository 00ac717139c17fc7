import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { RequestDocumentsHook } from './request-documents.hook';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({ imports: [StaffModule], controllers: [TasksController], providers: [TasksService, TasksRepository, RequestDocumentsHook] })
export class TasksModule {}
