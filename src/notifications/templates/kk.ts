import type { Catalogue } from './types';

// Dates stand alone ("Төлеу мерзімі: …") so that no case ending has to be glued to them.
const EXPIRY = 'Осы мерзімге дейін төленбеген тапсырыс жойылады, ал тауарлар қайтадан сатылымға шығады.';

export const kk: Catalogue = {
  words: {
    greeting: 'Сәлеметсіз бе!',
    footer: 'Бұл хатты Sheber автоматты түрде жіберді. Оған жауап берудің қажеті жоқ.',
    item: 'Тауар',
    quantity: 'Саны',
    amount: 'Сомасы',
    apartment: 'пәтер',
    carriers: { kazpost: 'Қазпошта', cdek: 'СДЭК', courier: 'курьер', other: 'басқа жеткізу қызметі' },
    flagReasons: {
      counterfeit: 'жалған тауар',
      prohibited: 'тыйым салынған тауар',
      offensive: 'қорлайтын мазмұн',
      intellectual_property: 'зияткерлік меншікті бұзу',
      misleading: 'жаңылыстыратын ақпарат',
      other: 'басқа',
    },
  },

  order_placed: (d, f) => ({
    subject: `${d.orderNumber} тапсырысы рәсімделді`,
    body: [
      `Тапсырысыңыз үшін рақмет! Тапсырыс нөмірі: ${d.orderNumber}.`,
      { lines: d.lines, totals: [['Барлығы', d.total]] },
      d.provider === 'manual'
        ? `Тапсырыс төлемді күтуде: банктік аударым арқылы немесе беру пунктінде қолма-қол ақшамен төлеуге болады. Төлеу мерзімі: ${f.date(d.expiresAt)}. ${EXPIRY}`
        : `Төлемнің расталуын күтіп отырмыз. Төлеу мерзімі: ${f.date(d.expiresAt)}. ${EXPIRY}`,
    ],
  }),

  order_paid_receipt: (d) => ({
    subject: `${d.orderNumber} тапсырысының төлемі қабылданды`,
    body: [
      `${d.orderNumber} тапсырысы бойынша төлеміңізді алдық. Шеберлерге хабарланды, олар бұйымдарыңызды дайындап жатыр.`,
      {
        lines: d.lines,
        totals: [
          ['Жеткізу', d.shipping],
          ['Төленді', d.total],
        ],
      },
      'Бұл хат — төлем туралы түбіртегіңіз.',
    ],
  }),

  new_sale: (d, f) => ({
    subject: `Жаңа сатылым: ${d.orderNumber} тапсырысы`,
    body: [
      `Сізге жаңа тапсырыс түсті: ${d.orderNumber}.`,
      {
        lines: d.lines,
        totals: [
          ['Тауарлар', d.subtotal],
          ['Жеткізу', d.shipping],
        ],
      },
      d.delivery.type === 'shipping'
        ? { facts: [['Жеткізу мекенжайы', f.address(d.delivery.address)]] }
        : `Сатып алушы тапсырысты «${d.delivery.hubName}» беру пунктінен алады.`,
      `${d.delivery.type === 'shipping' ? 'Тапсырысты жіберу мерзімі' : 'Тапсырысты беру пунктіне жеткізу мерзімі'}: ${f.date(d.shipBy)}. ` +
        'Осы мерзімде үлгермесеңіз, тапсырыс жойылып, сатып алушыға ақшасы қайтарылады.',
    ],
  }),

  payment_failed: (d, f) => ({
    subject: `${d.orderNumber} тапсырысының төлемі өтпеді`,
    body: [
      `${d.orderNumber} тапсырысы бойынша төлем өтпеді.`,
      d.message && `Төлем жүйесінің хабарламасы: ${d.message}`,
      `Қайта төлеп көруге болады. Төлеу мерзімі: ${f.date(d.expiresAt)}. ${EXPIRY}`,
    ],
  }),

  order_expired: (d) => ({
    subject: `${d.orderNumber} тапсырысы жойылды: төлеу мерзімі өтті`,
    body: [
      `${d.orderNumber} тапсырысы уақытында төленбегендіктен жойылды.`,
      d.role === 'buyer' ? 'Тауарлар қайтадан сатылымға шықты, сізден ақша алынған жоқ.' : 'Ештеңе жіберудің қажеті жоқ.',
    ],
  }),

  order_cancelled: (d) => ({
    subject: `${d.orderNumber} тапсырысы жойылды`,
    body: [
      d.role === 'buyer' ? `${d.orderNumber} тапсырысыңыз жойылды.` : `${d.orderNumber} тапсырысы жойылды. Оны жіберудің қажеті жоқ.`,
      d.reason && `Себебі: ${d.reason}`,
    ],
  }),

  seller_order_cancelled: (d) => ({
    subject: `${d.orderNumber} тапсырысы жойылды`,
    body: [
      {
        buyer: {
          buyer_cancelled: `${d.orderNumber} тапсырысы сіздің өтінішіңіз бойынша жойылды. Төленген сома сізге қайтарылады.`,
          ship_deadline_missed: `Шебер ${d.orderNumber} тапсырысын белгіленген мерзімде жібермеді, сондықтан біз оны жойдық. Төленген сома сізге толығымен қайтарылады.`,
          fully_refunded: `${d.orderNumber} тапсырысы үшін төленген сома сізге толығымен қайтарылғандықтан, тапсырыс жойылды.`,
        },
        maker: {
          buyer_cancelled: `Сатып алушы ${d.orderNumber} тапсырысынан бас тартты. Оны жіберудің қажеті жоқ.`,
          ship_deadline_missed: `${d.orderNumber} тапсырысы белгіленген мерзімде жіберілмегендіктен автоматты түрде жойылды, сатып алушыға ақшасы қайтарылды.`,
          fully_refunded: `${d.orderNumber} тапсырысы бойынша толық қайтарым жасалды, тапсырыс жойылды.`,
        },
      }[d.role][d.cause],
      d.reason && `Себебі: ${d.reason}`,
    ],
  }),

  shipped: (d, f) => ({
    subject: `${d.orderNumber} тапсырысы жіберілді`,
    body: [
      `«${d.shopName}» дүкені ${d.orderNumber} тапсырысыңызды жіберді.`,
      {
        facts: [
          ['Жеткізу қызметі', f.carrier(d.carrier)],
          ['Трек-нөмір', d.trackingNumber],
        ],
      },
    ],
  }),

  ready_for_pickup: (d) => ({
    subject: `${d.orderNumber} тапсырысы беру пунктінде күтіп тұр`,
    body: [
      `«${d.shopName}» дүкені ${d.orderNumber} тапсырысыңызды беру пунктіне жеткізді. Оны мына жерден алуға болады:`,
      {
        facts: [
          ['Беру пункті', d.hub.name],
          ['Мекенжайы', `${d.hub.address}, ${d.hub.city}`],
          ['Жұмыс уақыты', d.hub.openingHours],
          ['Телефон', d.hub.phone],
        ],
      },
      'Тапсырысты алғанда оның нөмірін айтыңыз.',
    ],
  }),

  delivered: (d) => ({
    subject: `${d.orderNumber} тапсырысы жеткізілді`,
    body: [`${d.orderNumber} тапсырысы сатып алушыға жеткізілді. Еңбегіңізге рақмет!`],
  }),

  refund_issued: (d, f) => ({
    subject: `${d.orderNumber} тапсырысы бойынша ақша қайтарылды`,
    body: [
      d.role === 'buyer'
        ? `${d.orderNumber} тапсырысы бойынша сізге ${f.money(d.amount)} қайтардық.`
        : `${d.orderNumber} тапсырысы бойынша сатып алушыға ${f.money(d.amount)} қайтарылды.`,
      `Себебі: ${d.reason}`,
      d.role === 'buyer' && 'Ақша бірнеше күн ішінде түседі — мерзімі банкіңізге байланысты.',
    ],
  }),

  listing_approved: (d, f) => ({
    subject: `«${f.text(d.listingTitle)}» хабарландыруы мақұлданды`,
    body: [`«${f.text(d.listingTitle)}» хабарландыруыңыз модерациядан өтті, енді оны Sheber сатып алушылары көре алады.`],
  }),

  listing_rejected: (d, f) => ({
    subject: `«${f.text(d.listingTitle)}» хабарландыруы модерациядан өтпеді`,
    body: [
      `«${f.text(d.listingTitle)}» хабарландыруыңыз модерациядан өтпеді.`,
      `Себебі: ${d.reason}`,
      d.revision
        ? 'Сатып алушылар хабарландыруды бұрынғы күйінде көре береді. Оны қайта өзгертуге болады.'
        : 'Хабарландыруды түзетіп, қайта тексеруге жіберіңіз.',
    ],
  }),

  listing_hidden: (d, f) => ({
    subject: `«${f.text(d.listingTitle)}» хабарландыруы тексеруге дейін жасырылды`,
    body: [
      `«${f.text(d.listingTitle)}» хабарландыруыңызға бірнеше пайдаланушы (${d.openFlags}) шағым түсірді, сондықтан ол модератор тексергенше каталогтан жасырылды.`,
      'Бұрын рәсімделген тапсырыстарға бұл әсер етпейді. Шешім туралы сізге хабарлаймыз.',
    ],
  }),

  listing_removed: (d, f) => ({
    subject: `«${f.text(d.listingTitle)}» хабарландыруы жарияланымнан алынды`,
    body: [`Модератор «${f.text(d.listingTitle)}» хабарландыруыңызды Sheber-ден алып тастады.`, `Себебі: ${d.reason}`],
  }),

  shop_suspended: (d) => ({
    subject: `«${d.shopName}» дүкенінің жұмысы тоқтатылды`,
    body: [
      `«${d.shopName}» дүкеніңіздің жұмысы уақытша тоқтатылды: хабарландырулары жасырылды, жаңа тапсырыстар қабылданбайды.`,
      `Себебі: ${d.reason}`,
      'Қолыңыздағы тапсырыстарды орындаңыз. Төлемдер тоқтату алынғанша ұсталады; шешімге шағымдану үшін бірлестігіңізге хабарласыңыз.',
    ],
  }),

  shop_reinstated: (d) => ({
    subject: `«${d.shopName}» дүкені қайта жұмыс істейді`,
    body: [`«${d.shopName}» дүкенінің жұмысын тоқтату алынды: хабарландырулар каталогқа оралды, төлемдер жалғасады.`, `Түсініктеме: ${d.note}`],
  }),

  flag_created: (d, f) => ({
    subject: `«${f.text(d.listingTitle)}» хабарландыруына шағым`,
    body: [
      `Пайдаланушы «${d.shopName}» дүкенінің «${f.text(d.listingTitle)}» хабарландыруына шағым түсірді.`,
      { facts: [['Себебі', f.flagReason(d.reason)], ['Толығырақ', d.details], ['Ашық шағымдар', String(d.openFlags)]] },
      'Оны модерация кезегінде қарап шығыңыз.',
    ],
  }),

  membership_requested: (d) => ({
    subject: `«${d.associationName}» құрамына кіруге жаңа өтініш`,
    body: [`${d.makerName} «${d.associationName}» құрамына кіргісі келеді. Өтінішті бірлестіктің жеке кабинетінде қарап шығыңыз.`],
  }),

  membership_decided: (d) =>
    d.decision === 'approved'
      ? {
          subject: `Сіз «${d.associationName}» құрамына қабылдандыңыз`,
          body: [`«${d.associationName}» құрамына кіру туралы өтінішіңіз мақұлданды. Қош келдіңіз!`, d.reason && `Түсініктеме: ${d.reason}`],
        }
      : {
          subject: `«${d.associationName}» құрамына кіру туралы өтінішіңіз қабылданбады`,
          body: [`«${d.associationName}» құрамына кіру туралы өтінішіңіз қабылданбады.`, d.reason && `Себебі: ${d.reason}`],
        },
  payout_sent: (d, f) => ({
    subject: `${f.money(d.amount)} төлем жіберілді`,
    body: [
      d.to === 'maker' ? `Сатылымдарыңыз үшін сізге ${f.money(d.amount)} аударылды.` : `Қауымдастыққа ${f.money(d.amount)} комиссия аударылды.`,
      d.provider === 'stripe' ? 'Ақша Stripe шотыңызға түседі.' : 'Төлем банк аударымымен немесе қолма-қол жасалды.',
      { facts: [['Тапсырыстар', d.sellerOrders.join(', ')]] },
    ],
  }),
  monthly_report: (d, f) => ({
    subject: `${d.associationName}: ${d.from} – ${d.to} комиссия есебі`,
    body: [
      `«${d.associationName}» қауымдастығының ${f.date(d.from)} – ${f.date(d.to)} кезеңіндегі комиссия есебі дайын.`,
      { facts: [['Тапсырыстар', String(d.sellerOrders)], ['Сатылым', f.money(d.gross)], ['Комиссия', f.money(d.commission)]] },
      d.attachment ? 'Әр шебер бойынша толық есеп CSV файлы ретінде тіркелген (Excel-де ашылады).' : 'Әр шебер бойынша толық есеп Sheber-дегі «Есептер» бөлімінде.',
    ],
  }),
};
