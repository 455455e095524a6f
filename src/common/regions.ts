import { LocalizedText } from './locale';

/**
 * Kazakhstan's regions (oblystar, after the 2022 reform) and the three cities of
 * republican significance. Shops and associations name their region by code, so
 * that the catalogue's `region=` filter means the same thing everywhere.
 */
export const REGIONS: Record<string, LocalizedText> = {
  astana: { kk: 'Астана', ru: 'Астана', en: 'Astana' },
  almaty: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' },
  shymkent: { kk: 'Шымкент', ru: 'Шымкент', en: 'Shymkent' },
  abai: { kk: 'Абай облысы', ru: 'Абайская область', en: 'Abai Region' },
  akmola: { kk: 'Ақмола облысы', ru: 'Акмолинская область', en: 'Akmola Region' },
  aktobe: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область', en: 'Aktobe Region' },
  almaty_region: { kk: 'Алматы облысы', ru: 'Алматинская область', en: 'Almaty Region' },
  atyrau: { kk: 'Атырау облысы', ru: 'Атырауская область', en: 'Atyrau Region' },
  east_kazakhstan: { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область', en: 'East Kazakhstan Region' },
  zhambyl: { kk: 'Жамбыл облысы', ru: 'Жамбылская область', en: 'Zhambyl Region' },
  zhetisu: { kk: 'Жетісу облысы', ru: 'Жетысуская область', en: 'Zhetisu Region' },
  west_kazakhstan: { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область', en: 'West Kazakhstan Region' },
  karaganda: { kk: 'Қарағанды облысы', ru: 'Карагандинская область', en: 'Karaganda Region' },
  kostanay: { kk: 'Қостанай облысы', ru: 'Костанайская область', en: 'Kostanay Region' },
  kyzylorda: { kk: 'Қызылорда облысы', ru: 'Кызылординская область', en: 'Kyzylorda Region' },
  mangystau: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область', en: 'Mangystau Region' },
  pavlodar: { kk: 'Павлодар облысы', ru: 'Павлодарская область', en: 'Pavlodar Region' },
  north_kazakhstan: { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область', en: 'North Kazakhstan Region' },
  turkestan: { kk: 'Түркістан облысы', ru: 'Туркестанская область', en: 'Turkestan Region' },
  ulytau: { kk: 'Ұлытау облысы', ru: 'Улытауская область', en: 'Ulytau Region' },
};

export const REGION_CODES = Object.keys(REGIONS);
