import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { badRequest, unprocessable } from '../common/errors';
import { isUuid, UUID_PATTERN } from '../common/ids';
import { LocalizedText, Locale, pickText } from '../common/locale';
import { Currency } from '../common/money';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { ListingCardView, ListingView, SearchListingsQuery, Sort } from './catalog.dto';
import { CategoriesService } from './categories.service';
import { FileStorage } from './image-storage';
import { ListingStatus } from './listing.state';

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
  /** relevance tier (search by relevance only) */
  tier?: Tier;
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

/**
 * Relevance, in two tiers: listings whose title holds the words (the weight-A part of
 * `search_vector`, kept as `title_vector`), then listings that match only by their
 * description; newest first within a tier.
 *
 * Trade-off, chosen for speed: an earlier version ordered by ts_rank(search_vector)
 * over every match. A common word matches thousands of listings (about 16,000 for
 * "кілем" in carpets out of 100,000), and ts_rank needs the whole tsvector of each of
 * them, so every page cost a heap and TOAST visit per match (~1 s). The tiers keep what
 * the rank mostly expressed (a title hit beats a description hit) and can be read in
 * index order, stopping after one page. Within a tier the order is recency, not how
 * often or how closely the words occur.
 */
export const RELEVANCE_TIERS = [2, 1] as const;
type Tier = (typeof RELEVANCE_TIERS)[number];

/**
 * How far a filtered query follows the base order (newest, cheapest…) before it stops
 * trusting it. A filter such as a category or a price range is read first, in index
 * order, for this many rows (the window); the words and the remaining filters are
 * checked on those rows only, cheapest test first. A page found there is the common
 * case (the words are common among the filtered listings) and costs a few dozen rows.
 * If the window does not fill the page, the matches are sparse, so the rest of them are
 * few: they are fetched through the indexes of the words and filters (GIN, bitmaps) and
 * sorted. Either way the work no longer depends on what the planner believes about how a
 * word and a filter correlate (it assumes independence, and walked the whole catalogue
 * in date order for "кілем" among musical instruments: 1.4 s). The costly case left is a
 * common word that is rare under the filters: the rest then reads the word's GIN entries
 * (~16,000 for "кілем"), 20–60 ms.
 */
export const WINDOW_ROWS = { title: 150, other: 300 };
// The sizes balance two costs: a window row costs ~1–2 µs when its checks are in the
// index or the row (filters, the title), ~10 µs when the description's words must be
// fetched from TOAST; beyond a window of N rows fewer than ~21/N of the filtered listings
// match, and those cost a few µs each to collect through a bitmap and sort. The title
// tier's window is smaller: its rest is a lookup in the small title GIN index, and a
// search whose words no title holds (a Russian word that titles only use in another
// form) pays its whole window for nothing.

type OrderName = Exclude<Sort, 'relevance'>;

/** Sort orders: the SQL ordering, the keyset comparison that continues after a cursor, the cursor's tag and types. */
const ORDERINGS: Record<
  OrderName,
  { tag: string; order: (a: string) => string; keys: (a: string) => string; cmp: '<' | '>'; lead: 'published_at' | 'min_price'; casts: [string, string] }
> = {
  newest: {
    tag: 'n', order: (a) => `${a}.published_at DESC, ${a}.id DESC`, keys: (a) => `(${a}.published_at, ${a}.id)`, cmp: '<',
    lead: 'published_at', casts: ['timestamptz', 'uuid'],
  },
  price_asc: {
    tag: 'pa', order: (a) => `${a}.min_price ASC, ${a}.id ASC`, keys: (a) => `(${a}.min_price, ${a}.id)`, cmp: '>',
    lead: 'min_price', casts: ['bigint', 'uuid'],
  },
  price_desc: {
    tag: 'pd', order: (a) => `${a}.min_price DESC, ${a}.id DESC`, keys: (a) => `(${a}.min_price, ${a}.id)`, cmp: '<',
    lead: 'min_price', casts: ['bigint', 'uuid'],
  },
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const isTime = (v: unknown): v is string => typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v));
const isPrice = (v: unknown): v is string | number =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,18}$/.test(v));

type Keys = [unknown, unknown];

interface DecodedCursor {
  tier?: Tier;
  keys: Keys;
}

/**
 * Cursors name their sort order, so that one from another order (or a forged one) is a
 * 400, never a database error: newest ["n", publishedAt, id], price ["pa"|"pd", minPrice,
 * id], relevance ["r", tier, publishedAt, id].
 */
export function decodeCatalogueCursor(cursor: string, sort: Sort): DecodedCursor {
  const invalid = () => badRequest('invalid_cursor', 'cursor is not valid for this query');
  if (sort === 'relevance') {
    const [tag, tier, at, id] = decodeCursor(cursor, 4);
    if (tag !== 'r' || !RELEVANCE_TIERS.includes(tier as Tier) || !isTime(at) || !isUuid(id)) throw invalid();
    return { tier: tier as Tier, keys: [at, id] };
  }
  const o = ORDERINGS[sort];
  const [tag, lead, id] = decodeCursor(cursor, 3);
  if (tag !== o.tag || !(o.lead === 'published_at' ? isTime(lead) : isPrice(lead)) || !isUuid(id)) throw invalid();
  return { keys: [lead, id] };
}

function cursorOf(sort: Sort, row: CardRow): unknown[] {
  switch (sort) {
    case 'relevance':
      return ['r', row.tier, row.published_at.toISOString(), row.id];
    case 'newest':
      return ['n', row.published_at.toISOString(), row.id];
    default:
      return [ORDERINGS[sort].tag, row.min_price, row.id];
  }
}

const CARD_COLUMNS = `l.id, l.title, l.currency, l.min_price, l.in_stock, l.made_to_order, l.lead_time_days, l.category_id, l.published_at,
             s.id AS shop_id, s.slug AS shop_slug, s.name AS shop_name, s.region AS shop_region, s.city AS shop_city`;

/** One SQL statement of a catalogue page: one relevance tier, or the whole page in the other sorts. */
export interface CataloguePart {
  sql: string;
  params: unknown[];
  /** relevance tier of the rows it finds (sort=relevance only) */
  tier?: Tier;
  /**
   * Set when the statement's plan does not depend on its values (the windows' plans are
   * fixed by their shape): it then runs as a named prepared statement, planned once per
   * connection and not on every page (planning these costs more than running them). A
   * search by words without filters is planned with its values: its best plan depends on
   * how common the words are.
   */
  name?: string;
}

/**
 * A catalogue page: its statements run in turn until the page is full; most pages need
 * only the first. (One statement for both tiers would save a round trip, but its cached
 * generic plan is costed as a whole, and PostgreSQL then often prefers to re-plan it on
 * every page, which costs more than the round trip.)
 */
export interface CatalogueSql {
  parts: CataloguePart[];
  sort: Sort;
}

type Text = 'all' | 'title' | 'description' | null;

/** The values a page's SQL refers to by name; the text depends only on which are present. */
interface PageValues {
  prefix?: string;
  plain?: string;
  shop?: string;
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
  region?: string;
  association?: string;
  after0?: unknown;
  after1?: unknown;
  categories: string[];
}

interface PartShape {
  sql: string;
  name?: string;
  tier?: Tier;
  /** what each $n is */
  slots: (keyof PageValues | number)[];
}

/** SQL texts by page shape: building a filtered relevance page's SQL costs ~50 µs, looking it up ~1 µs. */
const shapes = new Map<string, PartShape[]>();
const MAX_SHAPES = 2000;

/**
 * The SQL of one catalogue page: pure, so that the benchmark's bare baseline (and
 * EXPLAIN) run exactly the text the API runs. `categoryIds` is the category filter
 * with its descendants, already resolved.
 *
 * A statement is either
 * - plain: every condition in one WHERE, the planner picks the index (a page without
 *   filters, a shop's page, a search with words only, whose selectivity it estimates well);
 * - or, for a filtered page, the window and then the rest (see WINDOW_ROWS), combined by
 *   UNION ALL under the page's LIMIT: PostgreSQL starts the rest only when the window
 *   falls short (an Append under a Limit never starts the parts it does not need);
 * one per relevance tier when sorted by relevance: title matches, then description ones.
 * The LIMIT (page size + 1) is written into the text: a LIMIT parameter would keep
 * PostgreSQL from ever preferring a cached generic plan.
 */
export function buildCatalogueSql(query: SearchListingsQuery, categoryIds: string[] | null): CatalogueSql {
  const words = query.q ? searchWords(query.q) : [];
  const sort: Sort = query.sort === 'relevance' && !words.length ? 'newest' : query.sort ?? (words.length ? 'relevance' : 'newest');
  const cursor = query.cursor ? decodeCatalogueCursor(query.cursor, sort) : null;
  const values: PageValues = {
    prefix: words.length ? words.map((w) => `${w}:*`).join(' & ') : undefined,
    plain: words.length ? words.join(' ') : undefined,
    shop: query.shop === undefined ? undefined : UUID_PATTERN.test(query.shop) ? query.shop : query.shop.toLowerCase(),
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    currency: query.currency,
    region: query.region,
    association: query.association,
    after0: cursor?.keys[0],
    after1: cursor?.keys[1],
    categories: categoryIds ?? [],
  };
  const key = [
    sort,
    Math.trunc(query.limit),
    words.length ? 'q' : '',
    categoryIds?.length ?? 0,
    query.shop === undefined ? '' : UUID_PATTERN.test(query.shop) ? 'shop-id' : 'shop-slug',
    query.minPrice !== undefined ? 'min' : '',
    query.maxPrice !== undefined ? 'max' : '',
    query.currency ? 'cur' : '',
    query.inStock === undefined ? '' : String(query.inStock),
    query.region ? 'region' : '',
    query.association ? 'assoc' : '',
    cursor ? `after${cursor.tier ?? ''}` : '',
  ].join('|');
  let parts = shapes.get(key);
  if (!parts) {
    parts = pageShape(query, sort, words.length > 0, categoryIds?.length ?? 0, cursor);
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, parts);
  }
  return {
    sort,
    parts: parts.map((p) => ({
      sql: p.sql,
      params: p.slots.map((slot) => (typeof slot === 'number' ? values.categories[slot] : values[slot])),
      ...(p.tier ? { tier: p.tier } : {}),
      ...(p.name ? { name: p.name } : {}),
    })),
  };
}

/** The statements of a page of this shape (which filters, how many categories, which sort, after which cursor). */
function pageShape(query: SearchListingsQuery, sort: Sort, hasWords: boolean, categoryCount: number, cursor: DecodedCursor | null): PartShape[] {
  const o = ORDERINGS[sort === 'relevance' ? 'newest' : sort];
  const limit = Math.trunc(query.limit) + 1;
  const hasFilters =
    categoryCount > 0 || query.minPrice !== undefined || query.maxPrice !== undefined || !!query.currency || query.inStock !== undefined || !!query.region || !!query.association;
  // A shop's own index bounds a shop's page; without filters there is nothing to correlate.
  const windowed = hasFilters && query.shop === undefined;

  const part = (kind: 'plain' | 'window' | 'rest', text: Text, after: boolean, slots: PartShape['slots']): string => {
    const param = (slot: PartShape['slots'][number], cast?: string) => {
      let n = slots.indexOf(slot) + 1;
      if (!n) n = slots.push(slot);
      return cast ? `$${n}::${cast}` : `$${n}`;
    };
    const prepared = kind !== 'plain' || !text;
    let tsquery = '';
    if (text) {
      tsquery = TSQUERY_SQL(param('prefix'), param('plain'));
      // A cached generic plan would build the tsquery again for every row; a sub-select
      // builds it once. (Planned with its values, the expression is folded to a constant.)
      if (prepared) tsquery = `(SELECT ${tsquery})`;
    }
    // Filters checked per row, cheapest first (the order is kept only inside the CASE below).
    const filters: string[] = [];
    if (query.shop !== undefined) filters.push(UUID_PATTERN.test(query.shop) ? `l.shop_id = ${param('shop', 'uuid')}` : `s.slug = ${param('shop')}`);
    if (query.minPrice !== undefined) filters.push(`l.min_price >= ${param('minPrice', 'bigint')}`);
    if (query.maxPrice !== undefined) filters.push(`l.min_price <= ${param('maxPrice', 'bigint')}`);
    if (query.currency) filters.push(`l.currency = ${param('currency')}`);
    if (query.inStock !== undefined) filters.push(query.inStock ? 'l.in_stock' : 'NOT l.in_stock');
    if (query.region) filters.push(`s.region = ${param('region')}`);
    if (query.association) {
      filters.push(
        `EXISTS (SELECT 1 FROM memberships m WHERE m.maker_id = s.owner_id AND m.status = 'approved' AND m.association_id = ${param('association', 'uuid')})`,
      );
    }
    const ids = Array.from({ length: categoryCount }, (_, i) => param(i, 'uuid'));
    const categoryCondition = !ids.length ? null : ids.length === 1 ? `l.category_id = ${ids[0]}` : `l.category_id IN (${ids.join(', ')})`;
    const afterKeys = after ? [param('after0', o.casts[0]), param('after1', o.casts[1])] : null;
    const keyset = (alias: string) => `${o.keys(alias)} ${o.cmp} (${afterKeys![0]}, ${afterKeys![1]})`;

    // Word checks on a row (title first: it is small and in the row; search_vector is large and out of line).
    const titleCheck = (a: string) => `${a}.title_vector @@ ${tsquery}`;
    const wordChecks = (titleAlias: string): string[] =>
      text === 'title'
        ? [titleCheck(titleAlias)]
        : text === 'description'
          ? [`NOT (${titleCheck(titleAlias)})`, `l.search_vector @@ ${tsquery}`]
          : text === 'all'
            ? [`l.search_vector @@ ${tsquery}`]
            : [];

    // The base order, with the category (an index condition: each category's own index).
    const base = (alias: string, category: string | null) =>
      [`${alias}.status = 'published'`, ...(category ? [`${alias}.category_id = ${category}`] : []), ...(afterKeys ? [keyset(alias)] : [])].join(' AND ');
    /**
     * The window's keys: the first rows of the base order (WINDOW_ROWS), read from the order's
     * index alone (index-only scans; with several categories each category's own index,
     * merged). In date order the category index also carries title_vector, so the title
     * test needs no row.
     */
    const withTitle = o.lead === 'published_at' && ids.length > 0 && (text === 'title' || text === 'description');
    const windowRows = text === 'title' ? WINDOW_ROWS.title : WINDOW_ROWS.other;
    const keyColumns = (a: string) => `${a}.${o.lead}, ${a}.id${withTitle ? `, ${a}.title_vector` : ''}`;
    const windowKeys = () =>
      ids.length <= 1
        ? `SELECT ${keyColumns('k')} FROM listings k WHERE ${base('k', ids[0] ?? null)} ORDER BY ${o.order('k')} LIMIT ${windowRows}`
        : `SELECT k.* FROM (${ids
            .map((id) => `(SELECT ${keyColumns('k')} FROM listings k WHERE ${base('k', id)} ORDER BY ${o.order('k')} LIMIT ${windowRows})`)
            .join(' UNION ALL ')}) k
           ORDER BY ${o.order('k')} LIMIT ${windowRows}`;

    let page: string;
    if (kind === 'plain') {
      const where = [`l.status = 'published'`, `s.status = 'active'`, ...(categoryCondition ? [categoryCondition] : [])];
      if (afterKeys) where.push(keyset('l'));
      where.push(...filters, ...wordChecks('l'));
      page = `SELECT ${CARD_COLUMNS} FROM listings l JOIN shops s ON s.id = l.shop_id
              WHERE ${where.join(' AND ')} ORDER BY ${o.order('l')} LIMIT ${limit}`;
    } else if (kind === 'window') {
      // Title test on the keys, before fetching the row; then the cheap filters, then the
      // large vector, in this order (separate conditions PostgreSQL would order by its own
      // cost guess, which knows nothing of TOAST).
      const checks = wordChecks(withTitle ? 'k' : 'l');
      const onKeys = withTitle ? checks.splice(0, 1) : [];
      const rowChecks = checks.length && filters.length ? [`CASE WHEN ${filters.join(' AND ')} THEN ${checks.join(' AND ')} END`] : [...filters, ...checks];
      // Rows and shops are fetched key by key, in the window's order, until the page is
      // full (OFFSET 0 keeps these lookups from being turned into a join that reads, and
      // checks, the whole table: what the planner prefers on a small catalogue).
      page = `SELECT ${CARD_COLUMNS.replace(`l.id, `, `k.id, `).replace(`l.${o.lead},`, `k.${o.lead},`)}
              FROM (${windowKeys()}) k
              CROSS JOIN LATERAL (SELECT l.* FROM listings l WHERE l.id = k.id OFFSET 0) l
              CROSS JOIN LATERAL (SELECT s.* FROM shops s WHERE s.id = l.shop_id OFFSET 0) s
              WHERE ${[...onKeys, `s.status = 'active'`, ...rowChecks].join(' AND ')}
              ORDER BY ${o.order('k')} LIMIT ${limit}`;
    } else {
      // Past the window's last key, through the indexes of the words and filters (OFFSET 0:
      // not in the base order again). The edge is read only if some row matches; when the
      // window held every row there is no edge and nothing is beyond it.
      const where = [`l.status = 'published'`, `s.status = 'active'`, ...(categoryCondition ? [categoryCondition] : [])];
      where.push(
        ...wordChecks('l'),
        ...filters,
        `${o.keys('l')} ${o.cmp} (SELECT e.${o.lead}, e.id FROM (${windowKeys()}) e ORDER BY ${o.order('e')} OFFSET ${windowRows - 1} LIMIT 1)`,
      );
      page = `SELECT r.* FROM (SELECT ${CARD_COLUMNS} FROM listings l JOIN shops s ON s.id = l.shop_id WHERE ${where.join(' AND ')} OFFSET 0) r
              ORDER BY ${o.order('r')} LIMIT ${limit}`;
    }
    return page;
  };
  /** The statement of one tier (or of the page): plain, or window then rest. */
  const statement = (text: Text, after: boolean, tier?: Tier): PartShape => {
    const slots: PartShape['slots'] = [];
    const pages = windowed ? [part('window', text, after, slots), part('rest', text, after, slots)] : [part('plain', text, after, slots)];
    const page = pages.length === 1 ? pages[0] : `SELECT * FROM (${pages.map((p) => `(${p})`).join(' UNION ALL ')}) u LIMIT ${limit}`;
    const sql = `SELECT p.*, img.path AS image_path, img.thumbnail_path AS image_thumb
      FROM (${page}) p
      LEFT JOIN LATERAL (
        SELECT i.path, i.thumbnail_path FROM listing_images i WHERE i.listing_id = p.id ORDER BY i.position LIMIT 1
      ) img ON true
      ORDER BY ${o.order('p')}`;
    const prepared = windowed || !text;
    const name = prepared ? `catalogue_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}` : undefined;
    return { sql, slots, ...(tier ? { tier } : {}), ...(name ? { name } : {}) };
  };

  if (sort !== 'relevance') return [statement(hasWords ? 'all' : null, !!cursor)];
  return RELEVANCE_TIERS.filter((tier) => !cursor || tier <= cursor.tier!).map((tier) =>
    statement(tier === 2 ? 'title' : 'description', !!cursor && cursor.tier === tier, tier),
  );
}

/**
 * The listing page's query (exported for the benchmark's EXPLAIN). Planning this join
 * costs more than running it (~1 ms against ~0.2 ms): detail() runs it as a named
 * statement, planned once per connection.
 */
export const detailsSql = (where: string) => `
  SELECT l.id, l.status, l.title, l.description, l.materials, l.made_to_order, l.lead_time_days, l.currency, l.min_price,
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
  WHERE ${where}`;

const DETAIL_SQL = detailsSql('l.id = $1::uuid');
const DETAILS_SQL = detailsSql('l.id = ANY($1::uuid[])');

/**
 * The public catalogue's read model: search, filters, sorting and keyset pagination
 * (see buildCatalogueSql), and one SQL statement per listing. For speed it reads shops,
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
    const { parts, sort } = await this.buildSearch(query);
    const rows: CardRow[] = [];
    const seen = new Set<string>();
    for (const part of parts) {
      for (const row of await this.run<CardRow>(part, part.params)) {
        // A listing published between two parts can shift a window by a row: never show one twice.
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        row.tier = part.tier;
        rows.push(row);
      }
      if (rows.length > query.limit) break;
    }
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => this.toCard(row, locale)),
      nextCursor: more ? encodeCursor(cursorOf(sort, last)) : null,
    };
  }

  private run<T>(statement: { sql: string; name?: string }, values: unknown[]): Promise<T[]> {
    if (!statement.name) return this.dataSource.query(statement.sql, values);
    // TypeORM's query() has no named statements; its pg pool does (same connections, same settings).
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return pool.query({ name: statement.name, text: statement.sql, values }).then((result) => result.rows as T[]);
  }

  /** The SQL of a catalogue page (exported for EXPLAIN and the benchmark's bare baseline). */
  async buildSearch(query: SearchListingsQuery): Promise<CatalogueSql> {
    let categoryIds: string[] | null = null;
    if (query.category) {
      const category = await this.categories.find(query.category);
      if (!category) throw unprocessable('unknown_category', `No category "${query.category}"`);
      categoryIds = await this.categories.withDescendants(category.id);
    }
    return buildCatalogueSql(query, categoryIds);
  }

  async detail(id: string): Promise<ListingDetailRow | undefined> {
    if (!isUuid(id)) return undefined;
    // One id by `=`: planned for one row, the cached generic plan is as good as a fresh one,
    // so PostgreSQL keeps it (with `= ANY($1)` it guesses ten rows and re-plans every time).
    const rows = await this.run<ListingDetailRow>({ sql: DETAIL_SQL, name: 'catalogue_listing_detail' }, [id]);
    return rows[0];
  }

  /** Listings with everything a listing page shows, in the order of `ids`. */
  async details(ids: string[]): Promise<ListingDetailRow[]> {
    if (!ids.length) return [];
    const rows = await this.run<ListingDetailRow>({ sql: DETAILS_SQL }, [ids]);
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
