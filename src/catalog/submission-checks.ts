import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EntityManager } from 'typeorm';
import { unprocessable } from '../common/errors';
import { Locale } from '../common/locale';
import { Environment } from '../config/environment';
import { BannedTerms } from '../moderation/banned-terms';
import { CheckCode, CheckRules, DEFAULT_CHECK_RULES, listingCheckProblems, parsePriceBounds, SubmissionProblem } from '../moderation/listing-checks';
import { Listing } from './listing.entity';

/** What a live listing's edit is checked for: its text and prices (sold out, or fewer photos, is allowed). */
const EDIT_CHECKS: CheckCode[] = ['title', 'description', 'price', 'lead_time', 'banned_terms'];

const HEADLINE: Record<Locale, string> = {
  kk: 'Хабарландыру тексеруден өтпеді',
  ru: 'Объявление не прошло автоматическую проверку',
  en: 'The listing did not pass the automatic checks',
};

/**
 * The automatic checks (moderation/listing-checks.ts) with this deployment's rules:
 * price bounds from `LISTING_PRICE_BOUNDS`, banned terms from `BANNED_TERMS_FILE`
 * (read once at start; a missing file stops the start, so a typo never silently turns
 * the check off). Run on submit, and on edits of a live listing.
 */
@Injectable()
export class SubmissionChecks {
  private readonly logger = new Logger(SubmissionChecks.name);
  private readonly rules: CheckRules;

  constructor(config: ConfigService<Environment, true>) {
    const file = resolve(config.get('BANNED_TERMS_FILE', { infer: true }));
    const bannedTerms = BannedTerms.parse(readFileSync(file, 'utf8'));
    this.logger.log(`${bannedTerms.size} banned terms from ${file}`);
    this.rules = { ...DEFAULT_CHECK_RULES, priceBounds: parsePriceBounds(config.get('LISTING_PRICE_BOUNDS', { infer: true })), bannedTerms };
  }

  /** 422 `listing_checks_failed` with every problem, in `locale`, unless the listing passes. */
  async enforce(manager: EntityManager, listing: Listing, locale: Locale, only?: 'edit'): Promise<void> {
    const [counts]: { images: number }[] = await manager.query(`SELECT count(*)::int AS images FROM listing_images WHERE listing_id = $1`, [listing.id]);
    const variants: { sku: string; price_amount: string; currency: Listing['currency']; stock: number }[] = await manager.query(
      `SELECT sku, price_amount, currency, stock FROM listing_variants WHERE listing_id = $1 AND active ORDER BY position, sku`,
      [listing.id],
    );
    let problems: SubmissionProblem[] = listingCheckProblems(
      {
        title: listing.title,
        description: listing.description,
        materials: listing.materials,
        images: counts.images,
        variants: variants.map((v) => ({ sku: v.sku, price: { amount: Number(v.price_amount), currency: v.currency }, stock: v.stock })),
        madeToOrder: listing.madeToOrder,
        leadTimeDays: listing.leadTimeDays,
      },
      this.rules,
      locale,
    );
    if (only === 'edit') problems = problems.filter((p) => EDIT_CHECKS.includes(p.check));
    if (problems.length) {
      throw unprocessable('listing_checks_failed', `${HEADLINE[locale]}: ${problems.map((p) => p.message).join('; ')}`, problems);
    }
  }
}
