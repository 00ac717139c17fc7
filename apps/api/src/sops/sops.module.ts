import { Module } from '@nestjs/common';
import { SopsController } from './sops.controller';
import { SopsRepository } from './sops.repository';

@Module({ controllers: [SopsController], providers: [SopsRepository], exports: [SopsRepository] })
export class SopsModule {}
