import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({ imports: [StaffModule], controllers: [TasksController], providers: [TasksService, TasksRepository] })
export class TasksModule {}
