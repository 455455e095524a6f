import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity, associations, shops and the catalogue.
 *
 * Search: `listings.search_vector` is generated from the kk/ru/en title (weight A) and
 * description (weight C): the `simple` configuration for every language (Kazakh has no
 * stemmer in PostgreSQL; words match by prefix) plus `russian` and `english` stemming.
 */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(q: QueryRunner): Promise<void> {
    // Kazakh case-folding and word splitting need a UTF-8 ctype; refuse a "C"/ASCII database clearly.
    await q.query(`
      DO $$ BEGIN
        IF lower('ҚӘҢ') <> 'қәң' THEN
          RAISE EXCEPTION 'Sheber needs a UTF-8 database with a UTF-8 LC_CTYPE (e.g. C.UTF-8 or en_US.UTF-8); this one is %', current_setting('lc_ctype');
        END IF;
      END $$`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CONSTRAINT users_email_key UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        name text NOT NULL,
        locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('kk', 'ru', 'en')),
        roles text[] NOT NULL DEFAULT '{buyer}'
          CHECK (roles <@ ARRAY['buyer','maker','association_admin','moderator','admin']::text[]),
        association_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        secret_hash text NOT NULL,
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3),
        revoked_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id)`);
    await q.query(`CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id)`);

    await q.query(`
      CREATE TABLE associations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name jsonb NOT NULL,
        description jsonb NOT NULL DEFAULT '{}',
        region text NOT NULL,
        city text NOT NULL,
        commission_rate_bps integer NOT NULL CHECK (commission_rate_bps BETWEEN 0 AND 5000),
        stripe_account_id text UNIQUE,
        payouts_enabled boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_association_fk FOREIGN KEY (association_id) REFERENCES associations(id)`);

    await q.query(`
      CREATE TABLE hubs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        association_id uuid NOT NULL REFERENCES associations(id),
        name text NOT NULL,
        address text NOT NULL,
        city text NOT NULL,
        opening_hours text,
        phone text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX hubs_association_id_idx ON hubs (association_id)`);

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        association_id uuid NOT NULL REFERENCES associations(id),
        maker_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
        message text,
        reason text,
        decided_by_id uuid REFERENCES users(id),
        decided_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // One pending or approved membership per maker, whatever the race.
    await q.query(`CREATE UNIQUE INDEX memberships_one_active_per_maker ON memberships (maker_id) WHERE status IN ('pending', 'approved')`);
    await q.query(`CREATE INDEX memberships_association_status_idx ON memberships (association_id, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX memberships_maker_id_idx ON memberships (maker_id)`);

    await q.query(`
      CREATE TABLE shops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL CONSTRAINT shops_owner_id_key UNIQUE REFERENCES users(id),
        slug text NOT NULL CONSTRAINT shops_slug_key UNIQUE,
        name text NOT NULL,
        bio jsonb NOT NULL DEFAULT '{}',
        region text NOT NULL,
        city text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        currency char(3) NOT NULL DEFAULT 'KZT',
        shipping_fee_amount bigint NOT NULL DEFAULT 0 CHECK (shipping_fee_amount >= 0),
        free_shipping_over_amount bigint CHECK (free_shipping_over_amount >= 0),
        stripe_account_id text UNIQUE,
        payouts_enabled boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX shops_region_idx ON shops (region)`);

    await q.query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id uuid REFERENCES categories(id),
        slug text NOT NULL CONSTRAINT categories_slug_key UNIQUE,
        name jsonb NOT NULL,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX categories_parent_id_idx ON categories (parent_id)`);

    await q.query(`
      CREATE TABLE listings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shop_id uuid NOT NULL REFERENCES shops(id),
        category_id uuid NOT NULL REFERENCES categories(id),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'pending_review', 'published', 'rejected', 'archived')),
        title jsonb NOT NULL,
        description jsonb NOT NULL DEFAULT '{}',
        materials text[] NOT NULL DEFAULT '{}',
        made_to_order boolean NOT NULL DEFAULT false,
        lead_time_days integer CHECK (lead_time_days BETWEEN 1 AND 365),
        currency char(3) NOT NULL,
        min_price bigint CHECK (min_price >= 0),
        in_stock boolean NOT NULL DEFAULT false,
        pending_revision jsonb,
        moderation_note text,
        submitted_at timestamptz(3),
        published_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(title->>'kk', '') || ' ' || coalesce(title->>'ru', '') || ' ' || coalesce(title->>'en', '')), 'A') ||
          setweight(to_tsvector('russian', coalesce(title->>'ru', '')), 'A') ||
          setweight(to_tsvector('english', coalesce(title->>'en', '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(description->>'kk', '') || ' ' || coalesce(description->>'ru', '') || ' ' || coalesce(description->>'en', '')), 'C') ||
          setweight(to_tsvector('russian', coalesce(description->>'ru', '')), 'C') ||
          setweight(to_tsvector('english', coalesce(description->>'en', '')), 'C')
        ) STORED,
        CONSTRAINT listings_published_has_date CHECK (status <> 'published' OR published_at IS NOT NULL)
      )`);
    // Catalogue orderings (keyset pagination), published rows only.
    await q.query(`CREATE INDEX listings_published_newest_idx ON listings (published_at DESC, id DESC) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_published_price_idx ON listings (min_price, id) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_published_category_idx ON listings (category_id, published_at DESC, id DESC) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_published_shop_idx ON listings (shop_id, published_at DESC, id DESC) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_search_idx ON listings USING gin (search_vector) WHERE status = 'published'`);
    await q.query(`CREATE INDEX listings_shop_id_idx ON listings (shop_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX listings_review_queue_idx ON listings (submitted_at, id) WHERE status = 'pending_review' OR pending_revision IS NOT NULL`);

    await q.query(`
      CREATE TABLE listing_variants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings(id),
        shop_id uuid NOT NULL REFERENCES shops(id),
        sku text NOT NULL CHECK (sku = upper(sku)),
        options jsonb NOT NULL DEFAULT '{}',
        price_amount bigint NOT NULL CHECK (price_amount > 0),
        currency char(3) NOT NULL,
        stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT listing_variants_shop_sku_key UNIQUE (shop_id, sku)
      )`);
    await q.query(`CREATE INDEX listing_variants_listing_id_idx ON listing_variants (listing_id, position)`);

    await q.query(`
      CREATE TABLE listing_images (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listings(id),
        position integer NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        width integer NOT NULL,
        height integer NOT NULL,
        size_bytes integer NOT NULL,
        path text NOT NULL,
        thumbnail_path text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX listing_images_listing_position_idx ON listing_images (listing_id, position)`);

    await seedCategories(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['listing_images', 'listing_variants', 'listings', 'categories', 'shops', 'memberships', 'hubs']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_association_fk`);
    for (const table of ['associations', 'refresh_tokens', 'users']) await q.query(`DROP TABLE ${table}`);
  }
}

type Names = [kk: string, ru: string, en: string];

// The craft categories the associations' members work in; leaves are where listings go.
const CATEGORIES: { slug: string; name: Names; children: { slug: string; name: Names }[] }[] = [
  {
    slug: 'carpets',
    name: ['Кілемдер мен киіз төсеніштер', 'Ковры и войлочные покрытия', 'Carpets and felt rugs'],
    children: [
      { slug: 'syrmak', name: ['Сырмақ', 'Сырмак', 'Syrmak (felt mosaic rugs)'] },
      { slug: 'tekemet', name: ['Текемет', 'Текемет', 'Tekemet (pressed felt rugs)'] },
      { slug: 'pile-carpets', name: ['Түкті кілемдер', 'Ворсовые ковры', 'Pile carpets'] },
      { slug: 'tuskiiz', name: ['Тұскиіз', 'Тускииз', 'Tuskiiz (embroidered wall hangings)'] },
    ],
  },
  {
    slug: 'textiles-felt',
    name: ['Тоқыма және киіз', 'Текстиль и войлок', 'Textiles and felt'],
    children: [
      { slug: 'felt-goods', name: ['Киізден жасалған бұйымдар', 'Изделия из войлока', 'Felt goods'] },
      { slug: 'embroidery', name: ['Кесте', 'Вышивка', 'Embroidery'] },
      { slug: 'weaving', name: ['Тоқу және өру', 'Ткачество', 'Weaving'] },
    ],
  },
  {
    slug: 'ceramics',
    name: ['Керамика', 'Керамика', 'Ceramics'],
    children: [
      { slug: 'pottery', name: ['Қыш ыдыстар', 'Гончарные изделия', 'Pottery'] },
      { slug: 'decorative-ceramics', name: ['Сәндік керамика', 'Декоративная керамика', 'Decorative ceramics'] },
    ],
  },
  {
    slug: 'jewellery',
    name: ['Зергерлік бұйымдар', 'Ювелирные изделия', 'Jewellery'],
    children: [
      { slug: 'silver-jewellery', name: ['Күміс әшекейлер', 'Серебряные украшения', 'Silver jewellery'] },
      { slug: 'beadwork', name: ['Моншақ бұйымдар', 'Изделия из бисера', 'Beadwork'] },
    ],
  },
  {
    slug: 'woodwork',
    name: ['Ағаш бұйымдар', 'Изделия из дерева', 'Woodwork'],
    children: [
      { slug: 'wooden-tableware', name: ['Ағаш ыдыс-аяқ', 'Деревянная посуда', 'Wooden tableware'] },
      { slug: 'wood-carving', name: ['Ағаш ою', 'Резьба по дереву', 'Wood carving'] },
    ],
  },
  {
    slug: 'leather',
    name: ['Былғары бұйымдар', 'Изделия из кожи', 'Leatherwork'],
    children: [
      { slug: 'leather-goods', name: ['Былғары сөмкелер мен керек-жарақ', 'Кожаные сумки и аксессуары', 'Leather bags and accessories'] },
      { slug: 'horse-tack', name: ['Ер-тұрман', 'Конская сбруя', 'Saddlery and horse tack'] },
    ],
  },
  {
    slug: 'painting',
    name: ['Бейнелеу өнері', 'Изобразительное искусство', 'Painting and graphics'],
    children: [
      { slug: 'paintings', name: ['Кескіндеме', 'Живопись', 'Paintings'] },
      { slug: 'graphics', name: ['Графика', 'Графика', 'Graphic art'] },
    ],
  },
  {
    slug: 'musical-instruments',
    name: ['Музыкалық аспаптар', 'Музыкальные инструменты', 'Musical instruments'],
    children: [
      { slug: 'dombra', name: ['Домбыра', 'Домбра', 'Dombra'] },
      { slug: 'kobyz', name: ['Қобыз', 'Кобыз', 'Kobyz'] },
      { slug: 'zhetigen', name: ['Жетіген', 'Жетыген', 'Zhetigen'] },
    ],
  },
  {
    slug: 'national-costume',
    name: ['Ұлттық киім', 'Национальный костюм', 'National costume'],
    children: [
      { slug: 'headwear', name: ['Бас киімдер', 'Головные уборы', 'Headwear'] },
      { slug: 'chapan', name: ['Шапан', 'Чапан', 'Chapan'] },
    ],
  },
  {
    slug: 'yurt-interior',
    name: ['Киіз үй жабдықтары', 'Юрта и её убранство', 'Yurt and its furnishings'],
    children: [],
  },
  {
    slug: 'souvenirs',
    name: ['Кәдесыйлар', 'Сувениры', 'Souvenirs'],
    children: [],
  },
];

async function seedCategories(q: QueryRunner): Promise<void> {
  const name = ([kk, ru, en]: Names) => JSON.stringify({ kk, ru, en });
  for (const [i, root] of CATEGORIES.entries()) {
    const [{ id }] = await q.query(`INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3) RETURNING id`, [
      root.slug,
      name(root.name),
      i,
    ]);
    for (const [j, child] of root.children.entries()) {
      await q.query(`INSERT INTO categories (parent_id, slug, name, position) VALUES ($1, $2, $3, $4)`, [id, child.slug, name(child.name), j]);
    }
  }
}
