import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { RequestDocumentsModule } from '../request-documents/request-documents.module';
import { StaffModule } from '../staff/staff.module';
import { RequestDocumentsHook } from './request-documents.hook';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({ imports: [StaffModule, RequestDocumentsModule, FormsModule], controllers: [TasksController], providers: [TasksService, TasksRepository, RequestDocumentsHook] })
export class TasksModule {}
