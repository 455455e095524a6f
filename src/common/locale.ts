import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, registerDecorator } from 'class-validator';

export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Text kept in every language we have it in; the reader's language picks one. */
export type LocalizedText = Partial<Record<Locale, string>>;

// Kazakh readers understand Russian, and everyone the English fallback.
const FALLBACK: Record<Locale, Locale[]> = { kk: ['kk', 'ru', 'en'], ru: ['ru', 'kk', 'en'], en: ['en', 'ru', 'kk'] };

export function pickText(text: LocalizedText | null | undefined, locale: Locale): string | null {
  if (!text) return null;
  for (const l of FALLBACK[locale]) if (text[l]) return text[l]!;
  return null;
}

/** First supported language of an Accept-Language header ("kk-KZ,ru;q=0.8" → kk). */
export function parseAcceptLanguage(header: string | undefined, fallback: Locale = 'ru'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((r) => (LOCALES as readonly string[]).includes(r.lang));
  return (hit?.lang as Locale) ?? fallback;
}

/** The request's language: `Accept-Language` when sent, else the signed-in user's own, else Russian. */
export const RequestLocale = createParamDecorator((_: unknown, ctx: ExecutionContext): Locale => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: { locale?: Locale } }>();
  return parseAcceptLanguage(request.headers['accept-language'], request.user?.locale ?? 'ru');
});

function localizedTextDto(maxLength: number) {
  class Text implements LocalizedText {
    @ApiPropertyOptional({ maxLength }) @IsOptional() @IsString() @MaxLength(maxLength) kk?: string;
    @ApiPropertyOptional({ maxLength }) @IsOptional() @IsString() @MaxLength(maxLength) ru?: string;
    @ApiPropertyOptional({ maxLength }) @IsOptional() @IsString() @MaxLength(maxLength) en?: string;
  }
  return Text;
}

export class ShortTextDto extends localizedTextDto(200) {}
export class LongTextDto extends localizedTextDto(5000) {}

/** The nested text must have a non-blank value in at least one of these languages. */
export function HasTextIn(...locales: Locale[]) {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'hasTextIn',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} needs text in at least one of: ${locales.join(', ')}` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          locales.some((l) => typeof (value as LocalizedText)[l] === 'string' && (value as LocalizedText)[l]!.trim() !== ''),
      },
    });
  };
}
