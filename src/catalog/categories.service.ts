import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids';
import { Locale, pickText } from '../common/locale';
import { CategoryView } from './catalog.dto';
import { Category } from './category.entity';

const CACHE_MS = 60_000;

/** The category tree: small and rarely changed, so each process keeps it for a minute. */
@Injectable()
export class CategoriesService {
  private cache?: { at: number; all: Promise<Category[]> };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private all(): Promise<Category[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const all = this.dataSource.getRepository(Category).find({ order: { position: 'ASC', slug: 'ASC' } });
      this.cache = { at: Date.now(), all };
      all.catch(() => (this.cache = undefined));
    }
    return this.cache.all;
  }

  async tree(locale: Locale): Promise<CategoryView[]> {
    const all = await this.all();
    const build = (parentId: string | null): CategoryView[] =>
      all
        .filter((c) => c.parentId === parentId)
        .map((c) => ({ id: c.id, slug: c.slug, name: c.name, localizedName: pickText(c.name, locale) ?? c.slug, children: build(c.id) }));
    return build(null);
  }

  /** A category by id or slug. */
  async find(idOrSlug: string): Promise<Category | undefined> {
    const all = await this.all();
    return all.find((c) => (isUuid(idOrSlug) ? c.id === idOrSlug.toLowerCase() : c.slug === idOrSlug));
  }

  /** The category and all its descendants' ids, for filtering the catalogue. */
  async withDescendants(id: string): Promise<string[]> {
    const all = await this.all();
    const ids = [id];
    for (let i = 0; i < ids.length; i++) for (const c of all) if (c.parentId === ids[i]) ids.push(c.id);
    return ids;
  }
}
