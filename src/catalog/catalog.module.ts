import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { CatalogController } from './catalog.controller';
import { CatalogQuery } from './catalog.query';
import { CategoriesService } from './categories.service';
import { FileStorage, LocalFileStorage } from './image-storage';
import { ListingsService } from './listings.service';
import { ShopsService } from './shops.service';
import { SubmissionChecks } from './submission-checks';

@Module({
  imports: [AssociationsModule],
  controllers: [CatalogController],
  providers: [ShopsService, CategoriesService, ListingsService, CatalogQuery, SubmissionChecks, { provide: FileStorage, useClass: LocalFileStorage }],
  exports: [ShopsService, CategoriesService, ListingsService, CatalogQuery, FileStorage],
})
export class CatalogModule {}
