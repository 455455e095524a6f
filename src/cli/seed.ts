import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Client } from 'pg';
import { ArrayContains, DataSource } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { CreateAssociationDto, CreateHubDto } from '../associations/associations.dto';
import { CreateListingDto, ListingView, UpdateListingDto, UpsertShopDto } from '../catalog/catalog.dto';
import { CategoriesService } from '../catalog/categories.service';
import { ListingsService } from '../catalog/listings.service';
import { ShopsService } from '../catalog/shops.service';
import { flattenValidationErrors } from '../common/validation';
import { AppConfigModule } from '../config/config.module';
import { ConfigurationError, Environment } from '../config/environment';
import { RegisterDto } from '../identity/auth.dto';
import { AuthUser, hasRole, Role } from '../identity/roles';
import { User } from '../identity/user.entity';
import { normalizeEmail, toAuthUser, UsersService } from '../identity/users.service';
import { ListingDecisionDto } from '../moderation/moderation.dto';
import { FlagsService } from '../moderation/flags.service';
import { ModerationService } from '../moderation/moderation.service';
import { CheckoutService } from '../orders/checkout.service';
import { CreateOrderDto, OrderView, ShipDto } from '../orders/orders.dto';
import { OrdersService } from '../orders/orders.service';
import { PaymentOutcomesService } from '../orders/payment-outcomes.service';
import { DEMO_ADMIN, DEMO_BUYER, DEMO_MODERATOR, DEMO_PASSWORD } from './demo-data/accounts';
import { ASSOCIATIONS } from './demo-data/associations';
import { LISTINGS } from './demo-data/listings';
import { MAKERS } from './demo-data/makers';
import { ornamentImage } from './demo-data/ornaments';
import { DemoAssociation, DemoListing, DemoMaker, DemoPerson } from './demo-data/types';

/**
 * `npm run db:seed`: loads the demo (associations, hubs, staff, makers, shops,
 * listings with pictures, a moderation queue, the demo buyer's orders) through the domain services, so that
 * every rule the API enforces holds for the demo data too. The input passes the same
 * DTO validation as an HTTP request.
 *
 * Idempotent: every object has a stable key (a user's e-mail, an association's English
 * name, a hub's name, a maker's shop, a listing's first SKU); what exists is left as it
 * is and only what is missing is added. A listing only ever moves forward (draft →
 * review → decision), so a second run never undoes what someone did in the demo.
 *
 * `--accounts` only prints the demo accounts (no database needed).
 */

const LOCALE = 'ru';

type Kind =
  | 'users'
  | 'role grants'
  | 'associations'
  | 'hubs'
  | 'shops'
  | 'membership requests'
  | 'membership approvals'
  | 'listings'
  | 'images'
  | 'submissions'
  | 'moderation decisions'
  | 'edits awaiting review'
  | 'orders'
  | 'flags';

class Seeder {
  private readonly users: UsersService;
  private readonly associations: AssociationsService;
  private readonly shops: ShopsService;
  private readonly listings: ListingsService;
  private readonly categories: CategoriesService;
  private readonly moderation: ModerationService;
  private readonly db: DataSource;
  private readonly checkout: CheckoutService;
  private readonly orderActions: OrdersService;
  private readonly payments: PaymentOutcomesService;
  private readonly flags: FlagsService;

  readonly added = new Map<Kind, number>();
  readonly present = new Map<Kind, number>();
  readonly warnings: string[] = [];
  readonly statuses = new Map<string, number>();

  private moderator!: AuthUser;
  private readonly associationIds = new Map<string, string>();
  private readonly associationAdmins = new Map<string, AuthUser>();

  constructor(app: INestApplicationContext) {
    this.users = app.get(UsersService);
    this.associations = app.get(AssociationsService);
    this.shops = app.get(ShopsService);
    this.listings = app.get(ListingsService);
    this.categories = app.get(CategoriesService);
    this.moderation = app.get(ModerationService);
    this.db = app.get(DataSource);
    this.checkout = app.get(CheckoutService);
    this.orderActions = app.get(OrdersService);
    this.payments = app.get(PaymentOutcomesService);
    this.flags = app.get(FlagsService);
  }

  private count(kind: Kind, added: boolean, n = 1) {
    const map = added ? this.added : this.present;
    if (n > 0) map.set(kind, (map.get(kind) ?? 0) + n);
  }

  async run(admin: { email: string; password: string } | null) {
    await this.platformStaff(admin);
    for (const association of ASSOCIATIONS) await this.association(association);
    for (const maker of MAKERS) await this.maker(maker);
    await this.catalogue();
    await this.orders();
    await this.demoFlag();
  }

  /** One open flag for the moderators' desk: the demo buyer reports a brooch's description. Once. */
  private async demoFlag() {
    const buyer = toAuthUser((await this.findUser(DEMO_BUYER.email))!);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM flags WHERE reporter_id = $1`, [buyer.id]);
    if (n > 0) return this.count('flags', false, n);
    const [listing]: { id: string }[] = await this.db.query(
      `SELECT l.id FROM listing_variants v JOIN listings l ON l.id = v.listing_id WHERE v.sku = 'OK-TUMAR-RED' AND l.status = 'published'`,
    );
    if (!listing) return;
    await this.flags.create(buyer, listing.id, {
      reason: 'misleading',
      details: 'В описании чешский бисер, а на фото бусины выглядят пластиковыми. Прошу проверить.',
    });
    this.count('flags', true);
  }

  // ---------- orders

  /**
   * The demo buyer's orders, one in each stage a maker meets: awaiting a bank transfer,
   * paid (to fulfil), shipped, and picked up at a hub. Placed once: if the buyer has
   * orders, they are left as they are.
   */
  private async orders() {
    const buyer = toAuthUser((await this.findUser(DEMO_BUYER.email))!);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM orders WHERE buyer_id = $1`, [buyer.id]);
    if (n > 0) {
      this.count('orders', false, n);
      return;
    }
    const candidates: { variant_id: string; shop_id: string; owner_id: string; association_id: string | null }[] = await this.db.query(
      `SELECT DISTINCT ON (s.id) v.id AS variant_id, s.id AS shop_id, s.owner_id, m.association_id
         FROM listing_variants v
         JOIN listings l ON l.id = v.listing_id AND l.status = 'published'
         JOIN shops s ON s.id = v.shop_id AND s.status = 'active'
         LEFT JOIN memberships m ON m.maker_id = s.owner_id AND m.status = 'approved'
        WHERE v.active AND v.stock >= 2
        ORDER BY s.id, v.price_amount`,
    );
    const members = candidates.filter((c) => c.association_id);
    if (members.length < 3) {
      this.warnings.push('not enough published listings in stock for the demo orders');
      return;
    }
    const adminUser = await this.db.getRepository(User).findOne({ where: { roles: ArrayContains(['admin']) }, order: { createdAt: 'ASC' } });
    if (!adminUser) return;
    const admin = toAuthUser(adminUser);
    const address = { country: 'KZ', city: 'Шымкент', street: 'Тәуке хан даңғылы, 12', apartment: '45', postalCode: '160000', phone: '+77012345678', recipientName: DEMO_BUYER.name };
    const place = async (key: string, items: { variantId: string; quantity: number }[], delivery: object) => {
      const dto = await valid(CreateOrderDto, { items, delivery });
      const response = await this.checkout.placeOrder(buyer, dto, `demo-${key}`);
      if (response.status !== 201) throw new Error(`demo order ${key}: ${response.body}`);
      this.count('orders', true);
      return JSON.parse(response.body) as OrderView;
    };
    const maker = async (id: string) => toAuthUser((await this.db.getRepository(User).findOneByOrFail({ id })));

    // 1. Two makers in one checkout, waiting for the buyer's bank transfer.
    await place('awaiting-transfer', [{ variantId: members[0].variant_id, quantity: 1 }, { variantId: members[1].variant_id, quantity: 1 }], { type: 'shipping', address });

    // 2. Paid (confirmed by an admin): the maker has it to ship.
    const paid = await place('paid', [{ variantId: members[1].variant_id, quantity: 1 }], { type: 'shipping', address });
    await this.payments.markPaid(admin, paid.payment.id);

    // 3. Paid and shipped by Kazpost.
    const shipped = await place('shipped', [{ variantId: members[2].variant_id, quantity: 1 }], { type: 'shipping', address });
    await this.payments.markPaid(admin, shipped.payment.id);
    await this.orderActions.ship(await maker(members[2].owner_id), shipped.sellerOrders[0].id, await valid(ShipDto, { carrier: 'kazpost', trackingNumber: 'RR123456785KZ' }));

    // 4. Picked up at a hub of the maker's association.
    const hub = (await this.associations.listHubs(members[0].association_id!))[0];
    if (hub) {
      const picked = await place('picked-up', [{ variantId: members[0].variant_id, quantity: 1 }], { type: 'pickup', hubId: hub.id });
      await this.payments.markPaid(admin, picked.payment.id);
      await this.orderActions.readyForPickup(await maker(members[0].owner_id), picked.sellerOrders[0].id);
      await this.orderActions.deliver(buyer, picked.sellerOrders[0].id);
    }
  }

  // ---------- people

  private findUser(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { email: normalizeEmail(email) } });
  }

  /** The account with this e-mail, created with the demo password if missing. */
  private async user(person: DemoPerson, roles: Role[]): Promise<User> {
    const existing = await this.findUser(person.email);
    if (existing) {
      this.count('users', false);
      return existing;
    }
    const dto = await valid(RegisterDto, { email: person.email, password: DEMO_PASSWORD, name: person.name, locale: person.locale });
    const created = await this.users.create({ email: dto.email, password: dto.password, name: dto.name, locale: person.locale, roles });
    this.count('users', true);
    return created;
  }

  /** Grants a role unless the user holds it; a scoped role already held for another association is reported, not moved. */
  private async grant(user: User, role: Role, associationId: string | null): Promise<User> {
    if (hasRole(user, role)) {
      if ((user.associationId ?? null) !== associationId) {
        this.warnings.push(`${user.email} is already ${role} for another association; left as it is`);
      }
      this.count('role grants', false);
      return user;
    }
    const updated = await this.users.grantRoles(null, user.id, [role], associationId);
    this.count('role grants', true);
    return updated;
  }

  private async platformStaff(admin: { email: string; password: string } | null) {
    if (admin) {
      // BOOTSTRAP_ADMIN_*: the same account the API creates at start, with its own password.
      const existed = !!(await this.findUser(admin.email));
      await this.users.ensureAdmin(admin.email, admin.password);
      this.count('users', !existed);
      const user = (await this.findUser(admin.email))!;
      if (!hasRole(user, 'admin')) this.warnings.push(`${user.email} exists but is not an admin (BOOTSTRAP_ADMIN_EMAIL leaves existing accounts alone)`);
    } else {
      await this.user(DEMO_ADMIN, ['admin']);
    }
    this.moderator = toAuthUser(await this.grant(await this.user(DEMO_MODERATOR, ['buyer']), 'moderator', null));
    await this.user(DEMO_BUYER, ['buyer']);
  }

  // ---------- associations and hubs

  private async existingAssociations(): Promise<Map<string, string>> {
    const byName = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await this.associations.list({ limit: 100, cursor });
      for (const a of page.items) if (a.name.en) byName.set(a.name.en, a.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return byName;
  }

  private async association(demo: DemoAssociation) {
    let id = (await this.existingAssociations()).get(demo.name.en);
    if (id) {
      this.count('associations', false);
    } else {
      const dto = await valid(CreateAssociationDto, {
        name: demo.name,
        description: demo.description,
        region: demo.region,
        city: demo.city,
        commissionRateBps: demo.commissionRateBps,
      });
      id = (await this.associations.create(dto)).id;
      this.count('associations', true);
    }
    this.associationIds.set(demo.key, id);

    const admin = toAuthUser(await this.grant(await this.user(demo.admin, ['buyer']), 'association_admin', id));
    this.associationAdmins.set(demo.key, admin);

    const hubs = new Set((await this.associations.listHubs(id)).map((h) => h.name));
    for (const hub of demo.hubs) {
      if (hubs.has(hub.name)) {
        this.count('hubs', false);
        continue;
      }
      // As the association's admin would, through POST /associations/:id/hubs.
      await this.associations.createHub(admin, id, await valid(CreateHubDto, hub));
      this.count('hubs', true);
    }
  }

  // ---------- makers, shops and memberships

  private async maker(demo: DemoMaker) {
    const maker = toAuthUser(await this.user(demo, ['maker']));
    if (await this.shops.findOwn(maker.id)) {
      this.count('shops', false);
    } else {
      await this.shops.upsertOwn(maker, await valid(UpsertShopDto, demo.shop));
      this.count('shops', true);
    }
    if (!demo.association) return;

    const associationId = this.associationIds.get(demo.association)!;
    const memberships = await this.associations.myMemberships(maker);
    let membership = memberships.find((m) => m.status === 'pending' || m.status === 'approved');
    if (!membership && memberships.length) {
      // Rejected or revoked since the last run: a decision someone made in the demo.
      this.count('membership requests', false);
      return;
    }
    if (membership) {
      this.count('membership requests', false);
    } else {
      membership = await this.associations.requestMembership(maker, associationId, demo.membershipMessage);
      this.count('membership requests', true);
    }
    if (membership.status === 'pending' && (demo.membership ?? 'approved') === 'approved' && membership.associationId === associationId) {
      await this.associations.decide(this.associationAdmins.get(demo.association)!, associationId, membership.id, 'approve');
      this.count('membership approvals', true);
    }
  }

  // ---------- listings

  /** Who decides on a maker's listings: their association's admin, else the platform moderator. */
  private reviewerOf(demo: DemoMaker): AuthUser {
    const approved = (demo.membership ?? 'approved') === 'approved';
    return (demo.association && approved && this.associationAdmins.get(demo.association)) || this.moderator;
  }

  private async ownListings(maker: AuthUser): Promise<Map<string, ListingView>> {
    const bySku = new Map<string, ListingView>();
    let cursor: string | undefined;
    do {
      const page = await this.listings.mine(maker, { limit: 100, cursor }, LOCALE);
      for (const listing of page.items) for (const v of listing.variants) bySku.set(v.sku, listing);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return bySku;
  }

  /**
   * The listings, taken from the shops in turn (one from each, then the next from each),
   * so that the newest listings in the catalogue come from many makers.
   */
  private async catalogue() {
    const makers = [];
    for (const demo of MAKERS) {
      const maker = toAuthUser((await this.findUser(demo.email))!);
      if (!hasRole(maker, 'maker')) {
        this.warnings.push(`${demo.email} is not a maker; its listings were skipped`);
        continue;
      }
      makers.push({ demo, maker, existing: await this.ownListings(maker), items: LISTINGS.filter((l) => l.maker === demo.email) });
    }
    for (let round = 0; makers.some((m) => round < m.items.length); round++) {
      for (const { demo, maker, existing, items } of makers) {
        const item = items[round];
        if (!item) continue;
        const listing = await this.listing(maker, demo, item, existing.get(item.variants[0].sku.toUpperCase()));
        this.statuses.set(listing.status, (this.statuses.get(listing.status) ?? 0) + 1);
      }
    }
  }

  private async listing(maker: AuthUser, demo: DemoMaker, item: DemoListing, found: ListingView | undefined): Promise<ListingView> {
    const category = await this.categories.find(item.category);
    if (!category) throw new Error(`demo listing "${item.title.ru}": no category ${item.category}`);

    let listing = found;
    if (listing) {
      this.count('listings', false);
    } else {
      const dto = await valid(CreateListingDto, {
        title: item.title,
        description: item.description,
        categoryId: category.id,
        materials: item.materials,
        madeToOrder: item.leadTimeDays !== undefined,
        leadTimeDays: item.leadTimeDays,
        variants: item.variants,
      });
      listing = await this.listings.create(maker, dto, LOCALE);
      this.count('listings', true);
    }

    const wanted = item.images ?? (item.status === 'published' ? 2 : 1);
    const parent = category.parentId ? await this.categories.find(category.parentId) : category;
    const have = listing.images.length;
    for (let index = have; index < wanted; index++) {
      const picture = await ornamentImage(parent?.slug ?? item.category, item.variants[0].sku, index);
      await this.listings.addImage(maker, listing.id, picture.data);
      this.count('images', true);
    }
    this.count('images', false, have);

    // Forward only: draft → pending_review → published | rejected.
    if (listing.status === 'draft' && item.status !== 'draft') {
      listing = await this.listings.submit(maker, listing.id, LOCALE);
      this.count('submissions', true);
    }
    if (listing.status === 'pending_review' && (item.status === 'published' || item.status === 'rejected')) {
      const decision = await valid(ListingDecisionDto, {
        decision: item.status === 'published' ? 'approve' : 'reject',
        reason: item.rejectReason,
      });
      listing = await this.moderation.decide(this.reviewerOf(demo), listing.id, decision.decision, decision.reason, LOCALE);
      this.count('moderation decisions', true);
      if (listing.status === 'published' && item.revision) {
        // An edit after publication: it waits for review while the approved text stays live.
        listing = await this.listings.update(maker, listing.id, await valid(UpdateListingDto, item.revision), LOCALE);
        this.count('edits awaiting review', true);
      }
    }
    return listing;
  }
}

/** Validates demo input exactly as the API's ValidationPipe does, including its transforms (SKUs upper-cased). */
async function valid<T extends object>(cls: new () => T, plain: object): Promise<T> {
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw new Error(`demo data refused by ${cls.name}: ${JSON.stringify(flattenValidationErrors(errors))}`);
  }
  return instance;
}

// ---------- output

interface AccountRow {
  role: string;
  email: string;
  name: string;
  note: string;
}

function accountRows(adminEmail: string | undefined): AccountRow[] {
  const associationName = (key: string | null) => ASSOCIATIONS.find((a) => a.key === key)?.name.ru ?? '';
  return [
    { role: 'admin', email: adminEmail?.trim().toLowerCase() ?? DEMO_ADMIN.email, name: adminEmail ? '(BOOTSTRAP_ADMIN_EMAIL)' : DEMO_ADMIN.name, note: 'whole platform' },
    { role: 'moderator', email: DEMO_MODERATOR.email, name: DEMO_MODERATOR.name, note: 'platform moderator: every listing' },
    ...ASSOCIATIONS.map((a) => ({ role: 'association_admin', email: a.admin.email, name: a.admin.name, note: a.name.ru })),
    ...MAKERS.map((m) => ({
      role: 'maker',
      email: m.email,
      name: m.name,
      note: `${m.shop.name} (/shops/${m.shop.slug}) — ${
        m.association ? `${associationName(m.association)}${m.membership === 'pending' ? ', membership pending' : ''}` : 'no association'
      }`,
    })),
    { role: 'buyer', email: DEMO_BUYER.email, name: DEMO_BUYER.name, note: '' },
  ];
}

function printAccounts(adminEmail: string | undefined) {
  const rows = accountRows(adminEmail);
  const width = (key: keyof AccountRow) => Math.max(...rows.map((r) => r[key].length));
  const [role, email, name] = [width('role'), width('email'), width('name')];
  console.log(`Demo accounts — password for all: ${DEMO_PASSWORD}${adminEmail ? ' (the admin: BOOTSTRAP_ADMIN_PASSWORD)' : ''}`);
  for (const r of rows) console.log(`  ${r.role.padEnd(role)}  ${r.email.padEnd(email)}  ${r.name.padEnd(name)}  ${r.note}`.trimEnd());
}

const maskUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

function summary(counts: Map<Kind, number>): string {
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

// ---------- main

// Any constant: two seeds of one database take turns instead of racing each other.
const SEED_LOCK_KEY = 7_351_002;

/**
 * Connects to PostgreSQL (failing fast with one clear line when it is away, instead of
 * Nest's connection retries), checks the schema is there, and holds the seed's advisory
 * lock on this connection until it is closed.
 */
async function lockDatabase(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const [{ listings }] = (await client.query(`SELECT to_regclass('public.listings') AS listings`)).rows;
    if (!listings) throw new Error('the schema is missing: run `npm run db:migrate` first');
    const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock($1) AS locked', [SEED_LOCK_KEY])).rows;
    if (!locked) {
      console.log('Another seed is running on this database; waiting for it to finish …');
      await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    }
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function main() {
  if (process.argv.includes('--accounts')) {
    printAccounts(process.env.BOOTSTRAP_ADMIN_EMAIL || undefined);
    return;
  }

  // The configuration as the API reads it: environment over .env, validated.
  const configContext = await NestFactory.createApplicationContext(AppConfigModule, { logger: ['error', 'warn'] });
  const config = configContext.get<ConfigService<Environment, true>>(ConfigService);
  const databaseUrl = config.get('DATABASE_URL', { infer: true });
  const adminEmail = config.get('BOOTSTRAP_ADMIN_EMAIL', { infer: true });
  const adminPassword = config.get('BOOTSTRAP_ADMIN_PASSWORD', { infer: true });
  await configContext.close();

  let lock: Client;
  try {
    lock = await lockDatabase(databaseUrl);
  } catch (error) {
    console.error(`seed: cannot use the database ${maskUrl(databaseUrl)}: ${(error as Error).message}`);
    process.exit(1);
  }

  const { AppModule } = await import('../app.module');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    if (await app.get(DataSource).showMigrations()) {
      throw new Error('migrations are pending: run `npm run db:migrate` first');
    }
    console.log(`Seeding demo data into ${maskUrl(databaseUrl)} …`);
    const started = Date.now();
    const seeder = new Seeder(app);
    await seeder.run(adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (seeder.added.size === 0) {
      console.log(`Demo data already present, nothing added (${summary(seeder.present)}).`);
    } else {
      console.log(`Added in ${seconds} s: ${summary(seeder.added)}.`);
      if (seeder.present.size) console.log(`Already present, left as they were: ${summary(seeder.present)}.`);
    }
    console.log(`Demo listings by status: ${[...seeder.statuses].map(([s, n]) => `${s} ${n}`).join(', ')}.`);
    for (const warning of seeder.warnings) console.warn(`warning: ${warning}`);
    console.log('');
    printAccounts(adminEmail);
  } finally {
    await app.close();
    await lock.end(); // releases the advisory lock
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) console.error(error.message);
  else {
    const { code, details } = error as { code?: string; details?: unknown };
    const message = error instanceof Error ? error.message : String(error);
    console.error(`seed failed: ${code ? `[${code}] ` : ''}${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
  }
  if (error instanceof Error && process.env.LOG_LEVEL === 'debug') console.error(error.stack);
  process.exit(1);
});
