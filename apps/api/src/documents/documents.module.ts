import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({ imports: [RequestsModule], controllers: [DocumentsController], providers: [DocumentsService, DocumentsRepository] })
export class DocumentsModule {}
