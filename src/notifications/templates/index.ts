import { LOCALES, Locale, pickText } from '../../common/locale';
import { formatMoney } from '../money-format';
import { en } from './en';
import { kk } from './kk';
import { ru } from './ru';
import type { AddressData, Block, Catalogue, Fmt, LineData, Message, NotificationData, NotificationDataOf, NotificationKind } from './types';

export type * from './types';

/** Every language we have templates in (all of LOCALES today). */
export const TEMPLATES: Partial<Record<Locale, Catalogue>> = { kk, ru, en };

/** The recipient's language if we have templates in it, else Russian, else English ("kk-KZ" and "RU" count as kk and ru). */
export function pickLocale(preferred: string | null | undefined): Locale {
  return pickLocaleFrom(preferred, TEMPLATES);
}

/** The fallback chain of pickLocale, over any set of catalogues (exported for its tests). */
export function pickLocaleFrom(preferred: string | null | undefined, available: Partial<Record<Locale, unknown>>): Locale {
  const primary = (preferred ?? '').trim().toLowerCase().split(/[-_]/)[0];
  const candidates = [primary, 'ru', 'en'].filter((l): l is Locale => (LOCALES as readonly string[]).includes(l));
  const hit = candidates.find((l) => available[l] !== undefined);
  if (!hit) throw new Error('no notification templates in ru or en');
  return hit;
}

export interface RenderedNotification {
  /** The language it was written in, after the fallback. */
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

/** The data of one kind; its `kind` field may be left out, as the first argument names it. */
export type RenderInput<K extends NotificationKind> = Omit<NotificationDataOf<K>, 'kind'> & { kind?: K };

/**
 * The email (and in-app text) for one notification in the recipient's language (`pickLocale`
 * applies). Every user-provided value is HTML-escaped in `html`; `subject` and `text` are plain.
 */
export function render<K extends NotificationKind>(kind: K, locale: string | null | undefined, data: RenderInput<K>): RenderedNotification {
  if (data.kind !== undefined && data.kind !== kind) throw new Error(`render(${kind}) was given ${data.kind} data`);
  const lang = pickLocale(locale);
  const catalogue = TEMPLATES[lang]!;
  const template = catalogue[kind] as unknown as (d: RenderInput<K>, f: Fmt) => Message;
  const message = template(data, formatting(lang, catalogue));
  const words = catalogue.words;
  return {
    locale: lang,
    subject: message.subject,
    text: renderText(message.body, words, lang),
    html: renderHtml(message.subject, message.body, words, lang),
  };
}

/** `render` for data that carries its kind. */
export function renderNotification(locale: string | null | undefined, data: NotificationData): RenderedNotification {
  return render(data.kind, locale, data as RenderInput<typeof data.kind>);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------- formatting for one language

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

function formatting(locale: Locale, catalogue: Catalogue): Fmt {
  let dates = dateFormats.get(locale);
  if (!dates) {
    dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Almaty' });
    dateFormats.set(locale, dates);
  }
  const dateFormat = dates;
  const fmt: Fmt = {
    money: (m) => formatMoney(m, locale),
    date: (when) => dateFormat.format(when instanceof Date ? when : new Date(when)), // Intl throws on an invalid date
    text: (text) => (typeof text === 'string' ? text : (pickText(text, locale) ?? '')),
    carrier: (carrier) => catalogue.words.carriers[carrier] ?? String(carrier),
    flagReason: (reason) => catalogue.words.flagReasons[reason] ?? String(reason),
    address: (a: AddressData) =>
      [
        a.recipientName,
        a.apartment ? `${a.street}, ${catalogue.words.apartment} ${a.apartment}` : a.street,
        a.city,
        a.postalCode,
        countryName(locale, a.country),
        a.phone,
      ]
        .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
        .join(', '),
  };
  return fmt;
}

function countryName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a region code
  }
}

// ---------- layout: the same blocks as plain text and as simple HTML

type Words = Catalogue['words'];
type Fact = [string, string];

const facts = (rows: Array<[string, string | null | undefined]>): Fact[] =>
  rows.filter((row): row is Fact => typeof row[1] === 'string' && row[1].trim() !== '');

function renderText(body: Block[], words: Words, locale: Locale): string {
  const parts = [words.greeting];
  for (const block of body) {
    if (!block) continue;
    if (typeof block === 'string') parts.push(block);
    else if ('facts' in block) parts.push(facts(block.facts).map(([label, value]) => `${label}: ${value}`).join('\n'));
    else {
      const lines = block.lines.map((l) => `• ${title(l, locale)} × ${l.quantity} — ${formatMoney(l.total, locale)}`);
      const totals = block.totals.map(([label, m]) => `${label}: ${formatMoney(m, locale)}`);
      parts.push([...lines, ...totals].join('\n'));
    }
  }
  return `Sheber\n\n${parts.join('\n\n')}\n\n—\n${words.footer}\n`;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f4f1ea',
  page: 'max-width:600px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222222',
  header: 'margin:0 0 16px;font-size:22px;color:#8a4b1f',
  table: 'border-collapse:collapse;width:100%;margin:12px 0',
  th: 'text-align:left;padding:6px 8px;border-bottom:2px solid #dddddd',
  thNum: 'text-align:right;padding:6px 8px;border-bottom:2px solid #dddddd',
  label: 'text-align:left;padding:4px 8px 4px 0;width:35%;vertical-align:top;color:#555555',
  value: 'padding:4px 0;vertical-align:top',
  td: 'padding:6px 8px;border-bottom:1px solid #eeeeee;vertical-align:top',
  num: 'padding:6px 8px;border-bottom:1px solid #eeeeee;text-align:right;white-space:nowrap',
  total: 'padding:6px 8px;text-align:right;font-weight:bold;white-space:nowrap',
  footer: 'margin:24px 0 0;padding-top:12px;border-top:1px solid #dddddd;font-size:12px;color:#777777',
};

function renderHtml(subject: string, body: Block[], words: Words, locale: Locale): string {
  const e = escapeHtml;
  const blocks: string[] = [`<p>${e(words.greeting)}</p>`];
  for (const block of body) {
    if (!block) continue;
    if (typeof block === 'string') blocks.push(`<p>${e(block)}</p>`);
    else if ('facts' in block) {
      const rows = facts(block.facts).map(([label, value]) => `<tr><th style="${STYLE.label}">${e(label)}</th><td style="${STYLE.value}">${e(value)}</td></tr>`);
      blocks.push(`<table style="${STYLE.table}">${rows.join('')}</table>`);
    } else {
      const head = `<tr><th style="${STYLE.th}">${e(words.item)}</th><th style="${STYLE.thNum}">${e(words.quantity)}</th><th style="${STYLE.thNum}">${e(words.amount)}</th></tr>`;
      const lines = block.lines.map(
        (l) => `<tr><td style="${STYLE.td}">${e(title(l, locale))}</td><td style="${STYLE.num}">${e(String(l.quantity))}</td><td style="${STYLE.num}">${e(formatMoney(l.total, locale))}</td></tr>`,
      );
      const totals = block.totals.map(
        ([label, m]) => `<tr><td colspan="2" style="${STYLE.total}">${e(label)}</td><td style="${STYLE.total}">${e(formatMoney(m, locale))}</td></tr>`,
      );
      blocks.push(`<table style="${STYLE.table}">${head}${lines.join('')}${totals.join('')}</table>`);
    }
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(subject)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.page}">`,
    `<h1 style="${STYLE.header}">Sheber</h1>`,
    ...blocks,
    `<p style="${STYLE.footer}">${e(words.footer)}</p>`,
    '</div></body></html>',
    '',
  ].join('\n');
}

function title(line: LineData, locale: Locale): string {
  return typeof line.title === 'string' ? line.title : (pickText(line.title, locale) ?? '');
}
