import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AuditLogQuery } from './audit-log.query';
import { FlagsService } from './flags.service';
import { FlagsController, ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';
import { SuspensionsService } from './suspensions.service';

@Module({
  imports: [CatalogModule, AssociationsModule],
  controllers: [ModerationController, FlagsController],
  providers: [ModerationService, FlagsService, SuspensionsService, AuditLogQuery],
})
export class ModerationModule {}
