import * as Joi from 'joi';
import { Currency, CURRENCY_CODES } from '../common/money';
import { parsePriceBounds } from '../moderation/listing-checks';

/**
 * Every environment variable Sheber reads, with the default that works against
 * PostgreSQL and Redis on localhost. `.env.example` lists the same names.
 */
export interface Environment {
  NODE_ENV: 'development' | 'production' | 'test';
  HOST: string;
  PORT: number;
  LOG_LEVEL: string;
  CORS_ORIGINS: string;
  BODY_LIMIT_BYTES: number;
  TRUST_PROXY: boolean;

  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  DATABASE_LOG_SLOW_MS: number;
  MIGRATIONS_RUN: boolean;

  REDIS_URL: string;
  REDIS_PREFIX: string;

  JWT_SECRET: string;
  JWT_ACCESS_TTL_SECONDS: number;
  REFRESH_TOKEN_TTL_DAYS: number;

  THROTTLE_TTL_SECONDS: number;
  LOGIN_THROTTLE_LIMIT: number;
  SEARCH_THROTTLE_LIMIT: number;
  CHECKOUT_THROTTLE_LIMIT: number;

  BOOTSTRAP_ADMIN_EMAIL?: string;
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  STORAGE_DIR: string;
  UPLOAD_MAX_BYTES: number;
  LISTING_MAX_IMAGES: number;
  LISTING_PRICE_BOUNDS: string;
  BANNED_TERMS_FILE: string;
  FLAG_HIDE_THRESHOLD: number;

  DEFAULT_CURRENCY: Currency;

  PLATFORM_FEE_BPS: number;
  ORDER_MAX_QUANTITY_PER_LISTING: number;
  MAX_UNPAID_ORDERS_PER_BUYER: number;
  ORDER_PAYMENT_TTL_MINUTES: number;
  MANUAL_PAYMENT_TTL_MINUTES: number;
  SHIP_DEADLINE_DAYS: number;
  PAYOUT_HOLD_DAYS: number;
  ORDER_TIMERS_EVERY_SECONDS: number;
  OUTBOX_POLL_MS: number;
  NOTIFICATION_BACKOFF_MS: number;
  PAYOUT_RUN_EVERY_MINUTES: number;
  PAYOUT_ONBOARDING_RETURN_URL: string;
  PAYOUT_ONBOARDING_REFRESH_URL: string;
  SMTP_URL?: string;
  MAIL_FROM: string;
  MAIL_DIR: string;

  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_BASE?: string;
  STRIPE_TIMEOUT_MS: number;
  STRIPE_MAX_NETWORK_RETRIES: number;
}

const DEV_JWT_SECRET = 'dev-only-secret-change-me-in-production-0123456789';

const schema = Joi.object<Environment>({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  HOST: Joi.string().default('0.0.0.0'),
  PORT: Joi.number().port().default(3000),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  CORS_ORIGINS: Joi.string().allow('').default('http://localhost:3000,http://localhost:5173'),
  BODY_LIMIT_BYTES: Joi.number().integer().min(1024).default(1024 * 1024),
  TRUST_PROXY: Joi.boolean().default(false),

  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .default('postgres://postgres@127.0.0.1:5432/sheber'),
  DATABASE_POOL_SIZE: Joi.number().integer().min(1).max(200).default(10),
  DATABASE_LOG_SLOW_MS: Joi.number().integer().min(0).default(500),
  MIGRATIONS_RUN: Joi.boolean().default(true),

  REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: Joi.string()
    .pattern(/^[A-Za-z0-9_-]+$/)
    .default('sheber'),

  JWT_SECRET: Joi.string()
    .min(32)
    .when('NODE_ENV', { is: 'production', then: Joi.required(), otherwise: Joi.optional().default(DEV_JWT_SECRET) }),
  JWT_ACCESS_TTL_SECONDS: Joi.number().integer().min(30).default(900),
  REFRESH_TOKEN_TTL_DAYS: Joi.number().integer().min(1).default(30),

  THROTTLE_TTL_SECONDS: Joi.number().integer().min(1).default(60),
  LOGIN_THROTTLE_LIMIT: Joi.number().integer().min(1).default(10),
  SEARCH_THROTTLE_LIMIT: Joi.number().integer().min(1).default(300),
  CHECKOUT_THROTTLE_LIMIT: Joi.number().integer().min(1).default(30),

  BOOTSTRAP_ADMIN_EMAIL: Joi.string().email().empty('').optional(),
  BOOTSTRAP_ADMIN_PASSWORD: Joi.string().min(10).empty('').when('BOOTSTRAP_ADMIN_EMAIL', {
    is: Joi.exist(),
    then: Joi.required(),
  }),

  STORAGE_DIR: Joi.string().default('var/storage'),
  UPLOAD_MAX_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(5 * 1024 * 1024),
  LISTING_MAX_IMAGES: Joi.number().integer().min(1).max(50).default(10),
  // Moderation: price bounds per currency in minor units, the banned-terms list, flags that hide a listing
  LISTING_PRICE_BOUNDS: Joi.string()
    .custom((value: string) => (parsePriceBounds(value), value))
    .default('KZT:10000-5000000000,RUB:1000-500000000,USD:100-10000000,EUR:100-10000000'),
  BANNED_TERMS_FILE: Joi.string().default('config/banned-terms.txt'),
  FLAG_HIDE_THRESHOLD: Joi.number().integer().min(1).max(1000).default(3),

  DEFAULT_CURRENCY: Joi.string()
    .valid(...CURRENCY_CODES)
    .default('KZT'),

  // Orders and payments
  PLATFORM_FEE_BPS: Joi.number().integer().min(0).max(5000).default(500),
  // Business-flow limits: units of one listing (all its variants) in one order, and unpaid orders a buyer may hold.
  ORDER_MAX_QUANTITY_PER_LISTING: Joi.number().integer().min(1).max(100_000).default(10),
  MAX_UNPAID_ORDERS_PER_BUYER: Joi.number().integer().min(1).max(100_000).default(5),
  // Fractions of a minute are allowed so that tests can watch an order expire.
  ORDER_PAYMENT_TTL_MINUTES: Joi.number().positive().max(7 * 24 * 60).default(30),
  MANUAL_PAYMENT_TTL_MINUTES: Joi.number().positive().max(30 * 24 * 60).default(3 * 24 * 60),
  SHIP_DEADLINE_DAYS: Joi.number().positive().max(365).default(14),
  PAYOUT_HOLD_DAYS: Joi.number().min(0).max(365).default(7),
  ORDER_TIMERS_EVERY_SECONDS: Joi.number().integer().min(1).max(3600).default(60),
  OUTBOX_POLL_MS: Joi.number().integer().min(10).max(60_000).default(250),
  // First retry delay of a failed delivery; it doubles on each of the 5 attempts.
  NOTIFICATION_BACKOFF_MS: Joi.number().integer().min(10).max(3_600_000).default(2_000),
  PAYOUT_RUN_EVERY_MINUTES: Joi.number().positive().max(7 * 24 * 60).default(60),
  // Where Stripe sends a maker back after onboarding (done), or when the link has expired (ask again).
  PAYOUT_ONBOARDING_RETURN_URL: Joi.string().uri({ scheme: ['http', 'https'] }).default('http://localhost:3000/payout-account/done'),
  PAYOUT_ONBOARDING_REFRESH_URL: Joi.string().uri({ scheme: ['http', 'https'] }).default('http://localhost:3000/payout-account/again'),
  SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }).empty('').optional(),
  MAIL_FROM: Joi.string().default('Sheber <no-reply@sheber.kz>'),
  MAIL_DIR: Joi.string().default('var/mail'),

  STRIPE_SECRET_KEY: Joi.string().pattern(/^(sk|rk)_/).empty('').optional(),
  STRIPE_WEBHOOK_SECRET: Joi.string().pattern(/^whsec_/).empty('').optional(),
  STRIPE_API_BASE: Joi.string().uri({ scheme: ['http', 'https'] }).empty('').optional(),
  STRIPE_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(20_000),
  STRIPE_MAX_NETWORK_RETRIES: Joi.number().integer().min(0).max(10).default(2),
});

export class ConfigurationError extends Error {}

/**
 * Validates the raw environment. Throws a ConfigurationError whose message is one
 * line naming every offending variable, so that a wrong deployment stops at once.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const { value, error } = schema.validate(raw, { abortEarly: false, allowUnknown: true, convert: true });
  if (error) {
    const problems = error.details.map((d) => d.message.replace(/"/g, '')).join('; ');
    throw new ConfigurationError(`Configuration error: ${problems}`);
  }
  if (value.NODE_ENV === 'production' && value.JWT_SECRET === DEV_JWT_SECRET) {
    throw new ConfigurationError('Configuration error: JWT_SECRET must be set to a secret of your own in production');
  }
  if (value.NODE_ENV === 'production' && value.STRIPE_SECRET_KEY && !value.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigurationError('Configuration error: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');
  }
  return value;
}
