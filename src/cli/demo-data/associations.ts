import { DemoAssociation } from './types';

/**
 * Four regional craft associations and their creative hubs, after the creative hubs
 * of Shymkent, Taraz (a World Craft City), Turkestan and East Kazakhstan. People and
 * phone numbers are invented.
 */
export const ASSOCIATIONS: DemoAssociation[] = [
  {
    key: 'shymkent',
    name: {
      kk: 'Шымкент қаласының креативті индустрия қауымдастығы',
      ru: 'Ассоциация креативной индустрии города Шымкента',
      en: 'Shymkent Creative Industry Association',
    },
    description: {
      kk: 'Шымкенттің суретшілерін, дизайнерлерін және қолөнершілерін біріктіреді. Креативті хабта көрмелер мен шеберлік сабақтарын өткіземіз, шеберлерге туындыларын сатуға көмектесеміз.',
      ru: 'Объединяет художников, дизайнеров и ремесленников Шымкента. В креативном хабе проводим выставки и мастер-классы, помогаем мастерам продавать свои работы.',
      en: 'Brings together the artists, designers and craftspeople of Shymkent. Our creative hub hosts exhibitions and workshops, and we help makers sell their work.',
    },
    region: 'shymkent',
    city: 'Шымкент',
    commissionRateBps: 1000,
    hubs: [
      {
        name: 'Шымкент креативті хабы',
        address: 'пр. Тауке хана, 34, 2-й этаж',
        city: 'Шымкент',
        openingHours: 'Дс–Сб 10:00–19:00 / Пн–Сб 10:00–19:00',
        phone: '+7 7252 00 00 01',
      },
      {
        name: 'Шеберлер ауласы «ShymQala»',
        address: 'историко-культурный комплекс «ShymQala», ул. Казыбек би',
        city: 'Шымкент',
        openingHours: 'Күн сайын 10:00–20:00 / Ежедневно 10:00–20:00',
        phone: '+7 7252 00 00 02',
      },
    ],
    admin: { email: 'admin.shymkent@sheber.kz', name: 'Сәуле Бекмұратова', locale: 'kk' },
  },
  {
    key: 'taraz',
    name: {
      kk: 'Тараз қолөнершілер қауымдастығы',
      ru: 'Ассоциация ремесленников Тараза',
      en: 'Taraz Artisans Association',
    },
    description: {
      kk: 'Тараз — Дүниежүзілік қолөнершілер қаласы. Қауымдастық шеберлерге жәрмеңкелер мен көрмелерге қатысуға, өнімдерін сатуға көмектеседі, Қолөнершілер орталығында шеберханалар жұмыс істейді.',
      ru: 'Тараз — Всемирный город ремесленников. Ассоциация помогает мастерам участвовать в ярмарках и выставках и продавать изделия; в Центре ремесленников работают мастерские.',
      en: 'Taraz is a World Craft City. The association helps makers take part in fairs and exhibitions and sell their work; the Craft Centre houses shared workshops.',
    },
    region: 'zhambyl',
    city: 'Тараз',
    commissionRateBps: 800,
    hubs: [
      {
        name: 'Тараз қолөнершілер орталығы',
        address: 'ул. Толе би, 41',
        city: 'Тараз',
        openingHours: 'Пн–Пт 09:00–18:00, Сб 10:00–16:00',
        phone: '+7 7262 00 00 03',
      },
      {
        name: '«Айша бибі» шеберханасы',
        address: 'с. Айша-Биби, ул. Жибек жолы, 12 (Жамбылский район)',
        city: 'Айша-Биби',
        openingHours: 'Сб–Вс 10:00–17:00, в будни по записи',
        phone: '+7 7262 00 00 04',
      },
    ],
    admin: { email: 'admin.taraz@sheber.kz', name: 'Мұрат Есенов', locale: 'kk' },
  },
  {
    key: 'turkestan',
    name: {
      kk: 'Түркістан облысы шеберлерінің одағы',
      ru: 'Союз мастеров Туркестанской области',
      en: 'Turkestan Region Masters Union',
    },
    description: {
      kk: 'Түркістан креативті хабының жанындағы қолөнершілер: кілем тоқушылар, зергерлер, былғары шеберлері. Қала қонақтарына арналған көрмелер мен шеберлік сабақтары.',
      ru: 'Ремесленники при Креативном хабе Туркестана: ковровщицы, ювелиры, мастера по коже. Выставки и мастер-классы для гостей города.',
      en: 'Craftspeople of the Turkestan Creative Hub: carpet weavers, jewellers and leather workers. Exhibitions and workshops for the city’s visitors.',
    },
    region: 'turkestan',
    city: 'Туркестан',
    commissionRateBps: 1200,
    hubs: [
      {
        name: 'Түркістан креативті хабы',
        address: 'пр. Тауке хана, 2 (здание АО «Казпочта»)',
        city: 'Туркестан',
        openingHours: 'Дс–Жм 09:00–18:00, Сб 10:00–15:00',
        phone: '+7 72533 0 00 05',
      },
      {
        name: '«Керуен-Сарай» шеберлер қатары',
        address: 'туристический комплекс «Керуен-Сарай», ул. Бекзата Саттарханова',
        city: 'Туркестан',
        openingHours: 'Ежедневно 10:00–22:00',
        phone: '+7 72533 0 00 06',
      },
    ],
    admin: { email: 'admin.turkestan@sheber.kz', name: 'Ғалия Омарова', locale: 'kk' },
  },
  {
    key: 'east',
    name: {
      kk: 'Шығыс Қазақстан қолөнер және креативті индустрия қауымдастығы',
      ru: 'Ассоциация ремёсел и креативной индустрии Восточного Казахстана',
      en: 'East Kazakhstan Crafts and Creative Industry Association',
    },
    description: {
      kk: 'Өскемендегі «Шеберлер қаласы» мен Креативті индустрияны дамыту орталығының шеберлері: киіз, былғары, ағаш, музыкалық аспаптар. Бүркітшілік дәстүрін қолдаймыз.',
      ru: 'Мастера «Города мастеров» и Центра развития креативной индустрии в Усть-Каменогорске: войлок, кожа, дерево, музыкальные инструменты. Поддерживаем традиции беркутчи.',
      en: 'Makers of the Craftsmen’s Town and the Creative Industry Development Centre in Ust-Kamenogorsk: felt, leather, wood and musical instruments. We support the eagle-hunting tradition.',
    },
    region: 'east_kazakhstan',
    city: 'Усть-Каменогорск',
    commissionRateBps: 1500,
    hubs: [
      {
        name: 'Город мастеров',
        address: 'Левобережный комплекс музея-заповедника, левый берег Иртыша',
        city: 'Усть-Каменогорск',
        openingHours: 'Вт–Вс 10:00–18:00, Пн выходной',
        phone: '+7 7232 00 00 07',
      },
      {
        name: 'Центр развития креативной индустрии',
        address: 'ул. Казахстан, 57, офис 104',
        city: 'Усть-Каменогорск',
        openingHours: 'Пн–Пт 09:00–18:00',
        phone: '+7 7232 00 00 08',
      },
    ],
    admin: { email: 'admin.oskemen@sheber.kz', name: 'Елена Васильева', locale: 'ru' },
  },
];
