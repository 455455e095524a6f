import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { CatalogModule } from '../catalog/catalog.module';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';

@Module({
  imports: [CatalogModule, AssociationsModule],
  controllers: [ModerationController],
  providers: [ModerationService],
})
export class ModerationModule {}
