import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { SopsController } from './sops.controller';
import { SopsRepository } from './sops.repository';
import { SopsService } from './sops.service';

@Module({ imports: [FormsModule], controllers: [SopsController], providers: [SopsRepository, SopsService], exports: [SopsRepository] })
export class SopsModule {}
