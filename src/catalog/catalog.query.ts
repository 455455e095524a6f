import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { unprocessable } from '../common/errors';
import { LocalizedText, Locale, pickText } from '../common/locale';
import { Currency } from '../common/money';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { ListingCardView, ListingView, SearchListingsQuery, Sort } from './catalog.dto';
import { CategoriesService } from './categories.service';
import { FileStorage } from './image-storage';
import { ListingStatus } from './listing.state';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_QUERY_WORDS = 8;

/** Words of a search: letters and digits of any script, lower-cased, at most 8 of at most 40 characters. */
export function searchWords(q: string): string[] {
  return (q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_QUERY_WORDS).map((w) => w.slice(0, 40));
}

/**
 * The tsquery of a search: every word as a prefix in the `simple` configuration (Kazakh
 * words take many endings: "кілем" finds "кілемдер"), or all words stemmed in Russian
 * or English. Parameters: $simple (the prefix query text) and $plain (the words).
 */
export const TSQUERY_SQL = (simple: string, plain: string) =>
  `(to_tsquery('simple', ${simple}) || plainto_tsquery('russian', ${plain}) || plainto_tsquery('english', ${plain}))`;

interface CardRow {
  id: string;
  title: LocalizedText;
  currency: Currency;
  min_price: string;
  in_stock: boolean;
  made_to_order: boolean;
  lead_time_days: number | null;
  category_id: string;
  published_at: Date;
  shop_id: string;
  shop_slug: string;
  shop_name: string;
  shop_region: string;
  shop_city: string;
  image_path: string | null;
  image_thumb: string | null;
  rank?: number;
}

export interface ListingDetailRow {
  id: string;
  status: ListingStatus;
  title: LocalizedText;
  description: LocalizedText;
  materials: string[];
  made_to_order: boolean;
  lead_time_days: number | null;
  currency: Currency;
  min_price: string | null;
  in_stock: boolean;
  pending_revision: unknown;
  moderation_note: string | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  category_id: string;
  category_slug: string;
  category_name: LocalizedText;
  shop_id: string;
  owner_id: string;
  shop_slug: string;
  shop_name: string;
  shop_region: string;
  shop_city: string;
  shop_status: string;
  association_id: string | null;
  association_name: LocalizedText | null;
  commission_rate_bps: number | null;
  variants: { id: string; sku: string; options: Record<string, string>; amount: number; currency: Currency; stock: number }[];
  images: { id: string; path: string; thumb: string; width: number; height: number; content_type: string }[];
}

/** Sort orders: the SQL ordering and the keyset comparison that continues after a cursor. */
const ORDERINGS: Record<Exclude<Sort, 'relevance'>, { order: string; keys: string; cmp: '<' | '>'; casts: string[] }> = {
  newest: { order: 'l.published_at DESC, l.id DESC', keys: '(l.published_at, l.id)', cmp: '<', casts: ['timestamptz', 'uuid'] },
  price_asc: { order: 'l.min_price ASC, l.id ASC', keys: '(l.min_price, l.id)', cmp: '>', casts: ['bigint', 'uuid'] },
  price_desc: { order: 'l.min_price DESC, l.id DESC', keys: '(l.min_price, l.id)', cmp: '<', casts: ['bigint', 'uuid'] },
};

/**
 * The public catalogue's read model: search, filters, sorting and keyset pagination
 * in one SQL statement per page, and one per listing. For speed it reads shops,
 * memberships and associations directly (never writes them); all writes go through
 * the owning services.
 */
@Injectable()
export class CatalogQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly categories: CategoriesService,
    private readonly storage: FileStorage,
  ) {}

  async search(query: SearchListingsQuery, locale: Locale): Promise<Page<ListingCardView>> {
    const { sql, params, sort } = await this.buildSearch(query);
    const rows: CardRow[] = await this.dataSource.query(sql, params);
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => this.toCard(row, locale)),
      nextCursor: more ? encodeCursor(cursorOf(sort, last)) : null,
    };
  }

  /** The SQL of a catalogue page (exported for EXPLAIN and the benchmark's bare baseline). */
  async buildSearch(query: SearchListingsQuery): Promise<{ sql: string; params: unknown[]; sort: Sort }> {
    const params: unknown[] = [];
    const param = (value: unknown, cast?: string) => {
      params.push(value);
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    };
    const where = [`l.status = 'published'`, `s.status = 'active'`];

    const words = query.q ? searchWords(query.q) : [];
    let tsquery: string | null = null;
    if (words.length) {
      tsquery = TSQUERY_SQL(param(words.map((w) => `${w}:*`).join(' & ')), param(words.join(' ')));
      where.push(`l.search_vector @@ ${tsquery}`);
    }
    if (query.category) {
      const category = await this.categories.find(query.category);
      if (!category) throw unprocessable('unknown_category', `No category "${query.category}"`);
      const ids = await this.categories.withDescendants(category.id);
      where.push(ids.length === 1 ? `l.category_id = ${param(ids[0], 'uuid')}` : `l.category_id = ANY(${param(ids, 'uuid[]')})`);
    }
    if (query.region) where.push(`s.region = ${param(query.region)}`);
    if (query.association) {
      where.push(
        `EXISTS (SELECT 1 FROM memberships m WHERE m.maker_id = s.owner_id AND m.status = 'approved' AND m.association_id = ${param(query.association, 'uuid')})`,
      );
    }
    if (query.shop) where.push(UUID.test(query.shop) ? `l.shop_id = ${param(query.shop, 'uuid')}` : `s.slug = ${param(query.shop.toLowerCase())}`);
    if (query.minPrice !== undefined) where.push(`l.min_price >= ${param(query.minPrice, 'bigint')}`);
    if (query.maxPrice !== undefined) where.push(`l.min_price <= ${param(query.maxPrice, 'bigint')}`);
    if (query.currency) where.push(`l.currency = ${param(query.currency)}`);
    if (query.inStock !== undefined) where.push(query.inStock ? 'l.in_stock' : 'NOT l.in_stock');

    const sort: Sort = query.sort === 'relevance' && !tsquery ? 'newest' : query.sort ?? (tsquery ? 'relevance' : 'newest');
    let order: string;
    let rank = '';
    if (sort === 'relevance') {
      const rankSql = `ts_rank(l.search_vector, ${tsquery})`;
      rank = `, ${rankSql} AS rank`;
      order = 'rank DESC, l.published_at DESC, l.id DESC';
      if (query.cursor) {
        const [r, p, id] = decodeCursor(query.cursor, 3);
        where.push(`(${rankSql}, l.published_at, l.id) < (${param(r, 'real')}, ${param(p, 'timestamptz')}, ${param(id, 'uuid')})`);
      }
    } else {
      const o = ORDERINGS[sort];
      order = o.order;
      if (query.cursor) {
        const values = decodeCursor(query.cursor, 2);
        where.push(`${o.keys} ${o.cmp} (${param(values[0], o.casts[0])}, ${param(values[1], o.casts[1])})`);
      }
    }

    const sql = `
      SELECT l.id, l.title, l.currency, l.min_price, l.in_stock, l.made_to_order, l.lead_time_days, l.category_id, l.published_at,
             s.id AS shop_id, s.slug AS shop_slug, s.name AS shop_name, s.region AS shop_region, s.city AS shop_city,
             img.path AS image_path, img.thumbnail_path AS image_thumb${rank}
      FROM listings l
      JOIN shops s ON s.id = l.shop_id
      LEFT JOIN LATERAL (
        SELECT i.path, i.thumbnail_path FROM listing_images i WHERE i.listing_id = l.id ORDER BY i.position LIMIT 1
      ) img ON true
      WHERE ${where.join(' AND ')}
      ORDER BY ${order}
      LIMIT ${param(query.limit + 1, 'int')}`;
    return { sql, params, sort };
  }

  async detail(id: string): Promise<ListingDetailRow | undefined> {
    if (!UUID.test(id)) return undefined;
    return (await this.details([id]))[0];
  }

  /** Listings with everything a listing page shows, in the order of `ids`. */
  async details(ids: string[]): Promise<ListingDetailRow[]> {
    if (!ids.length) return [];
    const rows: ListingDetailRow[] = await this.dataSource.query(
      `SELECT l.id, l.status, l.title, l.description, l.materials, l.made_to_order, l.lead_time_days, l.currency, l.min_price,
              l.in_stock, l.pending_revision, l.moderation_note, l.published_at, l.created_at, l.updated_at,
              c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
              s.id AS shop_id, s.owner_id, s.slug AS shop_slug, s.name AS shop_name, s.region AS shop_region,
              s.city AS shop_city, s.status AS shop_status,
              a.id AS association_id, a.name AS association_name, a.commission_rate_bps,
              (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options, 'amount', v.price_amount,
                                                          'currency', v.currency, 'stock', v.stock) ORDER BY v.position, v.sku), '[]')
                 FROM listing_variants v WHERE v.listing_id = l.id AND v.active) AS variants,
              (SELECT coalesce(json_agg(json_build_object('id', i.id, 'path', i.path, 'thumb', i.thumbnail_path, 'width', i.width,
                                                          'height', i.height, 'content_type', i.content_type) ORDER BY i.position), '[]')
                 FROM listing_images i WHERE i.listing_id = l.id) AS images
       FROM listings l
       JOIN shops s ON s.id = l.shop_id
       JOIN categories c ON c.id = l.category_id
       LEFT JOIN memberships m ON m.maker_id = s.owner_id AND m.status = 'approved'
       LEFT JOIN associations a ON a.id = m.association_id
       WHERE l.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ListingDetailRow => !!r);
  }

  toListingView(row: ListingDetailRow, locale: Locale, privileged: boolean): ListingView {
    const view: ListingView = {
      id: row.id,
      status: row.status,
      title: row.title,
      description: row.description,
      localizedTitle: pickText(row.title, locale) ?? '',
      localizedDescription: pickText(row.description, locale),
      category: { id: row.category_id, slug: row.category_slug, name: row.category_name },
      materials: row.materials,
      madeToOrder: row.made_to_order,
      leadTimeDays: row.lead_time_days,
      price: row.min_price === null ? null : { amount: Number(row.min_price), currency: row.currency },
      inStock: row.in_stock,
      variants: row.variants.map((v) => ({ id: v.id, sku: v.sku, options: v.options, price: { amount: v.amount, currency: v.currency }, stock: v.stock })),
      images: row.images.map((i) => ({
        id: i.id,
        url: this.storage.url(i.path),
        thumbnailUrl: this.storage.url(i.thumb),
        width: i.width,
        height: i.height,
        contentType: i.content_type,
      })),
      shop: {
        id: row.shop_id,
        slug: row.shop_slug,
        name: row.shop_name,
        region: row.shop_region,
        city: row.shop_city,
        association: row.association_id
          ? { id: row.association_id, name: row.association_name!, commissionRateBps: row.commission_rate_bps! }
          : null,
      },
      publishedAt: row.published_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    if (privileged) {
      view.pendingRevision = row.pending_revision;
      view.moderationNote = row.moderation_note;
    }
    return view;
  }

  private toCard(row: CardRow, locale: Locale): ListingCardView {
    return {
      id: row.id,
      title: row.title,
      localizedTitle: pickText(row.title, locale) ?? '',
      price: { amount: Number(row.min_price), currency: row.currency },
      inStock: row.in_stock,
      madeToOrder: row.made_to_order,
      leadTimeDays: row.lead_time_days,
      categoryId: row.category_id,
      shop: { id: row.shop_id, slug: row.shop_slug, name: row.shop_name, region: row.shop_region, city: row.shop_city },
      image: row.image_path ? { url: this.storage.url(row.image_path), thumbnailUrl: this.storage.url(row.image_thumb!) } : null,
      publishedAt: row.published_at,
    };
  }
}

function cursorOf(sort: Sort, row: CardRow): unknown[] {
  switch (sort) {
    case 'relevance':
      return [row.rank, row.published_at.toISOString(), row.id];
    case 'newest':
      return [row.published_at.toISOString(), row.id];
    default:
      return [row.min_price, row.id];
  }
}
