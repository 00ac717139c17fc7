import { Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersRepository } from './admin-users.repository';
import { AdminUsersService } from './admin-users.service';

/** User administration for the admin role: create, change roles and services, deactivate. */
@Module({ controllers: [AdminUsersController], providers: [AdminUsersService, AdminUsersRepository] })
export class AdminUsersModule {}
