import 'reflect-metadata';
import * as argon2 from 'argon2';
import { SingleBar, Presets } from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { REGION_CODES } from '../common/regions';
import { transliterate } from '../common/transliterate';
import { databaseOptions } from '../database/database-options';
import { runMigrationsLocked } from '../database/migrate';

/**
 * The benchmark catalogue: `npm run bench` (and anyone who wants a big catalogue to
 * look at) fills a dedicated database with N published listings (default 100,000) of
 * 1–3 variants each, with kk/ru/en titles and descriptions built from craft word lists,
 * spread over the seeded categories, Kazakhstan's regions and a few thousand shops
 * whose makers are partly members of a few associations.
 *
 *   ts-node --transpile-only src/cli/generate-catalogue.ts [--listings 100000]
 *     [--database-url postgres://…/sheber_bench] [--seed 1] [--workers 2] [--force]
 *
 * It WIPES the catalogue, shops, makers and associations of that database first, so it
 * refuses a database whose name does not contain "bench" unless given --force.
 * Rows go in with one INSERT … SELECT FROM unnest(…) per table per batch of listings
 * (two batches in flight, one per core) while the loaded tables' secondary indexes are
 * dropped; the indexes are then built once (two at a time), and VACUUM ANALYZE sets the
 * visibility map (index-only scans) and the statistics. Most of the time goes into
 * PostgreSQL computing the generated tsvector columns. It prints its elapsed time and
 * writes it to bench-results/generate-catalogue-<database>.json for the bench's table; a
 * row in `bench_catalogue` marks a complete run (the bench regenerates without one).
 */

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sheber_bench';
export const BENCH_PASSWORD = 'bench-password-1';

export interface GenerateOptions {
  databaseUrl: string;
  listings: number;
  seed: number;
  workers: number;
  batchSize: number;
  force: boolean;
  /** Show a progress bar (a TTY) or print a line every 10 %. */
  progress: 'bar' | 'lines' | 'none';
}

export interface GenerateResult {
  database: string;
  listings: number;
  otherListings: number;
  variants: number;
  images: number;
  shops: number;
  makers: number;
  associations: number;
  elapsedMs: number;
}

// ---------------------------------------------------------------- word lists

type Trio = [kk: string, ru: string, en: string];
type Gender = 'm' | 'f' | 'n' | 'p';
type OptionKind = 'rug' | 'ring' | 'clothes' | 'colour' | 'set' | 'none';

interface Item {
  kk: string;
  ru: string;
  g: Gender;
  en: string;
}

interface CategoryWords {
  slug: string;
  weight: number;
  items: Item[];
  materials: string[];
  sentences: Trio[];
  /** Price range of the base variant, in tenge. */
  price: [number, number];
  options: OptionKind;
  colours: boolean;
  patterns: boolean;
  madeToOrder: number;
}

const i = (kk: string, ru: string, g: Gender, en: string): Item => ({ kk, ru, g, en });

const MATERIALS: Record<string, Trio> = {
  wool: ['жүн', 'шерсть', 'wool'],
  felt: ['киіз', 'войлок', 'felt'],
  camel: ['түйе жүні', 'верблюжья шерсть', 'camel wool'],
  silk: ['жібек', 'шёлк', 'silk'],
  cotton: ['мақта', 'хлопок', 'cotton'],
  clay: ['саз балшық', 'глина', 'clay'],
  glaze: ['глазурь', 'глазурь', 'glaze'],
  silver: ['күміс', 'серебро', 'silver'],
  carnelian: ['ақық', 'сердолик', 'carnelian'],
  turquoise: ['ақық көк', 'бирюза', 'turquoise'],
  beads: ['моншақ', 'бисер', 'beads'],
  wood: ['ағаш', 'дерево', 'wood'],
  birch: ['қайың', 'берёза', 'birch'],
  walnut: ['жаңғақ ағашы', 'орех', 'walnut'],
  apricot: ['өрік ағашы', 'абрикос', 'apricot wood'],
  leather: ['былғары', 'кожа', 'leather'],
  velvet: ['барқыт', 'бархат', 'velvet'],
  brocade: ['парша', 'парча', 'brocade'],
  canvas: ['кенеп', 'холст', 'canvas'],
  oil: ['майлы бояу', 'масляные краски', 'oil paint'],
  paper: ['қағаз', 'бумага', 'paper'],
  horsehair: ['жылқы қылы', 'конский волос', 'horsehair'],
  reed: ['шиі', 'чий', 'steppe reed'],
  brass: ['жез', 'латунь', 'brass'],
  fur: ['аң терісі', 'мех', 'fur'],
};

const COLOURS: { kk: string; ru: [string, string, string, string]; en: string }[] = [
  { kk: 'қызыл', ru: ['красный', 'красная', 'красное', 'красные'], en: 'red' },
  { kk: 'көк', ru: ['синий', 'синяя', 'синее', 'синие'], en: 'blue' },
  { kk: 'ақ', ru: ['белый', 'белая', 'белое', 'белые'], en: 'white' },
  { kk: 'қара', ru: ['чёрный', 'чёрная', 'чёрное', 'чёрные'], en: 'black' },
  { kk: 'жасыл', ru: ['зелёный', 'зелёная', 'зелёное', 'зелёные'], en: 'green' },
  { kk: 'сары', ru: ['жёлтый', 'жёлтая', 'жёлтое', 'жёлтые'], en: 'yellow' },
  { kk: 'қоңыр', ru: ['коричневый', 'коричневая', 'коричневое', 'коричневые'], en: 'brown' },
  { kk: 'көгілдір', ru: ['голубой', 'голубая', 'голубое', 'голубые'], en: 'sky-blue' },
  { kk: 'бордо түсті', ru: ['бордовый', 'бордовая', 'бордовое', 'бордовые'], en: 'burgundy' },
];

const ADJECTIVES: { kk: string; ru: [string, string, string, string]; en: string }[] = [
  { kk: 'дәстүрлі', ru: ['традиционный', 'традиционная', 'традиционное', 'традиционные'], en: 'traditional' },
  { kk: 'қолдан жасалған', ru: ['рукотворный', 'рукотворная', 'рукотворное', 'рукотворные'], en: 'handmade' },
  { kk: 'сәнді', ru: ['нарядный', 'нарядная', 'нарядное', 'нарядные'], en: 'festive' },
  { kk: 'шағын', ru: ['небольшой', 'небольшая', 'небольшое', 'небольшие'], en: 'small' },
  { kk: 'үлкен', ru: ['большой', 'большая', 'большое', 'большие'], en: 'large' },
  { kk: 'ерекше', ru: ['эксклюзивный', 'эксклюзивная', 'эксклюзивное', 'эксклюзивные'], en: 'one-of-a-kind' },
  { kk: 'сыйлыққа арналған', ru: ['подарочный', 'подарочная', 'подарочное', 'подарочные'], en: 'gift' },
  { kk: 'ою-өрнекті', ru: ['узорчатый', 'узорчатая', 'узорчатое', 'узорчатые'], en: 'patterned' },
  { kk: 'көне үлгідегі', ru: ['старинный', 'старинная', 'старинное', 'старинные'], en: 'antique-style' },
  { kk: 'ұлттық', ru: ['национальный', 'национальная', 'национальное', 'национальные'], en: 'national' },
  { kk: 'авторлық', ru: ['авторский', 'авторская', 'авторское', 'авторские'], en: 'signature' },
];

const ORNAMENTS: Trio[] = [
  ['қошқар мүйіз', 'кошкар муйиз', "ram's horn"],
  ['құс қанат', 'кус канат', 'bird wing'],
  ['түйе табан', 'туйе табан', 'camel foot'],
  ['тұмар', 'тумар', 'amulet'],
  ['ит құйрық', 'ит куйрык', 'dog tail'],
  ['сынық мүйіз', 'сынык муйиз', 'broken horn'],
  ['төрт құлақ', 'торт кулак', 'four ears'],
  ['шаңырақ', 'шанырак', 'shanyrak'],
];

const CITIES: Record<string, Trio> = {
  astana: ['Астана', 'Астана', 'Astana'],
  almaty: ['Алматы', 'Алматы', 'Almaty'],
  shymkent: ['Шымкент', 'Шымкент', 'Shymkent'],
  abai: ['Семей', 'Семей', 'Semey'],
  akmola: ['Көкшетау', 'Кокшетау', 'Kokshetau'],
  aktobe: ['Ақтөбе', 'Актобе', 'Aktobe'],
  almaty_region: ['Қонаев', 'Конаев', 'Konaev'],
  atyrau: ['Атырау', 'Атырау', 'Atyrau'],
  east_kazakhstan: ['Өскемен', 'Усть-Каменогорск', 'Oskemen'],
  zhambyl: ['Тараз', 'Тараз', 'Taraz'],
  zhetisu: ['Талдықорған', 'Талдыкорган', 'Taldykorgan'],
  west_kazakhstan: ['Орал', 'Уральск', 'Oral'],
  karaganda: ['Қарағанды', 'Караганда', 'Karaganda'],
  kostanay: ['Қостанай', 'Костанай', 'Kostanay'],
  kyzylorda: ['Қызылорда', 'Кызылорда', 'Kyzylorda'],
  mangystau: ['Ақтау', 'Актау', 'Aktau'],
  pavlodar: ['Павлодар', 'Павлодар', 'Pavlodar'],
  north_kazakhstan: ['Петропавл', 'Петропавловск', 'Petropavl'],
  turkestan: ['Түркістан', 'Туркестан', 'Turkistan'],
  ulytau: ['Жезқазған', 'Жезказган', 'Zhezkazgan'],
};

// The big cities and the south have most of the makers.
const REGION_WEIGHTS: Record<string, number> = { almaty: 14, astana: 10, shymkent: 9, turkestan: 9, almaty_region: 6, zhambyl: 5, kyzylorda: 4 };

const CATEGORY_WORDS: CategoryWords[] = [
  {
    slug: 'syrmak', weight: 6, options: 'rug', colours: true, patterns: true, madeToOrder: 0.3, price: [40_000, 450_000],
    materials: ['wool', 'felt', 'cotton'],
    items: [i('сырмақ', 'сырмак', 'm', 'syrmak rug'), i('киіз сырмақ', 'войлочный сырмак', 'm', 'felt syrmak'), i('сырмақ кілем', 'ковёр-сырмак', 'm', 'syrmak carpet'), i('төсеніш сырмақ', 'напольный сырмак', 'm', 'floor syrmak')],
    sentences: [
      ['Сырмақ екі түсті киізден ою қиып, қолмен тігу арқылы жасалған.', 'Сырмак выполнен в технике мозаики из войлока двух цветов и прошит вручную.', 'The syrmak is a mosaic of two colours of felt, stitched by hand.'],
      ['Бұл кілем еденге де, қабырғаға да жарасады.', 'Этот ковёр подойдёт и для пола, и для стены.', 'This rug suits both the floor and the wall.'],
      ['Кілемнің жиегі түйе жүнінен иірілген жіппен көмкерілген.', 'Край ковра обшит шнуром из верблюжьей шерсти.', 'The edge of the rug is bound with camel-wool cord.'],
    ],
  },
  {
    slug: 'tekemet', weight: 5, options: 'rug', colours: true, patterns: true, madeToOrder: 0.3, price: [35_000, 380_000],
    materials: ['wool', 'felt', 'camel'],
    items: [i('текемет', 'текемет', 'm', 'tekemet rug'), i('басылған киіз текемет', 'валяный текемет', 'm', 'pressed felt tekemet'), i('текемет кілем', 'войлочный ковёр текемет', 'm', 'tekemet felt carpet')],
    sentences: [
      ['Текемет жүнді басу әдісімен жасалған, ою-өрнегі киізге басылып енгізілген.', 'Текемет изготовлен методом валяния, узор вкатан в войлок.', 'The tekemet is felted by hand; the pattern is rolled into the felt.'],
      ['Жұмсақ әрі жылы кілем, балалар бөлмесіне де ыңғайлы.', 'Мягкий и тёплый ковёр, подойдёт и для детской.', 'A soft and warm rug, good for a nursery too.'],
    ],
  },
  {
    slug: 'pile-carpets', weight: 5, options: 'rug', colours: true, patterns: true, madeToOrder: 0.4, price: [80_000, 900_000],
    materials: ['wool', 'silk', 'cotton'],
    items: [i('түкті кілем', 'ворсовый ковёр', 'm', 'pile carpet'), i('жүн кілем', 'шерстяной ковёр', 'm', 'wool carpet'), i('қолдан тоқылған кілем', 'ковёр ручной работы', 'm', 'hand-knotted carpet'), i('қабырға кілемі', 'настенный ковёр', 'm', 'wall carpet'), i('кілемше', 'коврик', 'm', 'small rug')],
    sentences: [
      ['Кілем қолмен тоқылған, бір шаршы метрінде мыңдаған түйін бар.', 'Ковёр соткан вручную, в каждом квадратном метре тысячи узлов.', 'The carpet is hand-knotted, with thousands of knots per square metre.'],
      ['Жүні табиғи өсімдік бояуларымен боялған.', 'Шерсть окрашена натуральными растительными красителями.', 'The wool is coloured with natural plant dyes.'],
    ],
  },
  {
    slug: 'tuskiiz', weight: 3, options: 'rug', colours: true, patterns: true, madeToOrder: 0.5, price: [60_000, 600_000],
    materials: ['velvet', 'silk', 'cotton'],
    items: [i('тұскиіз', 'тускииз', 'm', 'tuskiiz wall hanging'), i('кестелі тұскиіз', 'вышитый тускииз', 'm', 'embroidered tuskiiz'), i('тұскиіз панно', 'настенное панно тускииз', 'n', 'tuskiiz wall panel')],
    sentences: [
      ['Тұскиіз — киіз үйдің төріне ілінетін кестелі кілем.', 'Тускииз — вышитый настенный ковёр для почётного места в юрте.', 'A tuskiiz is an embroidered hanging for the place of honour in a yurt.'],
      ['Кесте барқытқа жібек жіппен тігілген.', 'Вышивка выполнена шёлком по бархату.', 'Embroidered in silk on velvet.'],
    ],
  },
  {
    slug: 'felt-goods', weight: 6, options: 'colour', colours: true, patterns: true, madeToOrder: 0.1, price: [3_000, 45_000],
    materials: ['felt', 'wool'],
    items: [i('киіз тәпішке', 'войлочные тапочки', 'p', 'felt slippers'), i('киіз сөмке', 'войлочная сумка', 'f', 'felt bag'), i('киіз ойыншық', 'войлочная игрушка', 'f', 'felt toy'), i('киіз жастық', 'войлочная подушка', 'f', 'felt cushion'), i('киіз кесе қап', 'войлочный чехол для пиалы', 'm', 'felt cup cosy'), i('киіз табан', 'войлочные стельки', 'p', 'felt insoles')],
    sentences: [
      ['Киіз табиғи қой жүнінен қолмен басылған.', 'Войлок свалян вручную из натуральной овечьей шерсти.', 'The felt is hand-made from natural sheep wool.'],
      ['Киіз жылуды сақтап, ауа өткізеді.', 'Войлок хранит тепло и пропускает воздух.', 'Felt keeps the warmth in and lets the air through.'],
      ['Жұмсақ киізден жасалған, күнделікті қолдануға ыңғайлы.', 'Сделано из мягкого войлока, удобно в повседневной жизни.', 'Made of soft felt, practical for every day.'],
    ],
  },
  {
    slug: 'embroidery', weight: 3, options: 'colour', colours: true, patterns: true, madeToOrder: 0.2, price: [6_000, 90_000],
    materials: ['silk', 'cotton', 'velvet'],
    items: [i('кестелі жастық тысы', 'вышитая наволочка', 'f', 'embroidered cushion cover'), i('кестелі дастарқан', 'вышитая скатерть', 'f', 'embroidered tablecloth'), i('кестелі сүлгі', 'вышитое полотенце', 'n', 'embroidered towel'), i('кестелі панно', 'вышитое панно', 'n', 'embroidered panel')],
    sentences: [['Кесте жібек жіппен біз кесте әдісімен тігілген.', 'Вышивка выполнена шёлковой нитью тамбурным швом.', 'Embroidered with silk thread in chain stitch.']],
  },
  {
    slug: 'weaving', weight: 2, options: 'rug', colours: true, patterns: true, madeToOrder: 0.3, price: [15_000, 200_000],
    materials: ['wool', 'camel', 'cotton'],
    items: [i('алаша', 'безворсовый ковёр алаша', 'm', 'alasha flat-weave rug'), i('бау-басқұр', 'тканая лента баскур', 'f', 'baskur woven band'), i('тоқылған жолсырмақ', 'тканая дорожка', 'f', 'woven runner')],
    sentences: [['Өрмек станогында дәстүрлі әдіспен тоқылған.', 'Соткано на традиционном горизонтальном станке.', 'Woven on a traditional horizontal loom.']],
  },
  {
    slug: 'pottery', weight: 5, options: 'set', colours: true, patterns: true, madeToOrder: 0.1, price: [2_500, 60_000],
    materials: ['clay', 'glaze'],
    items: [i('қыш құмыра', 'глиняный кувшин', 'm', 'clay jug'), i('қыш кесе', 'керамическая пиала', 'f', 'ceramic tea bowl'), i('кесе жиынтығы', 'набор пиал', 'm', 'set of tea bowls'), i('қыш табақ', 'керамическое блюдо', 'n', 'ceramic dish'), i('қыш шәйнек', 'керамический чайник', 'm', 'ceramic teapot')],
    sentences: [
      ['Ыдыс қыш шеңберінде қолмен жасалып, пеште күйдірілген.', 'Посуда сделана на гончарном круге и обожжена в печи.', "Thrown on a potter's wheel and kiln-fired."],
      ['Глазурі тағамға қауіпсіз, ыдыс жуғыш машинада жууға болады.', 'Глазурь безопасна для пищи, можно мыть в посудомоечной машине.', 'Food-safe glaze, dishwasher safe.'],
    ],
  },
  {
    slug: 'decorative-ceramics', weight: 3, options: 'none', colours: true, patterns: true, madeToOrder: 0.1, price: [4_000, 120_000],
    materials: ['clay', 'glaze'],
    items: [i('сәндік тәрелке', 'декоративная тарелка', 'f', 'decorative plate'), i('қыш мүсін', 'керамическая статуэтка', 'f', 'ceramic figurine'), i('керамика ваза', 'керамическая ваза', 'f', 'ceramic vase')],
    sentences: [['Қолмен боялған, әр бұйым бірегей.', 'Расписано вручную, каждая вещь уникальна.', 'Hand-painted; every piece is unique.']],
  },
  {
    slug: 'silver-jewellery', weight: 6, options: 'ring', colours: false, patterns: true, madeToOrder: 0.2, price: [8_000, 350_000],
    materials: ['silver', 'carnelian', 'turquoise'],
    items: [i('күміс сырға', 'серебряные серьги', 'p', 'silver earrings'), i('күміс білезік', 'серебряный браслет', 'm', 'silver bracelet'), i('күміс жүзік', 'серебряное кольцо', 'n', 'silver ring'), i('күміс алқа', 'серебряное колье алка', 'n', 'silver alka necklace'), i('шолпы', 'накосное украшение шолпы', 'n', 'sholpy hair ornament'), i('күміс тұмар', 'серебряный тумар', 'm', 'silver tumar amulet')],
    sentences: [
      ['925 сынамалы күмістен соғылған, ақықпен әшекейленген.', 'Из серебра 925 пробы, украшено сердоликом.', 'Sterling silver (925) set with carnelian.'],
      ['Күміс бұйым зергердің өз шеберханасында қолмен соғылған.', 'Серебряное украшение выковано вручную в мастерской ювелира.', "The silver piece is hand-forged in the jeweller's workshop."],
    ],
  },
  {
    slug: 'beadwork', weight: 2, options: 'colour', colours: true, patterns: false, madeToOrder: 0.1, price: [2_000, 40_000],
    materials: ['beads', 'silk'],
    items: [i('моншақ алқа', 'бусы из бисера', 'p', 'beaded necklace'), i('моншақ білезік', 'браслет из бисера', 'm', 'beaded bracelet'), i('моншақ сырға', 'серьги из бисера', 'p', 'beaded earrings')],
    sentences: [['Чех моншағынан жібек жіпке тізілген.', 'Сплетено из чешского бисера на шёлковой нити.', 'Woven from Czech beads on silk thread.']],
  },
  {
    slug: 'wooden-tableware', weight: 4, options: 'set', colours: false, patterns: true, madeToOrder: 0.2, price: [3_000, 70_000],
    materials: ['wood', 'birch', 'apricot'],
    items: [i('ағаш тостаған', 'деревянная чаша', 'f', 'wooden bowl'), i('ожау', 'деревянный половник', 'm', 'wooden ladle'), i('ағаш табақ', 'деревянное блюдо', 'n', 'wooden platter'), i('қымыз ыдысы', 'посуда для кумыса', 'f', 'kumis vessel'), i('ағаш қасық жиынтығы', 'набор деревянных ложек', 'm', 'set of wooden spoons')],
    sentences: [['Ағаш ыдыс тағамға қауіпсіз зығыр майымен сіңдірілген.', 'Деревянная посуда пропитана пищевым льняным маслом.', 'The wooden ware is finished with food-safe linseed oil.']],
  },
  {
    slug: 'wood-carving', weight: 3, options: 'none', colours: false, patterns: true, madeToOrder: 0.5, price: [10_000, 500_000],
    materials: ['wood', 'walnut', 'brass'],
    items: [i('оюлы сандық', 'резной сундук', 'm', 'carved chest'), i('кебеже', 'резной шкаф кебеже', 'm', 'kebezhe cabinet'), i('оюлы қобдиша', 'резная шкатулка', 'f', 'carved box'), i('ағаш панно', 'резное деревянное панно', 'n', 'carved wooden panel')],
    sentences: [['Ою қолмен, бір тұтас ағаштан ойылған.', 'Резьба выполнена вручную по цельному дереву.', 'Carved by hand from solid wood.']],
  },
  {
    slug: 'leather-goods', weight: 4, options: 'colour', colours: true, patterns: true, madeToOrder: 0.2, price: [6_000, 150_000],
    materials: ['leather', 'brass'],
    items: [i('былғары сөмке', 'кожаная сумка', 'f', 'leather bag'), i('былғары әмиян', 'кожаный кошелёк', 'm', 'leather wallet'), i('былғары белбеу', 'кожаный ремень', 'm', 'leather belt'), i('торсық', 'кожаная фляга торсык', 'f', 'torsyk leather flask')],
    sentences: [['Табиғи былғарыдан қолмен тігілген, жиектері балауызбен өңделген.', 'Сшито вручную из натуральной кожи, торцы обработаны воском.', 'Hand-stitched from genuine leather with waxed edges.']],
  },
  {
    slug: 'horse-tack', weight: 2, options: 'none', colours: false, patterns: true, madeToOrder: 0.6, price: [8_000, 700_000],
    materials: ['leather', 'silver', 'wood'],
    items: [i('ер-тұрман', 'седло с упряжью', 'n', 'saddle with tack'), i('қамшы', 'камча', 'f', 'kamcha whip'), i('жүген', 'уздечка', 'f', 'bridle')],
    sentences: [['Ер-тұрман күміс әшекеймен безендірілген.', 'Сбруя украшена серебряными накладками.', 'The tack is decorated with silver mounts.']],
  },
  {
    slug: 'paintings', weight: 3, options: 'none', colours: false, patterns: false, madeToOrder: 0.2, price: [20_000, 1_500_000],
    materials: ['canvas', 'oil'],
    items: [i('майлы бояу картина', 'картина маслом', 'f', 'oil painting'), i('дала пейзажы', 'степной пейзаж', 'm', 'steppe landscape'), i('портрет', 'портрет', 'm', 'portrait'), i('тау көрінісі', 'горный пейзаж', 'm', 'mountain landscape')],
    sentences: [['Кенепке майлы бояумен салынған, рамасымен бірге.', 'Написано маслом на холсте, продаётся с рамой.', 'Oil on canvas, sold framed.']],
  },
  {
    slug: 'graphics', weight: 1, options: 'none', colours: false, patterns: false, madeToOrder: 0.1, price: [8_000, 250_000],
    materials: ['paper'],
    items: [i('графикалық сурет', 'графический рисунок', 'm', 'drawing'), i('литография', 'литография', 'f', 'lithograph')],
    sentences: [['Мұрағаттық қағазға басылған, авторлық қолтаңбасы бар.', 'Напечатано на архивной бумаге, подписано автором.', 'Printed on archival paper, signed by the artist.']],
  },
  {
    slug: 'dombra', weight: 4, options: 'none', colours: false, patterns: true, madeToOrder: 0.5, price: [40_000, 600_000],
    materials: ['wood', 'walnut', 'apricot'],
    items: [i('домбыра', 'домбра', 'f', 'dombra'), i('оюлы домбыра', 'резная домбра', 'f', 'carved dombra'), i('концерттік домбыра', 'концертная домбра', 'f', 'concert dombra'), i('балаларға арналған домбыра', 'детская домбра', 'f', "children's dombra")],
    sentences: [
      ['Домбыраның шанағы бір тұтас ағаштан ойылған, үні ашық әрі жұмсақ.', 'Корпус домбры выдолблен из цельного дерева, звук чистый и мягкий.', "The dombra's body is carved from one piece of wood; the sound is clear and soft."],
      ['Шебер әр аспапты өзі баптап, күйге келтіреді.', 'Мастер сам настраивает и регулирует каждый инструмент.', 'The maker sets up and tunes every instrument.'],
    ],
  },
  {
    slug: 'kobyz', weight: 1, options: 'none', colours: false, patterns: true, madeToOrder: 0.7, price: [80_000, 700_000],
    materials: ['wood', 'horsehair', 'leather'],
    items: [i('қыл қобыз', 'кыл-кобыз', 'm', 'kyl-kobyz'), i('қобыз', 'кобыз', 'm', 'kobyz')],
    sentences: [['Қобыздың ішектері жылқы қылынан жасалған.', 'Струны кобыза сделаны из конского волоса.', "The kobyz's strings are made of horsehair."]],
  },
  {
    slug: 'zhetigen', weight: 1, options: 'none', colours: false, patterns: true, madeToOrder: 0.7, price: [60_000, 500_000],
    materials: ['wood', 'horsehair'],
    items: [i('жетіген', 'жетыген', 'm', 'zhetigen zither'), i('сыбызғы', 'сыбызгы', 'f', 'sybyzgy flute'), i('шаңқобыз', 'шанкобыз', 'm', 'shankobyz jaw harp')],
    sentences: [['Аспап ұлттық музыкалық дәстүр бойынша жасалған.', 'Инструмент изготовлен по народной традиции.', 'The instrument is made following the folk tradition.']],
  },
  {
    slug: 'headwear', weight: 3, options: 'clothes', colours: true, patterns: true, madeToOrder: 0.3, price: [5_000, 400_000],
    materials: ['velvet', 'felt', 'fur', 'silver'],
    items: [i('тақия', 'тюбетейка такия', 'f', 'takiya skullcap'), i('сәукеле', 'свадебный головной убор саукеле', 'm', 'saukele bridal headdress'), i('бөрік', 'шапка борик', 'f', 'borik fur hat'), i('ақ қалпақ', 'белый калпак', 'm', 'white kalpak')],
    sentences: [['Бас киім ұлттық үлгіде, қолмен тігілген.', 'Головной убор сшит вручную по национальному образцу.', 'The headwear is hand-sewn after a national model.']],
  },
  {
    slug: 'chapan', weight: 3, options: 'clothes', colours: true, patterns: true, madeToOrder: 0.4, price: [25_000, 450_000],
    materials: ['velvet', 'brocade', 'silk'],
    items: [i('шапан', 'чапан', 'm', 'chapan robe'), i('барқыт шапан', 'бархатный чапан', 'm', 'velvet chapan'), i('камзол', 'камзол', 'm', 'kamzol waistcoat'), i('ұлттық көйлек', 'платье в национальном стиле', 'n', 'national-style dress')],
    sentences: [['Шапан барқыттан тігіліп, алтын жіппен кестеленген.', 'Чапан сшит из бархата и расшит золотой нитью.', 'The chapan is sewn from velvet and embroidered in gold thread.']],
  },
  {
    slug: 'yurt-interior', weight: 2, options: 'none', colours: false, patterns: true, madeToOrder: 0.6, price: [10_000, 2_500_000],
    materials: ['wood', 'felt', 'reed', 'wool'],
    items: [i('шаңырақ макеті', 'макет шанырака', 'm', 'shanyrak model'), i('киіз үй макеті', 'макет юрты', 'm', 'yurt model'), i('шым шиі', 'циновка чий', 'f', 'chiy reed screen'), i('киіз үй', 'юрта', 'f', 'yurt')],
    sentences: [['Киіз үйдің жабдығы дәстүрлі әдіспен жасалған.', 'Убранство юрты изготовлено традиционным способом.', 'The yurt furnishing is made the traditional way.']],
  },
  {
    slug: 'souvenirs', weight: 6, options: 'set', colours: true, patterns: true, madeToOrder: 0.05, price: [800, 15_000],
    materials: ['wood', 'felt', 'clay', 'leather'],
    items: [i('магнит', 'магнит', 'm', 'fridge magnet'), i('кілт салғыш', 'брелок', 'm', 'keyring'), i('асық жиынтығы', 'набор асыков', 'm', 'asyk game set'), i('қуыршақ', 'кукла в национальном костюме', 'f', 'doll in national costume'), i('киіз үй сувенирі', 'сувенирная юрта', 'f', 'souvenir yurt')],
    sentences: [['Қазақстаннан естелік ретінде тамаша сыйлық.', 'Отличный подарок на память о Казахстане.', 'A lovely keepsake from Kazakhstan.']],
  },
];

// Sentences any listing may use; {city} is the shop's city.
const GENERIC_SENTENCES: Trio[] = [
  ['Әр бұйым бірегей, суреттегіден сәл өзгеше болуы мүмкін.', 'Каждое изделие уникально и может немного отличаться от фото.', 'Every piece is unique and may differ slightly from the photo.'],
  ['Үйге жылулық пен ұлттық нақыш береді.', 'Придаст дому тепло и национальный колорит.', 'Brings warmth and a national touch to any home.'],
  ['Сыйлыққа тамаша таңдау.', 'Прекрасный выбор для подарка.', 'A perfect gift.'],
  ['Қазақстан бойынша жеткізу бар, хабқа келіп алуға да болады.', 'Доставка по всему Казахстану или самовывоз из хаба.', 'Delivery across Kazakhstan, or pick up at the hub.'],
  ['Шеберлік атадан балаға мұра болып келеді.', 'Мастерство передаётся в семье из поколения в поколение.', 'The craft has passed down the family for generations.'],
  ['Сұрақтарыңыз болса, шеберге жазыңыз.', 'Если есть вопросы, напишите мастеру.', 'Write to the maker if you have any questions.'],
];
const TEXTILE_CARE: Trio = ['Күтімі: тек құрғақ тазалау, күн сәулесінен аулақ ұстаңыз.', 'Уход: только сухая чистка, беречь от прямого солнца.', 'Care: dry clean only, keep out of direct sunlight.'];

const SIZES_RUG = ['1×1,5 м', '1,5×2 м', '2×3 м', '2,5×3,5 м', '3×4 м'];
const SIZES_RING = ['16', '17', '18', '19', '20'];
const SIZES_CLOTHES = ['S', 'M', 'L', 'XL'];
const SETS = ['1 дана / 1 шт.', '2 дана / 2 шт.', '4 дана / 4 шт.', '6 дана / 6 шт.'];

const FIRST_NAMES = ['Айгүл', 'Асқар', 'Бақыт', 'Гүлнар', 'Дәулет', 'Ержан', 'Жанар', 'Зарина', 'Қайрат', 'Ләззат', 'Мұрат', 'Нұрлан', 'Perizat', 'Сәуле', 'Тимур', 'Ұлжан', 'Айдос', 'Динара', 'Ерлан', 'Мәдина', 'Сергей', 'Ольга', 'Әсел', 'Болат'];
const LAST_NAMES = ['Ахметов', 'Бекова', 'Жұмабаев', 'Исаева', 'Қасымов', 'Нұрғалиева', 'Оспанов', 'Сейітова', 'Тоқтаров', 'Әбенова', 'Иванова', 'Серікбаев', 'Омарова', 'Досмағамбетов'];
const SHOP_WORDS = ['Қазына', 'Шебер', 'Өрнек', 'Мұра', 'Нұр', 'Алтын', 'Дала', 'Тұмар', 'Ою', 'Сәулет', 'Жібек жолы', 'Көкжиек', 'Ақ орда', 'Шаңырақ', 'Бесік', 'Самал', 'Тамыр', 'Жұлдыз'];
const SHOP_SUFFIXES = ['шеберханасы', 'үйі', 'Craft', 'Studio', 'Art', 'шеберлері'];

// ---------------------------------------------------------------- helpers

/** mulberry32: a small seeded PRNG, so that the same seed gives the same catalogue. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
    weighted: <T>(list: readonly T[], weight: (t: T) => number): (() => T) => {
      const cumulative: number[] = [];
      let total = 0;
      for (const item of list) cumulative.push((total += weight(item)));
      return () => {
        const x = next() * total;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid] > x) hi = mid;
          else lo = mid + 1;
        }
        return list[lo];
      };
    },
  };
}
type Rng = ReturnType<typeof prng>;

/** Upper-cases the first letter (after an opening quote, if any). */
const capitalize = (s: string) => s.replace(/\p{L}/u, (c) => c.toLocaleUpperCase());
const genderIndex: Record<Gender, number> = { m: 0, f: 1, n: 2, p: 3 };

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** Creates the database when missing; true when it did. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name "${name}"`);
  const admin = new Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Applies pending migrations to the bench database (the same code path as the API's start). */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = new DataSource(databaseOptions({ url, poolSize: 2, slowQueryMs: 0 }));
  await dataSource.initialize();
  try {
    return await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------- indexes and readiness

/** Written last by a complete run: the bench trusts a catalogue only with this row. */
export const MARKER_TABLE = 'bench_catalogue';
/** Secondary indexes dropped for the load, kept here until rebuilt (a crashed run is repaired by the next). */
const DEFERRED_TABLE = 'bench_deferred_indexes';
const LOADED_TABLES = ['listings', 'listing_variants', 'listing_images'];

/**
 * Drops the secondary indexes of the tables the load fills (building an index once over
 * 100,000 rows is several times cheaper than maintaining it row by row, GIN above all).
 * Indexes that back constraints (primary keys, unique SKUs) stay.
 */
async function deferIndexes(pool: Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${DEFERRED_TABLE} (name text PRIMARY KEY, definition text NOT NULL)`);
  await pool.query(
    `INSERT INTO ${DEFERRED_TABLE} (name, definition)
     SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     ON CONFLICT (name) DO NOTHING`,
    [LOADED_TABLES],
  );
  const { rows } = await pool.query(`SELECT name FROM ${DEFERRED_TABLE}`);
  for (const { name } of rows) await pool.query(`DROP INDEX IF EXISTS "${name}"`);
}

/** Builds the deferred indexes again, largest first, on `workers` connections at once. */
async function restoreIndexes(pool: Pool, workers: number): Promise<void> {
  const { rows } = await pool.query<{ name: string; definition: string }>(
    `SELECT name, definition FROM ${DEFERRED_TABLE} ORDER BY (definition LIKE '%USING gin%') DESC, name`,
  );
  const queue = [...rows];
  const worker = async () => {
    const client = await pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '256MB'`);
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { rows: exists } = await client.query('SELECT to_regclass($1) AS oid', [next.name]);
        if (!exists[0].oid) await client.query(next.definition);
        await client.query(`DELETE FROM ${DEFERRED_TABLE} WHERE name = $1`, [next.name]);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
}

/** Published listings of a complete generator run in that database, or null when there is none. */
export async function catalogueSize(url: string): Promise<number | null> {
  const name = databaseName(url);
  const admin = new Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return null;
  } finally {
    await admin.end();
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT to_regclass('${MARKER_TABLE}') IS NOT NULL AS marked, to_regclass('${DEFERRED_TABLE}') IS NOT NULL AS deferred`,
    );
    if (!rows[0].marked) return null;
    if (rows[0].deferred && (await client.query(`SELECT 1 FROM ${DEFERRED_TABLE} LIMIT 1`)).rowCount) return null;
    const marker = await client.query(`SELECT listings FROM ${MARKER_TABLE} LIMIT 1`);
    if (!marker.rowCount) return null;
    const { rows: counted } = await client.query(`SELECT count(*)::int AS n FROM listings WHERE status = 'published'`);
    return counted[0].n;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- generation

interface ShopRow {
  id: string;
  ownerId: string;
  region: string;
  city: Trio;
}

interface CategoryRef {
  id: string;
  words: CategoryWords;
}

interface ListingBatch {
  listings: {
    id: string[];
    shop: string[];
    category: string[];
    status: string[];
    title: string[];
    description: string[];
    materials: string[];
    madeToOrder: boolean[];
    leadTime: (number | null)[];
    minPrice: number[];
    inStock: boolean[];
    pendingRevision: (string | null)[];
    moderationNote: (string | null)[];
    submittedAt: (string | null)[];
    publishedAt: (string | null)[];
    createdAt: string[];
    updatedAt: string[];
  };
  variants: { listing: string[]; shop: string[]; sku: string[]; options: string[]; price: number[]; stock: number[]; position: number[] };
  images: { listing: string[]; position: number[]; contentType: string[]; width: number[]; height: number[]; size: number[]; path: string[]; thumb: string[] };
}

const LANGUAGE_SETS: { langs: [boolean, boolean, boolean]; weight: number }[] = [
  { langs: [true, true, true], weight: 50 },
  { langs: [true, true, false], weight: 22 },
  { langs: [false, true, true], weight: 10 },
  { langs: [false, true, false], weight: 10 },
  { langs: [true, false, false], weight: 8 },
];

function localized(trio: Trio, langs: [boolean, boolean, boolean]): Record<string, string> {
  const out: Record<string, string> = {};
  if (langs[0]) out.kk = trio[0];
  if (langs[1]) out.ru = trio[1];
  if (langs[2]) out.en = trio[2];
  return out;
}

class ListingFactory {
  private readonly pickCategory: () => CategoryRef;
  private readonly pickLangs: () => (typeof LANGUAGE_SETS)[number];
  private seq = 0;

  constructor(
    private readonly rng: Rng,
    categories: CategoryRef[],
    private readonly shops: ShopRow[],
  ) {
    this.pickCategory = rng.weighted(categories, (c) => c.words.weight);
    this.pickLangs = rng.weighted(LANGUAGE_SETS, (l) => l.weight);
  }

  newBatch(): ListingBatch {
    return {
      listings: {
        id: [], shop: [], category: [], status: [], title: [], description: [], materials: [], madeToOrder: [], leadTime: [],
        minPrice: [], inStock: [], pendingRevision: [], moderationNote: [], submittedAt: [], publishedAt: [], createdAt: [], updatedAt: [],
      },
      variants: { listing: [], shop: [], sku: [], options: [], price: [], stock: [], position: [] },
      images: { listing: [], position: [], contentType: [], width: [], height: [], size: [], path: [], thumb: [] },
    };
  }

  /** Adds one listing created at `createdAt` (ms) with the given status to the batch. */
  add(batch: ListingBatch, createdAt: number, status: string, now: number): void {
    const { rng } = this;
    const seq = ++this.seq;
    const category = this.pickCategory();
    const w = category.words;
    const shop = this.shops[Math.floor(rng.next() ** 1.6 * this.shops.length)]; // a few big shops, a long tail of small ones
    const id = randomUUID();
    const langs = this.pickLangs().langs;
    const item = rng.pick(w.items);
    const title = this.title(w, item, shop);
    const madeToOrder = rng.chance(w.madeToOrder);
    const leadTime = madeToOrder ? rng.pick([7, 10, 14, 21, 30, 45, 60]) : null;
    const materialKeys = w.materials.filter(() => rng.chance(0.6));
    if (!materialKeys.length) materialKeys.push(w.materials[0]);
    const description = this.description(w, shop, materialKeys, leadTime);

    const L = batch.listings;
    L.id.push(id);
    L.shop.push(shop.id);
    L.category.push(category.id);
    L.status.push(status);
    L.title.push(JSON.stringify(localized(title, langs)));
    L.description.push(JSON.stringify(localized(description, langs)));
    L.materials.push(materialKeys.flatMap((k) => [MATERIALS[k][0], MATERIALS[k][1]]).join('|'));
    L.madeToOrder.push(madeToOrder);
    L.leadTime.push(leadTime);

    // Variants: the base price and 0–2 more options (sizes, colours, sets).
    const base = Math.round(rng.int(w.price[0], w.price[1]) / 500) * 500 || 500;
    const count = rng.int(1, 3);
    const values = this.optionValues(w, count);
    let min = Infinity;
    let inStock = false;
    for (let k = 0; k < count; k++) {
      const price = Math.round((base * (1 + k * rng.int(10, 45) / 100)) / 100) * 100 * 100; // tiyn
      const stock = madeToOrder ? (rng.chance(0.3) ? rng.int(1, 3) : 0) : rng.chance(0.12) ? 0 : rng.int(1, 25);
      min = Math.min(min, price);
      inStock ||= stock > 0;
      batch.variants.listing.push(id);
      batch.variants.shop.push(shop.id);
      batch.variants.sku.push(`${w.slug.slice(0, 3).toUpperCase()}-${seq.toString(36).toUpperCase()}-${k + 1}`);
      batch.variants.options.push(JSON.stringify(values[k]));
      batch.variants.price.push(price);
      batch.variants.stock.push(stock);
      batch.variants.position.push(k);
    }
    L.minPrice.push(min);
    L.inStock.push(inStock);

    const published = status === 'published' || status === 'archived';
    const publishedAt = published ? createdAt + rng.int(2, 72) * 3_600_000 : null;
    const updatedAt = Math.min(now, (publishedAt ?? createdAt) + rng.int(0, 30) * 86_400_000);
    const pendingEdit = status === 'published' && rng.chance(0.005);
    L.publishedAt.push(publishedAt === null ? null : new Date(publishedAt).toISOString());
    L.createdAt.push(new Date(createdAt).toISOString());
    L.updatedAt.push(new Date(updatedAt).toISOString());
    L.submittedAt.push(status === 'pending_review' || pendingEdit ? new Date(updatedAt).toISOString() : null);
    L.pendingRevision.push(
      pendingEdit ? JSON.stringify({ title: localized(this.title(w, rng.pick(w.items), shop), langs), submittedAt: new Date(updatedAt).toISOString() }) : null,
    );
    L.moderationNote.push(status === 'rejected' ? 'Суреттер анық емес / Фотографии нечёткие' : null);

    // Images: most listings have some (the files themselves are not generated).
    const images = rng.chance(0.8) ? rng.int(1, 4) : 0;
    for (let p = 0; p < images; p++) {
      const imageId = randomUUID();
      const landscape = rng.chance(0.6);
      batch.images.listing.push(id);
      batch.images.position.push(p);
      batch.images.contentType.push('image/jpeg');
      batch.images.width.push(landscape ? 1600 : 1200);
      batch.images.height.push(landscape ? 1200 : 1600);
      batch.images.size.push(rng.int(180_000, 900_000));
      batch.images.path.push(`listings/${id}/${imageId}.jpg`);
      batch.images.thumb.push(`listings/${id}/${imageId}.thumb.webp`);
    }
  }

  private title(w: CategoryWords, item: Item, shop: ShopRow): Trio {
    const { rng } = this;
    const g = genderIndex[item.g];
    const adjectives = w.colours && rng.chance(0.5) ? COLOURS : ADJECTIVES;
    const adj = rng.pick(adjectives);
    const pattern = rng.int(0, w.patterns ? 3 : 2);
    switch (pattern) {
      case 0:
        return [capitalize(`${adj.kk} ${item.kk}`), capitalize(`${adj.ru[g]} ${item.ru}`), capitalize(`${adj.en} ${item.en}`)];
      case 1:
        return [capitalize(`${item.kk}, ${shop.city[0]}`), capitalize(`${item.ru}, ${shop.city[1]}`), capitalize(`${item.en}, ${shop.city[2]}`)];
      case 2: {
        let second = rng.pick(ADJECTIVES);
        while (second === adj) second = rng.pick(ADJECTIVES);
        return [
          capitalize(`${second.kk} ${adj.kk} ${item.kk}`),
          capitalize(`${second.ru[g]} ${adj.ru[g]} ${item.ru}`),
          capitalize(`${second.en} ${adj.en} ${item.en}`),
        ];
      }
      default: {
        const o = rng.pick(ORNAMENTS);
        return [capitalize(`«${o[0]}» оюлы ${item.kk}`), capitalize(`${item.ru} с орнаментом «${o[1]}»`), capitalize(`${item.en} with ${o[2]} pattern`)];
      }
    }
  }

  private description(w: CategoryWords, shop: ShopRow, materialKeys: string[], leadTime: number | null): Trio {
    const { rng } = this;
    const parts: Trio[] = [];
    parts.push([`${shop.city[0]} қаласындағы шеберханада қолмен жасалған.`, `Сделано вручную в мастерской, город ${shop.city[1]}.`, `Handmade in a workshop in ${shop.city[2]}.`]);
    for (const s of w.sentences) if (rng.chance(0.7)) parts.push(s);
    const generic = rng.int(1, 3);
    for (let k = 0; k < generic; k++) parts.push(rng.pick(GENERIC_SENTENCES));
    if (w.options === 'rug' || w.options === 'clothes' || (w.colours && w.materials.includes('felt'))) if (rng.chance(0.4)) parts.push(TEXTILE_CARE);
    const m = materialKeys.map((k) => MATERIALS[k]);
    parts.push([`Материалдары: ${m.map((x) => x[0]).join(', ')}.`, `Материалы: ${m.map((x) => x[1]).join(', ')}.`, `Materials: ${m.map((x) => x[2]).join(', ')}.`]);
    if (leadTime) parts.push([`Тапсырыс бойынша ${leadTime} күнде жасаймыз.`, `Изготовим на заказ за ${leadTime} дней.`, `Made to order in ${leadTime} days.`]);
    const unique = [...new Set(parts)];
    return [unique.map((p) => p[0]).join(' '), unique.map((p) => p[1]).join(' '), unique.map((p) => p[2]).join(' ')];
  }

  private optionValues(w: CategoryWords, count: number): Record<string, string>[] {
    const { rng } = this;
    const distinct = (list: string[]) => {
      const start = rng.int(0, Math.max(0, list.length - count));
      return list.slice(start, start + count);
    };
    switch (w.options) {
      case 'rug':
        return distinct(SIZES_RUG).map((size) => ({ size }));
      case 'ring':
        return distinct(SIZES_RING).map((size) => ({ size }));
      case 'clothes':
        return distinct(SIZES_CLOTHES).map((size) => ({ size }));
      case 'set':
        return distinct(SETS).map((set) => ({ set }));
      case 'colour':
        return distinct(COLOURS.map((c) => `${c.kk} / ${c.ru[0]}`)).map((colour) => ({ colour }));
      default:
        return Array.from({ length: count }, (_, k): Record<string, string> => (k === 0 ? {} : { edition: `${k + 1}` }));
    }
  }
}

const LISTING_SQL = `
  INSERT INTO listings (id, shop_id, category_id, status, title, description, materials, made_to_order, lead_time_days, currency,
                        min_price, in_stock, pending_revision, moderation_note, submitted_at, published_at, created_at, updated_at)
  SELECT id, shop_id, category_id, status, title::jsonb, description::jsonb, string_to_array(materials, '|'), made_to_order, lead_time_days, 'KZT',
         min_price, in_stock, pending_revision::jsonb, moderation_note, submitted_at, published_at, created_at, updated_at
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::int[],
              $10::bigint[], $11::bool[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[])
       AS t(id, shop_id, category_id, status, title, description, materials, made_to_order, lead_time_days,
            min_price, in_stock, pending_revision, moderation_note, submitted_at, published_at, created_at, updated_at)`;

const VARIANT_SQL = `
  INSERT INTO listing_variants (listing_id, shop_id, sku, options, price_amount, currency, stock, position, created_at, updated_at)
  SELECT t.listing_id, t.shop_id, t.sku, t.options::jsonb, t.price, 'KZT', t.stock, t.position, l.created_at, l.updated_at
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[]) AS t(listing_id, shop_id, sku, options, price, stock, position)
  JOIN listings l ON l.id = t.listing_id`;

const IMAGE_SQL = `
  INSERT INTO listing_images (listing_id, position, content_type, width, height, size_bytes, path, thumbnail_path)
  SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[])`;

async function insertBatch(client: PoolClient, batch: ListingBatch): Promise<void> {
  const L = batch.listings;
  const V = batch.variants;
  const I = batch.images;
  await client.query('BEGIN');
  try {
    await client.query(LISTING_SQL, [
      L.id, L.shop, L.category, L.status, L.title, L.description, L.materials, L.madeToOrder, L.leadTime,
      L.minPrice, L.inStock, L.pendingRevision, L.moderationNote, L.submittedAt, L.publishedAt, L.createdAt, L.updatedAt,
    ]);
    await client.query(VARIANT_SQL, [V.listing, V.shop, V.sku, V.options, V.price, V.stock, V.position]);
    if (I.listing.length) await client.query(IMAGE_SQL, [I.listing, I.position, I.contentType, I.width, I.height, I.size, I.path, I.thumb]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Makers, their shops, associations and memberships. */
async function generateParties(pool: Pool, rng: Rng, makers: number): Promise<{ shops: ShopRow[]; associations: number }> {
  const passwordHash = await argon2.hash(BENCH_PASSWORD);
  const pickRegion = rng.weighted(REGION_CODES, (r) => REGION_WEIGHTS[r] ?? 2);

  // A few associations, in the regions with the most makers.
  const associationRegions = ['almaty', 'astana', 'shymkent', 'turkestan', 'almaty_region', 'zhambyl', 'east_kazakhstan', 'mangystau'];
  const associations = associationRegions.map((region, k) => {
    const city = CITIES[region];
    return {
      id: randomUUID(),
      region,
      city: city[1],
      rate: [800, 1000, 1200, 700, 1000, 900, 1100, 1000][k],
      name: JSON.stringify({
        kk: `${city[0]} шеберлер қауымдастығы`,
        ru: `Ассоциация мастеров, ${city[1]}`,
        en: `${city[2]} Craftspeople Association`,
      }),
      description: JSON.stringify({
        kk: `${city[0]} өңірінің шығармашылық хабы және қолөнершілер бірлестігі.`,
        ru: `Творческий хаб и объединение ремесленников региона ${city[1]}.`,
        en: `The creative hub and craft association of the ${city[2]} area.`,
      }),
    };
  });
  await pool.query(
    `INSERT INTO associations (id, name, description, region, city, commission_rate_bps)
     SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::text[], $5::text[], $6::int[])`,
    [associations.map((a) => a.id), associations.map((a) => a.name), associations.map((a) => a.description), associations.map((a) => a.region), associations.map((a) => a.city), associations.map((a) => a.rate)],
  );
  const admins = associations.map((a, k) => ({ id: randomUUID(), email: `association-admin-${k + 1}@bench.sheber.kz`, association: a.id }));
  await pool.query(
    `INSERT INTO users (id, email, password_hash, name, locale, roles, association_id)
     SELECT id, email, $3, 'Association admin', 'kk', '{association_admin}', association_id FROM unnest($1::uuid[], $2::text[], $4::uuid[]) AS t(id, email, association_id)`,
    [admins.map((a) => a.id), admins.map((a) => a.email), passwordHash, admins.map((a) => a.association)],
  );
  const hubs = associations.map((a) => [a.id, `${JSON.parse(a.name).kk} хабы`, `${a.city}, ул. Абая, ${rng.int(1, 150)}`, a.city]);
  await pool.query(
    `INSERT INTO hubs (association_id, name, address, city, opening_hours)
     SELECT a, n, ad, c, 'Дс–Жм 10:00–19:00 / Пн–Пт 10:00–19:00' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(a, n, ad, c)`,
    [hubs.map((h) => h[0]), hubs.map((h) => h[1]), hubs.map((h) => h[2]), hubs.map((h) => h[3])],
  );

  const users = { id: [] as string[], email: [] as string[], name: [] as string[], locale: [] as string[], roles: [] as string[] };
  const shops: ShopRow[] = [];
  const shopCols = { id: [] as string[], owner: [] as string[], slug: [] as string[], name: [] as string[], bio: [] as string[], region: [] as string[], city: [] as string[], status: [] as string[], fee: [] as number[], free: [] as (number | null)[] };
  const members = { association: [] as string[], maker: [] as string[], status: [] as string[] };
  for (let k = 1; k <= makers; k++) {
    const id = randomUUID();
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    users.id.push(id);
    users.email.push(`maker${k}@bench.sheber.kz`);
    users.name.push(name);
    users.locale.push(rng.chance(0.5) ? 'kk' : 'ru');
    users.roles.push(rng.chance(0.3) ? '{buyer,maker}' : '{maker}');

    const region = pickRegion();
    const city = CITIES[region];
    const shopName = `${rng.pick(SHOP_WORDS)} ${rng.pick(SHOP_SUFFIXES)}`;
    const shopId = randomUUID();
    shops.push({ id: shopId, ownerId: id, region, city });
    shopCols.id.push(shopId);
    shopCols.owner.push(id);
    shopCols.slug.push(`${transliterate(shopName).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${k}`);
    shopCols.name.push(shopName);
    shopCols.bio.push(JSON.stringify({ kk: `${name} — ${city[0]} шебері.`, ru: `${name}, мастер из города ${city[1]}.` }));
    shopCols.region.push(region);
    shopCols.city.push(rng.chance(0.5) ? city[0] : city[1]);
    shopCols.status.push(rng.chance(0.01) ? 'suspended' : 'active');
    shopCols.fee.push(rng.pick([0, 150_000, 200_000, 250_000, 300_000]));
    shopCols.free.push(rng.chance(0.4) ? rng.pick([2_000_000, 3_000_000, 5_000_000]) : null);

    // Most makers sell under an association, preferably their region's.
    const roll = rng.next();
    if (roll < 0.65) {
      const local = associations.find((a) => a.region === region);
      const association = local && rng.chance(0.8) ? local : rng.pick(associations.slice(0, 3));
      members.association.push(association.id);
      members.maker.push(id);
      members.status.push(roll < 0.6 ? 'approved' : 'pending');
      if (rng.chance(0.05)) {
        members.association.push(rng.pick(associations).id);
        members.maker.push(id);
        members.status.push('rejected');
      }
    }
  }
  const chunk = 5000;
  for (let s = 0; s < makers; s += chunk) {
    const e = s + chunk;
    await pool.query(
      `INSERT INTO users (id, email, password_hash, name, locale, roles)
       SELECT id, email, $3, name, locale, roles::text[] FROM unnest($1::uuid[], $2::text[], $4::text[], $5::text[], $6::text[]) AS t(id, email, name, locale, roles)`,
      [users.id.slice(s, e), users.email.slice(s, e), passwordHash, users.name.slice(s, e), users.locale.slice(s, e), users.roles.slice(s, e)],
    );
    await pool.query(
      `INSERT INTO shops (id, owner_id, slug, name, bio, region, city, status, shipping_fee_amount, free_shipping_over_amount, payouts_enabled)
       SELECT id, owner_id, slug, name, bio::jsonb, region, city, status, fee, free, true
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])
            AS t(id, owner_id, slug, name, bio, region, city, status, fee, free)`,
      [shopCols.id.slice(s, e), shopCols.owner.slice(s, e), shopCols.slug.slice(s, e), shopCols.name.slice(s, e), shopCols.bio.slice(s, e), shopCols.region.slice(s, e), shopCols.city.slice(s, e), shopCols.status.slice(s, e), shopCols.fee.slice(s, e), shopCols.free.slice(s, e)],
    );
  }
  await pool.query(
    `INSERT INTO memberships (association_id, maker_id, status, decided_at, decided_by_id)
     SELECT a, m, st, CASE WHEN st <> 'pending' THEN now() END,
            CASE WHEN st <> 'pending' THEN (SELECT u.id FROM users u WHERE u.association_id = a LIMIT 1) END
     FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(a, m, st)`,
    [members.association, members.maker, members.status],
  );
  return { shops, associations: associations.length };
}

export async function generateCatalogue(options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const database = databaseName(options.databaseUrl);
  if (!database.includes('bench') && !options.force) {
    throw new Error(`refusing to wipe "${database}": the generator replaces all data; use a database whose name contains "bench" or pass --force`);
  }
  const log = (line: string) => options.progress !== 'none' && console.log(line);
  if (await ensureDatabase(options.databaseUrl)) log(`created database ${database}`);
  const applied = await migrateDatabase(options.databaseUrl);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);

  // Bench data: losing the last commits in a crash costs nothing, so don't wait for WAL flushes.
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: Math.max(1, options.workers),
    application_name: 'sheber-generator',
    options: '-c synchronous_commit=off',
  });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (listings integer NOT NULL, elapsed_ms integer NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`DELETE FROM ${MARKER_TABLE}`);
    await deferIndexes(pool);
    await pool.query(`TRUNCATE listing_images, listing_variants, listings, shops, memberships, hubs, refresh_tokens, users, associations CASCADE`);
    const rng = prng(options.seed);
    const categoryRows: { id: string; slug: string }[] = (await pool.query('SELECT id, slug FROM categories')).rows;
    const categories: CategoryRef[] = CATEGORY_WORDS.map((words) => {
      const row = categoryRows.find((c) => c.slug === words.slug);
      if (!row) throw new Error(`category "${words.slug}" is not in the categories table: is the database migrated?`);
      return { id: row.id, words };
    });

    const makers = Math.max(20, Math.round(options.listings / 40));
    const { shops, associations } = await generateParties(pool, rng, makers);

    // Published listings plus ~3 % in the other states, created over the last two years in time order.
    const others = Math.round(options.listings * 0.03);
    const total = options.listings + others;
    const statuses: string[] = Array(options.listings).fill('published');
    const otherStates = ['draft', 'pending_review', 'rejected', 'archived'];
    for (let k = 0; k < others; k++) statuses.push(otherStates[k % otherStates.length]);
    for (let k = statuses.length - 1; k > 0; k--) {
      const j = Math.floor(rng.next() * (k + 1));
      [statuses[k], statuses[j]] = [statuses[j], statuses[k]];
    }
    const now = Date.now();
    const span = 730 * 86_400_000;
    const times = Float64Array.from({ length: total }, () => now - 4 * 86_400_000 - rng.next() * span).sort();

    const factory = new ListingFactory(rng, categories, shops);
    const bar =
      options.progress === 'bar'
        ? new SingleBar({ format: 'listings |{bar}| {percentage}% {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}', hideCursor: true }, Presets.shades_classic)
        : undefined;
    bar?.start(total, 0);
    let done = 0;
    let reported = 0;
    let next = 0;
    let variants = 0;
    let images = 0;
    const worker = async () => {
      const client = await pool.connect();
      try {
        while (next < total) {
          const start = next;
          const end = Math.min(total, start + options.batchSize);
          next = end;
          const batch = factory.newBatch();
          for (let k = start; k < end; k++) factory.add(batch, Math.floor(times[k]), statuses[k], now);
          await insertBatch(client, batch);
          variants += batch.variants.listing.length;
          images += batch.images.listing.length;
          done += end - start;
          bar?.update(done);
          if (options.progress === 'lines' && done * 10 >= (reported + 1) * total) {
            reported = Math.floor((done * 10) / total);
            console.log(`listings: ${done}/${total} (${Math.round((done * 100) / total)} %) after ${((Date.now() - started) / 1000).toFixed(1)} s`);
          }
        }
      } finally {
        client.release();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
    bar?.stop();

    log('indexes…');
    await restoreIndexes(pool, options.workers);
    log('vacuum analyze…');
    for (const table of ['listings', 'listing_variants', 'listing_images', 'shops', 'memberships', 'users', 'associations', 'categories']) {
      await pool.query(`VACUUM (ANALYZE) ${table}`);
    }
    const result: GenerateResult = {
      database,
      listings: options.listings,
      otherListings: others,
      variants,
      images,
      shops: shops.length,
      makers,
      associations,
      elapsedMs: Date.now() - started,
    };
    await pool.query(`INSERT INTO ${MARKER_TABLE} (listings, elapsed_ms) VALUES ($1, $2)`, [options.listings, result.elapsedMs]);
    return result;
  } finally {
    await pool.end();
  }
}

function argument(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  if (k >= 0) return args[k + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

async function main() {
  const args = process.argv.slice(2);
  const options: GenerateOptions = {
    databaseUrl: argument(args, 'database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL,
    listings: Number(argument(args, 'listings') ?? process.env.BENCH_LISTINGS ?? 100_000),
    seed: Number(argument(args, 'seed') ?? 1),
    workers: Number(argument(args, 'workers') ?? 2),
    batchSize: Number(argument(args, 'batch-size') ?? 2000),
    force: args.includes('--force'),
    progress: args.includes('--quiet') ? 'none' : process.stdout.isTTY ? 'bar' : 'lines',
  };
  if (!Number.isInteger(options.listings) || options.listings < 1) throw new Error('--listings must be a positive integer');
  const result = await generateCatalogue(options);
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  console.log(
    `generated ${result.listings} published (+${result.otherListings} other) listings, ${result.variants} variants, ${result.images} images, ` +
      `${result.shops} shops, ${result.associations} associations in ${result.database} in ${seconds} s`,
  );
  // The bench reports the generator's time from here.
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', `generate-catalogue-${result.database}.json`), JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`generate-catalogue failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
