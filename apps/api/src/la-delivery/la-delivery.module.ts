import { Module } from '@nestjs/common';
import { LaDeliveryController } from './la-delivery.controller';
import { LaDeliveryRepository } from './la-delivery.repository';
import { LaDeliveryService } from './la-delivery.service';

/** Each LA's delivery channel (manual, SMTP, webhook), beside the admin's LA list. */
@Module({ controllers: [LaDeliveryController], providers: [LaDeliveryService, LaDeliveryRepository] })
export class LaDeliveryModule {}
