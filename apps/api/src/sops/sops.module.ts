import { Module } from '@nestjs/common';
import { SopsController } from './sops.controller';
import { SopsRepository } from './sops.repository';
import { SopsService } from './sops.service';

@Module({ controllers: [SopsController], providers: [SopsRepository, SopsService], exports: [SopsRepository] })
export class SopsModule {}
