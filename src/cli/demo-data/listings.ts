import { DemoListing, kzt } from './types';

/**
 * The demo catalogue: fifty listings across the craft categories. Most are published;
 * a few stay in draft, wait for review (new ones and edits of published ones) or
 * were rejected with a reason, so that the moderation queue has work in it.
 * Prices are Money in tiyn: kzt(45_000) is 45 000 ₸.
 */
export const LISTINGS: DemoListing[] = [
  // ---------- Айгерім керамика (Shymkent): ceramics
  {
    maker: 'aigerim.tolegenova@sheber.kz',
    category: 'pottery',
    title: { kk: '«Сайрам» кесе жиынтығы, 6 дана', ru: 'Набор пиал «Сайрам», 6 шт.', en: 'Sairam tea bowl set, 6 pieces' },
    description: {
      kk: 'Қызыл саздан қолмен иленген алты кесе, сыртында қошқар мүйіз өрнегі. Көлемі 180 мл, шай мен қымызға арналған. Ыдыс жуғыш машинада жууға болады.',
      ru: 'Шесть пиал из красной глины, вылепленных вручную, снаружи — орнамент «кошкар муйиз». Объём 180 мл, для чая и кумыса. Можно мыть в посудомоечной машине.',
      en: 'Six hand-thrown red clay bowls with a ram’s-horn ornament on the outside. 180 ml each, for tea or kumys. Dishwasher safe.',
    },
    materials: ['қызыл саз', 'красная глина', 'глазурь'],
    variants: [
      { sku: 'AT-KESE-6-TURQ', options: { colour: 'бирюзовый' }, price: kzt(12_000), stock: 5 },
      { sku: 'AT-KESE-6-COBALT', options: { colour: 'кобальт' }, price: kzt(13_500), stock: 3 },
    ],
    status: 'published',
  },
  {
    maker: 'aigerim.tolegenova@sheber.kz',
    category: 'decorative-ceramics',
    title: { kk: '«Шығыс жұлдызы» ляганы, 38 см', ru: 'Ляган «Восточная звезда», 38 см', en: '“Star of the East” lyagan platter, 38 cm' },
    description: {
      kk: 'Үлкен сәндік табақ: ортасында сегіз бұрышты жұлдыз, шетінде өсімдік өрнегі. Қабырғаға ілуге ілгегі бар, тағамға да жарайды.',
      ru: 'Большое декоративное блюдо: в центре восьмиконечная звезда, по краю растительный орнамент. Есть петля для подвеса на стену, подходит и для подачи плова.',
      en: 'A large decorative platter: an eight-pointed star in the centre and a floral border. Comes with a wall hook and is food safe for serving plov.',
    },
    materials: ['саз', 'глина', 'ангоб', 'глазурь'],
    variants: [{ sku: 'AT-LYAGAN-38', options: { diameter: '38 см' }, price: kzt(28_000), stock: 2 }],
    status: 'published',
  },
  {
    maker: 'aigerim.tolegenova@sheber.kz',
    category: 'pottery',
    title: { kk: 'Қошқар мүйіз өрнекті құмыра', ru: 'Кувшин с орнаментом «кошкар муйиз»', en: 'Jug with a ram’s-horn ornament' },
    description: {
      kk: 'Су мен шырынға арналған құмыра. Іші тағамдық глазурьмен жабылған, сырты ангобпен боялған.',
      ru: 'Кувшин для воды и компота. Внутри покрыт пищевой глазурью, снаружи расписан ангобом.',
      en: 'A jug for water or fruit compote, glazed inside with food-safe glaze and painted outside with engobe.',
    },
    materials: ['қызыл саз', 'красная глина', 'ангоб'],
    variants: [
      { sku: 'AT-KUMYRA-1L', options: { volume: '1 л' }, price: kzt(15_000), stock: 4 },
      { sku: 'AT-KUMYRA-2L', options: { volume: '2 л' }, price: kzt(22_000), stock: 2 },
    ],
    status: 'published',
  },
  {
    maker: 'aigerim.tolegenova@sheber.kz',
    category: 'pottery',
    title: { kk: 'Қымыз ыдыстары жиынтығы (тапсырыспен)', ru: 'Сервиз для кумыса (под заказ)', en: 'Kumys serving set (made to order)' },
    description: {
      kk: 'Құмыра мен алты тостаған. Өрнегі мен түсін сізбен келісіп жасаймын, отбасы таңбасын салуға болады.',
      ru: 'Кувшин и шесть тостаганов. Орнамент и цвет согласуем с вами, можно нанести родовую тамгу.',
      en: 'A jug and six bowls. We agree the ornament and colours together; a family tamga can be added.',
    },
    materials: ['саз', 'глина', 'глазурь'],
    leadTimeDays: 21,
    variants: [{ sku: 'AT-KYMYZ-SET', options: { set: 'кувшин + 6 пиал' }, price: kzt(65_000), stock: 3 }],
    status: 'published',
    revision: {
      description: {
        kk: 'Құмыра мен алты тостаған. Өрнегі мен түсін сізбен келісіп жасаймын, отбасы таңбасын салуға болады. Енді сыйлық қорабымен бірге.',
        ru: 'Кувшин и шесть тостаганов. Орнамент и цвет согласуем с вами, можно нанести родовую тамгу. Теперь в подарочной коробке.',
        en: 'A jug and six bowls. We agree the ornament and colours together; a family tamga can be added. Now in a gift box.',
      },
    },
  },

  // ---------- Жанар ательесі (Shymkent): national costume
  {
    maker: 'zhanar.abdullaeva@sheber.kz',
    category: 'chapan',
    title: { kk: 'Алтын кестелі барқыт шапан', ru: 'Бархатный чапан с золотой вышивкой', en: 'Velvet chapan with gold embroidery' },
    description: {
      kk: 'Ерлер шапаны, барқыт, астары жібек. Жағасы мен өңірі алтын жіппен қолмен кестеленген. Өлшеміңізге қарай тігіледі.',
      ru: 'Мужской чапан из бархата на шёлковой подкладке. Воротник и борта вышиты вручную золотой нитью. Шьётся по вашим меркам.',
      en: 'A men’s velvet chapan lined with silk, its collar and front hand-embroidered with gold thread. Tailored to your measurements.',
    },
    materials: ['барқыт', 'бархат', 'жібек', 'шёлк', 'металлизированная нить'],
    leadTimeDays: 21,
    variants: [
      { sku: 'ZA-CHAPAN-48', options: { size: '48' }, price: kzt(95_000), stock: 2 },
      { sku: 'ZA-CHAPAN-50', options: { size: '50' }, price: kzt(95_000), stock: 2 },
      { sku: 'ZA-CHAPAN-52', options: { size: '52' }, price: kzt(98_000), stock: 2 },
      { sku: 'ZA-CHAPAN-54', options: { size: '54' }, price: kzt(98_000), stock: 1 },
    ],
    status: 'published',
  },
  {
    maker: 'zhanar.abdullaeva@sheber.kz',
    category: 'headwear',
    title: { kk: 'Ерлер тақиясы', ru: 'Мужская такия', en: 'Men’s takiya skullcap' },
    description: {
      kk: 'Қара барқыттан тігілген тақия, төбесінде ақ жібекпен кестеленген ою. Күнделікті киюге де, тойға да жарасады.',
      ru: 'Такия из чёрного бархата, на макушке — орнамент белым шёлком. Подходит и на каждый день, и на той.',
      en: 'A black velvet skullcap with a white silk ornament on the crown, for every day or for a celebration.',
    },
    materials: ['барқыт', 'бархат', 'жібек жіп'],
    variants: [
      { sku: 'ZA-TAKIYA-56', options: { size: '56' }, price: kzt(8_500), stock: 6 },
      { sku: 'ZA-TAKIYA-58', options: { size: '58' }, price: kzt(8_500), stock: 8 },
      { sku: 'ZA-TAKIYA-60', options: { size: '60' }, price: kzt(8_500), stock: 4 },
    ],
    status: 'published',
  },
  {
    maker: 'zhanar.abdullaeva@sheber.kz',
    category: 'embroidery',
    title: { kk: 'Кестеленген жаулық', ru: 'Вышитый платок-жаулык', en: 'Embroidered zhaulyq headscarf' },
    description: {
      kk: 'Ақ жібек жаулық, шетінде гүл өрнегі тамбурлап кестеленген. Келін түсіру мен беташарға сыйлық ретінде жиі алады.',
      ru: 'Белый шёлковый платок, по краю цветочный орнамент тамбурным швом. Часто берут в подарок на беташар.',
      en: 'A white silk headscarf with a chain-stitched floral border — a favourite gift for a betashar ceremony.',
    },
    materials: ['жібек', 'шёлк', 'мулине'],
    variants: [{ sku: 'ZA-ZHAULYQ-WHITE', options: { size: '90×90 см' }, price: kzt(18_000), stock: 5 }],
    status: 'published',
  },
  {
    maker: 'zhanar.abdullaeva@sheber.kz',
    category: 'headwear',
    title: { kk: 'Сәукеле, кәдесый нұсқасы (30 см)', ru: 'Саукеле, сувенирная версия (30 см)', en: 'Saukele bridal headdress, souvenir size (30 cm)' },
    description: {
      kk: 'Қалыңдықтың бас киімінің кішірейтілген көшірмесі: барқыт, моншақ, үкі қауырсыны. Сөреге немесе сыйлыққа.',
      ru: 'Уменьшенная копия свадебного головного убора: бархат, бусины, перья филина. Для полки или в подарок.',
      en: 'A small replica of the bridal headdress in velvet, beads and owl feathers — for a shelf or as a gift.',
    },
    materials: ['барқыт', 'бархат', 'моншақ', 'бусины'],
    variants: [{ sku: 'ZA-SAUKELE-MINI', price: kzt(24_000), stock: 3 }],
    status: 'pending_review',
  },

  // ---------- Dana Ospanova Art (Shymkent): painting
  {
    maker: 'dana.ospanova@sheber.kz',
    category: 'paintings',
    title: { kk: '«Қаратау таңы», кенеп, май бояу, 60×80', ru: '«Рассвет над Каратау», холст, масло, 60×80', en: '“Dawn over Karatau”, oil on canvas, 60×80' },
    description: {
      kk: 'Таңғы күн Қаратау жоталарын алқызыл нұрға бөлейді. Түпнұсқа, автордың қолы қойылған, рамасыз.',
      ru: 'Утреннее солнце окрашивает хребты Каратау в розовый свет. Оригинал, подпись автора, без рамы.',
      en: 'Morning sun paints the Karatau ridges pink. Original, signed, unframed.',
    },
    materials: ['кенеп', 'холст', 'майлы бояу', 'масло'],
    variants: [{ sku: 'DO-KARATAU-DAWN', options: { size: '60×80 см' }, price: kzt(180_000), stock: 1 }],
    status: 'published',
  },
  {
    maker: 'dana.ospanova@sheber.kz',
    category: 'graphics',
    title: { kk: '«Ескі Шымкент» графикалық сериясы, А3', ru: 'Графическая серия «Старый Шымкент», А3', en: '“Old Shymkent” prints, A3' },
    description: {
      kk: 'Тушь пен қаламмен салынған ескі көшелер мен аулалар. Мақта қағазына жоғары сапалы баспа, нөмірленген.',
      ru: 'Старые улицы и дворики, нарисованные тушью и пером. Качественная печать на хлопковой бумаге, пронумерованный тираж.',
      en: 'Old streets and courtyards drawn in ink with a dip pen. Fine-art prints on cotton paper, numbered.',
    },
    materials: ['мақта қағазы', 'хлопковая бумага', 'тушь'],
    variants: [
      { sku: 'DO-OLDSHYM-1', options: { set: '1 лист' }, price: kzt(15_000), stock: 10 },
      { sku: 'DO-OLDSHYM-3', options: { set: '3 листа' }, price: kzt(39_000), stock: 5 },
    ],
    status: 'published',
  },
  {
    maker: 'dana.ospanova@sheber.kz',
    category: 'paintings',
    title: { kk: '«Дала әуені», кенеп, акрил, 50×70', ru: '«Мелодия степи», холст, акрил, 50×70', en: '“Song of the Steppe”, acrylic on canvas, 50×70' },
    description: {
      kk: 'Жусан иісті кешкі дала мен алыстағы жылқылар. Түпнұсқа, қосалқы рамасы бар.',
      ru: 'Вечерняя степь, пахнущая полынью, и табун вдали. Оригинал, на подрамнике.',
      en: 'The evening steppe scented with wormwood, with horses in the distance. Original, on a stretcher.',
    },
    materials: ['кенеп', 'холст', 'акрил'],
    variants: [{ sku: 'DO-DALA-AUENI', options: { size: '50×70 см' }, price: kzt(120_000), stock: 1 }],
    status: 'pending_review',
  },
  {
    maker: 'dana.ospanova@sheber.kz',
    category: 'paintings',
    title: { kk: 'Фотосурет бойынша портрет (тапсырыспен)', ru: 'Портрет по фотографии (под заказ)', en: 'Portrait from a photograph (made to order)' },
    description: {
      kk: 'Майлы бояумен портрет. Фотосуретті жіберіңіз, эскизді бірге бекітеміз.',
      ru: 'Портрет маслом. Пришлите фотографию — эскиз утвердим вместе.',
      en: 'An oil portrait. Send a photograph and we will agree the sketch together.',
    },
    materials: ['кенеп', 'холст', 'масло'],
    leadTimeDays: 30,
    variants: [
      { sku: 'DO-PORTRAIT-40X50', options: { size: '40×50 см' }, price: kzt(90_000), stock: 2 },
      { sku: 'DO-PORTRAIT-60X80', options: { size: '60×80 см' }, price: kzt(140_000), stock: 1 },
    ],
    status: 'draft',
    images: 0,
  },

  // ---------- Жолдасбек домбыралары (Taraz): dombra
  {
    maker: 'baurzhan.zholdasbekov@sheber.kz',
    category: 'dombra',
    title: { kk: 'Тұтас өрік ағашынан жасалған домбыра', ru: 'Домбра из цельного абрикоса', en: 'Dombra carved from solid apricot wood' },
    description: {
      kk: 'Шанағы тұтас өрік ағашынан ойылған, қақпағы шыршадан. Даусы жұмсақ әрі қоңыр, күйге де, әнге де лайық. Қабымен бірге.',
      ru: 'Корпус выдолблен из цельного абрикоса, дека — из ели. Звук мягкий и бархатный, для кюев и песен. В комплекте чехол.',
      en: 'A body hollowed from solid apricot wood with a spruce top. A soft, warm voice for küis and songs. Comes with a case.',
    },
    materials: ['өрік ағашы', 'абрикос', 'шырша', 'ель'],
    variants: [{ sku: 'BZ-DOMBRA-APRICOT', options: { length: '100 см' }, price: kzt(145_000), stock: 2 }],
    status: 'published',
  },
  {
    maker: 'baurzhan.zholdasbekov@sheber.kz',
    category: 'dombra',
    title: { kk: 'Оқушыға арналған домбыра', ru: 'Ученическая домбра', en: 'Student dombra' },
    description: {
      kk: 'Музыка мектебіне баратын балаларға: жеңіл, перне аралығы дұрыс, ұзақ ұстайды. Баптап, жаңа ішекпен береміз.',
      ru: 'Для детей, которые идут в музыкальную школу: лёгкая, с выверенной мензурой, держит строй. Отдаём настроенной, с новыми струнами.',
      en: 'For children starting music school: light, with an accurate scale, and it stays in tune. Set up with new strings.',
    },
    materials: ['қайың', 'берёза', 'шырша', 'ель'],
    variants: [
      { sku: 'BZ-DOMBRA-KIDS-85', options: { length: '85 см (детская)' }, price: kzt(60_000), stock: 4 },
      { sku: 'BZ-DOMBRA-STD-100', options: { length: '100 см' }, price: kzt(65_000), stock: 5 },
    ],
    status: 'published',
  },
  {
    maker: 'baurzhan.zholdasbekov@sheber.kz',
    category: 'dombra',
    title: { kk: 'Ою-өрнекті концерттік домбыра (тапсырыспен)', ru: 'Концертная домбра с инкрустацией (под заказ)', en: 'Concert dombra with inlay (made to order)' },
    description: {
      kk: 'Сахнаға арналған домбыра: шанағы жаңғақ ағашынан, мойнына сүйек пен күміспен ою салынады. Ұзындығы мен реңін орындаушыға қарай таңдаймыз.',
      ru: 'Домбра для сцены: корпус из ореха, на грифе инкрустация костью и серебром. Длину и тембр подбираем под исполнителя.',
      en: 'A stage instrument: walnut body, the neck inlaid with bone and silver. Length and tone are chosen for the player.',
    },
    materials: ['жаңғақ', 'орех', 'сүйек', 'кость', 'күміс'],
    leadTimeDays: 45,
    variants: [{ sku: 'BZ-DOMBRA-CONCERT', price: kzt(250_000), stock: 2 }],
    status: 'published',
  },
  {
    maker: 'baurzhan.zholdasbekov@sheber.kz',
    category: 'dombra',
    title: { kk: 'Домбыра қабы', ru: 'Чехол для домбры', en: 'Dombra case' },
    description: {
      kk: 'Қалың киізден тігілген, сырты брезент, иыққа асатын белбеуі бар. 100 см-ге дейінгі домбыраға.',
      ru: 'Из плотного войлока, снаружи брезент, с плечевым ремнём. Для домбр до 100 см.',
      en: 'Thick felt inside, canvas outside, with a shoulder strap. Fits dombras up to 100 cm.',
    },
    materials: ['киіз', 'войлок', 'брезент'],
    variants: [{ sku: 'BZ-CASE-100', price: kzt(18_000), stock: 6 }],
    status: 'pending_review',
  },

  // ---------- Гүлмира: сырмақ пен текемет (Taraz): felt rugs
  {
    maker: 'gulmira.isaeva@sheber.kz',
    category: 'syrmak',
    title: { kk: '«Қошқар мүйіз» сырмағы', ru: 'Сырмак «Кошкар муйиз»', en: '“Koshkar muiz” syrmak rug' },
    description: {
      kk: 'Қызыл мен көк киізден құралған сырмақ, жиегі түйе жүнінен ширатылған жіппен көмкерілген. Еденге де, қабырғаға да.',
      ru: 'Мозаичный сырмак из красного и синего войлока, края обшиты шнуром из верблюжьей шерсти. Для пола и для стены.',
      en: 'A mosaic rug of red and blue felt, edged with camel-wool cord. For the floor or the wall.',
    },
    materials: ['қой жүні', 'овечья шерсть', 'түйе жүні', 'верблюжья шерсть'],
    variants: [
      { sku: 'GI-SYRMAK-150X200', options: { size: '1,5×2 м' }, price: kzt(280_000), stock: 1 },
      { sku: 'GI-SYRMAK-200X300', options: { size: '2×3 м' }, price: kzt(450_000), stock: 1 },
    ],
    status: 'published',
  },
  {
    maker: 'gulmira.isaeva@sheber.kz',
    category: 'tekemet',
    title: { kk: '«Айша бибі» текеметі, 2×3 м', ru: 'Текемет «Айша-Биби», 2×3 м', en: '“Aisha Bibi” tekemet, 2×3 m' },
    description: {
      kk: 'Басылған киіз кілем, өрнегі Айша бибі кесенесінің терракота ою-өрнегінен алынған. Табиғи бояулар: рауғаш, анар қабығы.',
      ru: 'Валяный ковёр с узором по мотивам терракотового декора мавзолея Айша-Биби. Натуральные красители: ревень, корка граната.',
      en: 'A pressed felt rug whose pattern follows the terracotta decoration of the Aisha Bibi mausoleum. Natural dyes: rhubarb and pomegranate peel.',
    },
    materials: ['қой жүні', 'овечья шерсть', 'табиғи бояу'],
    variants: [{ sku: 'GI-TEKEMET-AISHA', options: { size: '2×3 м' }, price: kzt(320_000), stock: 1 }],
    status: 'published',
  },
  {
    maker: 'gulmira.isaeva@sheber.kz',
    category: 'syrmak',
    title: { kk: 'Тапсырыспен сырмақ: өлшемі мен түсін өзіңіз таңдайсыз', ru: 'Сырмак на заказ: ваш размер и цвета', en: 'Custom syrmak: your size and colours' },
    description: {
      kk: 'Бөлменің өлшемін жіберіңіз, эскиз бен түстерді бірге таңдаймыз. Бағасы ауданына байланысты.',
      ru: 'Пришлите размеры комнаты — вместе выберем эскиз и цвета. Цена зависит от площади.',
      en: 'Send the size of your room and we will choose the design and colours together. Priced by area.',
    },
    materials: ['қой жүні', 'овечья шерсть'],
    leadTimeDays: 45,
    variants: [
      { sku: 'GI-SYRMAK-ORDER-6M2', options: { area: 'до 6 м²' }, price: kzt(480_000), stock: 3 },
      { sku: 'GI-SYRMAK-ORDER-10M2', options: { area: 'до 10 м²' }, price: kzt(750_000), stock: 2 },
    ],
    status: 'published',
  },
  {
    maker: 'gulmira.isaeva@sheber.kz',
    category: 'tekemet',
    title: { kk: 'Есік алдына шағын текемет, 60×90', ru: 'Маленький текемет к двери, 60×90', en: 'Small tekemet doormat, 60×90' },
    description: {
      kk: 'Жылы әрі берік кішкентай киіз кілемше. Кір тартпайды, шаңын қағып тазалайды.',
      ru: 'Тёплый и прочный маленький войлочный коврик. Грязь не впитывает, чистится выбиванием.',
      en: 'A warm, sturdy little felt rug that does not hold dirt; just shake it out.',
    },
    materials: ['қой жүні', 'овечья шерсть'],
    variants: [{ sku: 'GI-TEKEMET-60X90', options: { size: '60×90 см' }, price: kzt(45_000), stock: 4 }],
    status: 'published',
  },

  // ---------- Ағаш шебері Нұрлан (Taraz): woodwork
  {
    maker: 'nurlan.abdirakhmanov@sheber.kz',
    category: 'wooden-tableware',
    title: { kk: 'Қайыңнан жасалған тостаған', ru: 'Тостаган из берёзы', en: 'Birch tostagan bowl' },
    description: {
      kk: 'Ағаш кесе, сыртында ойылған өрнек. Зығыр майымен өңделген, ыстық шайға жарайды.',
      ru: 'Деревянная чаша с резным орнаментом снаружи. Пропитана льняным маслом, подходит для горячего чая.',
      en: 'A wooden bowl with a carved ornament, finished with linseed oil; fine for hot tea.',
    },
    materials: ['қайың', 'берёза', 'зығыр майы', 'льняное масло'],
    variants: [
      { sku: 'NA-TOSTAGAN-S', options: { size: '250 мл' }, price: kzt(9_000), stock: 8 },
      { sku: 'NA-TOSTAGAN-L', options: { size: '500 мл' }, price: kzt(12_000), stock: 5 },
    ],
    status: 'published',
  },
  {
    maker: 'nurlan.abdirakhmanov@sheber.kz',
    category: 'wooden-tableware',
    title: { kk: 'Ою-өрнекті ожау', ru: 'Ожау (ковш) с резьбой', en: 'Carved ozhau ladle' },
    description: {
      kk: 'Қымыз құюға арналған ожау, сабы қошқар мүйіз пішінінде ойылған.',
      ru: 'Ковш для разлива кумыса, ручка вырезана в форме бараньего рога.',
      en: 'A ladle for pouring kumys, its handle carved as a ram’s horn.',
    },
    materials: ['қайың', 'берёза'],
    variants: [{ sku: 'NA-OZHAU', price: kzt(7_500), stock: 10 }],
    status: 'published',
  },
  {
    maker: 'nurlan.abdirakhmanov@sheber.kz',
    category: 'wooden-tableware',
    title: { kk: 'Ет астауы, жаңғақ ағашы', ru: 'Астау для мяса из ореха', en: 'Walnut astau platter for meat' },
    description: {
      kk: 'Бешбармаққа арналған дәстүрлі астау, 55 см. Тұтас жаңғақ ағашынан ойылған.',
      ru: 'Традиционное блюдо для бешбармака, 55 см. Вырезано из цельного ореха.',
      en: 'A traditional 55 cm platter for beshbarmak, carved from a single piece of walnut.',
    },
    materials: ['жаңғақ', 'орех'],
    variants: [{ sku: 'NA-ASTAU-55', options: { length: '55 см' }, price: kzt(26_000), stock: 3 }],
    status: 'published',
  },
  {
    maker: 'nurlan.abdirakhmanov@sheber.kz',
    category: 'wood-carving',
    title: { kk: 'Ойып өрнектелген сандық (тапсырыспен)', ru: 'Резной сандык (под заказ)', en: 'Carved sandyq chest (made to order)' },
    description: {
      kk: 'Қыз жасауына арналған сандық: қарағай мен жаңғақ, қаңылтыр көмкерме, қолмен ойылған өрнек. Өлшемін келісеміз.',
      ru: 'Сундук для приданого: сосна и орех, оковка из жести, ручная резьба. Размер обсуждаем.',
      en: 'A dowry chest in pine and walnut with tin banding and hand carving. Size on request.',
    },
    materials: ['қарағай', 'сосна', 'жаңғақ', 'орех', 'жесть'],
    leadTimeDays: 40,
    variants: [{ sku: 'NA-SANDYQ', price: kzt(180_000), stock: 2 }],
    status: 'published',
  },
  {
    maker: 'nurlan.abdirakhmanov@sheber.kz',
    category: 'souvenirs',
    title: { kk: 'Киіз үй макеті, 40 см', ru: 'Макет юрты, 40 см', en: 'Model yurt, 40 cm' },
    description: {
      kk: 'Керегесі, уығы мен шаңырағы ағаштан жиналатын киіз үй макеті. Мектепке немесе кеңсеге сыйлық.',
      ru: 'Макет юрты со складной деревянной решёткой-кереге, уыками и шаныраком. Подарок в школу или в офис.',
      en: 'A model yurt with a folding wooden lattice, roof poles and shanyrak. A gift for a school or an office.',
    },
    materials: ['ағаш', 'дерево', 'киіз', 'войлок'],
    variants: [{ sku: 'NA-YURT-MODEL-40', price: kzt(35_000), stock: 4 }],
    status: 'rejected',
    rejectReason: 'Фото не соответствует описанию: на снимке макет без войлочного покрытия. Загрузите фото готового изделия.',
  },

  // ---------- Мәдина күміс (Turkestan): silver
  {
    maker: 'madina.zhumabaeva@sheber.kz',
    category: 'silver-jewellery',
    title: { kk: 'Карнеол тасты күміс сырға', ru: 'Серебряные серьги с сердоликом', en: 'Silver earrings with carnelian' },
    description: {
      kk: '925 сынамалы күміс, қарақат тәрізді карнеол тас, бәдізді өрнек. Ескі түркістандық сырғаның үлгісімен.',
      ru: 'Серебро 925 пробы, сердолик кабошоном, гравированный орнамент. По образцу старинных туркестанских серёг.',
      en: 'Sterling silver with carnelian cabochons and an engraved ornament, after old Turkestan earrings.',
    },
    materials: ['күміс 925', 'серебро 925', 'карнеол', 'сердолик'],
    variants: [{ sku: 'MZ-SYRGA-CARNELIAN', price: kzt(35_000), stock: 3 }],
    status: 'published',
  },
  {
    maker: 'madina.zhumabaeva@sheber.kz',
    category: 'silver-jewellery',
    title: { kk: '«Түркістан» күміс білезігі', ru: 'Серебряный браслет «Туркестан»', en: '“Turkestan” silver cuff' },
    description: {
      kk: 'Кең білезік, бетіне Қожа Ахмет Ясауи кесенесінің өрнегі қашалған. Ішкі жағына қалауыңыз бойынша жазу саламын.',
      ru: 'Широкий браслет с чеканкой по мотивам орнамента мавзолея Ходжи Ахмеда Ясави. Внутри могу выгравировать надпись.',
      en: 'A wide cuff chased with a pattern from the Mausoleum of Khoja Ahmed Yasawi. An engraving inside on request.',
    },
    materials: ['күміс 925', 'серебро 925'],
    variants: [
      { sku: 'MZ-BILEZIK-16', options: { size: '16 см' }, price: kzt(48_000), stock: 2 },
      { sku: 'MZ-BILEZIK-17', options: { size: '17 см' }, price: kzt(48_000), stock: 2 },
      { sku: 'MZ-BILEZIK-18', options: { size: '18 см' }, price: kzt(50_000), stock: 1 },
    ],
    status: 'published',
  },
  {
    maker: 'madina.zhumabaeva@sheber.kz',
    category: 'silver-jewellery',
    title: { kk: '«Құсмұрын» жүзігі', ru: 'Кольцо «Кусмурын»', en: '“Qusmuryn” ring' },
    description: {
      kk: 'Құстың тұмсығына ұқсас дәстүрлі жүзік, бетінде бірюза. Күнделікті тағуға ыңғайлы.',
      ru: 'Традиционное кольцо в форме птичьего клюва, со вставкой из бирюзы. Удобно носить каждый день.',
      en: 'A traditional beak-shaped ring set with turquoise, comfortable for everyday wear.',
    },
    materials: ['күміс 925', 'серебро 925', 'бірюза', 'бирюза'],
    variants: [
      { sku: 'MZ-ZHUZIK-16', options: { size: '16' }, price: kzt(22_000), stock: 2 },
      { sku: 'MZ-ZHUZIK-17', options: { size: '17' }, price: kzt(22_000), stock: 3 },
      { sku: 'MZ-ZHUZIK-18', options: { size: '18' }, price: kzt(22_000), stock: 2 },
      { sku: 'MZ-ZHUZIK-19', options: { size: '19' }, price: kzt(23_000), stock: 0 },
    ],
    status: 'published',
  },
  {
    maker: 'madina.zhumabaeva@sheber.kz',
    category: 'silver-jewellery',
    title: { kk: 'Шолпы (шашқа тағатын әшекей), тапсырыспен', ru: 'Шолпы — украшение для кос (под заказ)', en: 'Sholpy braid pendants (made to order)' },
    description: {
      kk: 'Бұрымның ұшына тағылатын сылдырмақ әшекей. Күміс, маржан, ұзындығы 25 см. Жұбымен жасалады.',
      ru: 'Звенящие подвески на концы кос. Серебро, коралл, длина 25 см. Делаются парой.',
      en: 'Chiming pendants worn at the ends of braids, in silver and coral, 25 cm long. Made as a pair.',
    },
    materials: ['күміс 925', 'серебро 925', 'маржан', 'коралл'],
    leadTimeDays: 30,
    variants: [{ sku: 'MZ-SHOLPY-PAIR', options: { set: 'пара' }, price: kzt(65_000), stock: 2 }],
    status: 'pending_review',
  },
  {
    maker: 'madina.zhumabaeva@sheber.kz',
    category: 'beadwork',
    title: { kk: 'Моншақ алқа', ru: 'Колье-алка из бусин', en: 'Beaded alqa necklace' },
    description: {
      kk: 'Кеуде әшекейі: күміс түйреуіштер, қызыл маржан мен ақ моншақ. Ұзындығын реттеуге болады.',
      ru: 'Нагрудное украшение: серебряные элементы, красный коралл и белые бусины. Длина регулируется.',
      en: 'A breast ornament of silver links, red coral and white beads, with an adjustable length.',
    },
    materials: ['моншақ', 'бусины', 'маржан', 'коралл', 'күміс'],
    variants: [{ sku: 'MZ-ALQA-RED', options: { colour: 'красный' }, price: kzt(14_000), stock: 4 }],
    status: 'published',
  },

  // ---------- Сауран кілемдері (Turkestan): carpets and weaving
  {
    maker: 'gulnar.tursynova@sheber.kz',
    category: 'pile-carpets',
    title: { kk: '«Сауран» түкті кілемі, 2×3 м', ru: 'Ворсовый ковёр «Сауран», 2×3 м', en: '“Sauran” pile carpet, 2×3 m' },
    description: {
      kk: 'Жүн кілем, қолмен түйіп тоқылған, шаршы метрінде 90 мың түйін. Ортасында көне Сауран қаласының қақпасы бейнеленген.',
      ru: 'Шерстяной ковёр ручного узелкового ткачества, 90 тысяч узлов на квадратный метр. В центре — ворота древнего Саурана.',
      en: 'A hand-knotted wool carpet with 90,000 knots per square metre; the gate of ancient Sauran in the centre.',
    },
    materials: ['жүн', 'шерсть', 'мақта негіз', 'хлопковая основа'],
    variants: [{ sku: 'GT-KILEM-SAURAN', options: { size: '2×3 м' }, price: kzt(650_000), stock: 1 }],
    status: 'published',
  },
  {
    maker: 'gulnar.tursynova@sheber.kz',
    category: 'tuskiiz',
    title: { kk: 'Қолмен кестеленген тұскиіз (тапсырыспен)', ru: 'Тускииз ручной вышивки (под заказ)', en: 'Hand-embroidered tuskiiz (made to order)' },
    description: {
      kk: 'Киіз үйдің немесе төрдің сәні. Барқыт негіз, жібек жіп, біз кесте. Өлшемі мен өрнегін келісеміз.',
      ru: 'Настенный ковёр для юрты или почётного места в доме. Бархатная основа, шёлковые нити, вышивка крючком. Размер и узор согласуем.',
      en: 'A wall hanging for a yurt or the place of honour at home: velvet ground, silk thread, hook embroidery. Size and design by agreement.',
    },
    materials: ['барқыт', 'бархат', 'жібек жіп', 'шёлковая нить'],
    leadTimeDays: 60,
    variants: [{ sku: 'GT-TUSKIIZ-ORDER', options: { size: '1,2×2 м' }, price: kzt(380_000), stock: 2 }],
    status: 'published',
  },
  {
    maker: 'gulnar.tursynova@sheber.kz',
    category: 'weaving',
    title: { kk: 'Алаша, жолақ тоқыма кілем', ru: 'Алаша — тканый полосатый ковёр', en: 'Alasha striped woven rug' },
    description: {
      kk: 'Өрмекте тоқылған жолақ алаша: жеңіл, екі жағы да бірдей. Дәлізге немесе саяжайға.',
      ru: 'Полосатая алаша, сотканная на станке: лёгкая, двусторонняя. Для прихожей или дачи.',
      en: 'A striped rug woven on a loom: light and reversible, for a hallway or a summer house.',
    },
    materials: ['жүн', 'шерсть', 'түйе жүні', 'верблюжья шерсть'],
    variants: [
      { sku: 'GT-ALASHA-100X200', options: { size: '1×2 м' }, price: kzt(85_000), stock: 3 },
      { sku: 'GT-ALASHA-150X300', options: { size: '1,5×3 м' }, price: kzt(160_000), stock: 1 },
    ],
    status: 'published',
  },
  {
    maker: 'gulnar.tursynova@sheber.kz',
    category: 'yurt-interior',
    title: { kk: 'Киіз үй басқұры, 8 м', ru: 'Баскур — тканая лента для юрты, 8 м', en: 'Basqur yurt band, 8 m' },
    description: {
      kk: 'Киіз үйдің керегесін айнала тартылатын өрнекті таспа. Ені 35 см.',
      ru: 'Узорная лента, которой обтягивают решётку юрты изнутри. Ширина 35 см.',
      en: 'A patterned band stretched around the yurt’s lattice wall, 35 cm wide.',
    },
    materials: ['жүн', 'шерсть'],
    variants: [{ sku: 'GT-BASQUR-8M', options: { length: '8 м' }, price: kzt(120_000), stock: 1 }],
    status: 'draft',
  },

  // ---------- Akhmetov Leather (membership pending): leather
  {
    maker: 'timur.akhmetov@sheber.kz',
    category: 'leather-goods',
    title: { kk: '«Керуен» былғары сөмкесі', ru: 'Кожаная сумка «Керуен»', en: '“Keruen” leather bag' },
    description: {
      kk: 'Иыққа асатын сөмке, өсімдікпен иленген былғары, қолмен ер тігісімен тігілген. А4 құжаттар сыяды.',
      ru: 'Сумка через плечо из кожи растительного дубления, прошита вручную седельным швом. Вмещает документы А4.',
      en: 'A shoulder bag in vegetable-tanned leather, hand saddle-stitched; fits A4 documents.',
    },
    materials: ['былғары', 'кожа растительного дубления', 'вощёная нить'],
    variants: [
      { sku: 'TA-BAG-KERUEN-COGNAC', options: { colour: 'коньячный' }, price: kzt(42_000), stock: 2 },
      { sku: 'TA-BAG-KERUEN-BLACK', options: { colour: 'чёрный' }, price: kzt(42_000), stock: 2 },
    ],
    status: 'pending_review',
  },
  {
    maker: 'timur.akhmetov@sheber.kz',
    category: 'leather-goods',
    title: { kk: 'Қолдан тігілген былғары белдік', ru: 'Кожаный ремень ручной работы', en: 'Handmade leather belt' },
    description: {
      kk: 'Қалыңдығы 4 мм былғары, жез тоғасы. Ұзындығын белгілі өлшемге қысқартамыз.',
      ru: 'Кожа толщиной 4 мм, латунная пряжка. Укоротим под нужную длину.',
      en: '4 mm leather with a brass buckle, shortened to your length.',
    },
    materials: ['былғары', 'кожа', 'жез', 'латунь'],
    variants: [
      { sku: 'TA-BELT-95', options: { length: '95 см' }, price: kzt(14_000), stock: 4 },
      { sku: 'TA-BELT-105', options: { length: '105 см' }, price: kzt(14_000), stock: 4 },
      { sku: 'TA-BELT-115', options: { length: '115 см' }, price: kzt(14_500), stock: 2 },
    ],
    status: 'draft',
  },
  {
    maker: 'timur.akhmetov@sheber.kz',
    category: 'leather-goods',
    title: { kk: 'Былғары әмиян', ru: 'Кожаный кошелёк', en: 'Leather wallet' },
    description: {
      kk: 'Сегіз карта мен ақшаға арналған бөлімі бар әмиян.',
      ru: 'Кошелёк с восемью отделениями для карт и отделением для купюр.',
      en: 'A wallet with eight card slots and a note compartment.',
    },
    materials: ['былғары', 'кожа'],
    variants: [{ sku: 'TA-WALLET', price: kzt(12_000), stock: 5 }],
    status: 'rejected',
    rejectReason: 'Описание повторяет текст с сайта фабрики, а фото — каталожное. Опишите своё изделие и загрузите фото готовой работы.',
  },

  // ---------- Алтайский войлок (East Kazakhstan): felt
  {
    maker: 'anna.kravchenko@sheber.kz',
    category: 'felt-goods',
    title: { kk: '«Алтай» киіз тәпішкесі', ru: 'Войлочные тапочки «Алтай»', en: '“Altai” felt slippers' },
    description: {
      kk: 'Алтай қойының жүнінен басылған тәпішке, табаны табиғи былғарыдан. Аяқты жылы ұстайды, терлетпейді.',
      ru: 'Тапочки из шерсти алтайских овец, подошва из натуральной кожи. Греют и не дают ногам потеть.',
      en: 'Slippers felted from Altai sheep wool with natural leather soles: warm, and your feet stay dry.',
    },
    materials: ['қой жүні', 'овечья шерсть', 'былғары', 'кожа'],
    variants: [
      { sku: 'AV-TAPKI-36', options: { size: '36–37' }, price: kzt(9_500), stock: 6 },
      { sku: 'AV-TAPKI-38', options: { size: '38–39' }, price: kzt(9_500), stock: 8 },
      { sku: 'AV-TAPKI-40', options: { size: '40–41' }, price: kzt(9_500), stock: 5 },
      { sku: 'AV-TAPKI-42', options: { size: '42–43' }, price: kzt(10_000), stock: 3 },
    ],
    status: 'published',
  },
  {
    maker: 'anna.kravchenko@sheber.kz',
    category: 'felt-goods',
    title: { kk: 'Кестеленген пима', ru: 'Валенки с вышивкой', en: 'Embroidered valenki boots' },
    description: {
      kk: 'Қолмен басылған пима, қонышы жүн жіппен кестеленген. Аяқ өлшеміңізге қарай басамыз.',
      ru: 'Валенки ручного валяния с вышивкой шерстью по голенищу. Валяем по мерке вашей стопы.',
      en: 'Hand-felted boots with wool embroidery on the shaft, felted to the measure of your foot.',
    },
    materials: ['қой жүні', 'овечья шерсть'],
    leadTimeDays: 14,
    variants: [
      { sku: 'AV-VALENKI-37', options: { size: '37' }, price: kzt(28_000), stock: 3 },
      { sku: 'AV-VALENKI-39', options: { size: '39' }, price: kzt(28_000), stock: 3 },
      { sku: 'AV-VALENKI-42', options: { size: '42' }, price: kzt(30_000), stock: 3 },
    ],
    status: 'published',
  },
  {
    maker: 'anna.kravchenko@sheber.kz',
    category: 'felt-goods',
    title: { kk: '«Ертіс» шарфы, нуно-фелтинг', ru: 'Шарф «Иртыш», нуно-фелтинг', en: '“Irtysh” nuno-felted scarf' },
    description: {
      kk: 'Жібек матаға басылған жұқа меринос жүні: жеңіл, жылы және тікенектемейді.',
      ru: 'Тонкая шерсть мериноса, вваленная в шёлковый шифон: лёгкий, тёплый, не колется.',
      en: 'Fine merino felted into silk chiffon: light, warm and never itchy.',
    },
    materials: ['меринос жүні', 'шерсть мериноса', 'жібек', 'шёлк'],
    variants: [
      { sku: 'AV-SHARF-BLUE', options: { colour: 'синий' }, price: kzt(16_000), stock: 4 },
      { sku: 'AV-SHARF-TERRACOTTA', options: { colour: 'терракотовый' }, price: kzt(16_000), stock: 2 },
    ],
    status: 'published',
  },
  {
    maker: 'anna.kravchenko@sheber.kz',
    category: 'felt-goods',
    title: { kk: '«Барыс» киіз ойыншығы', ru: 'Войлочная игрушка «Барс»', en: '“Snow leopard” felt toy' },
    description: {
      kk: 'Ине әдісімен басылған қар барысы, биіктігі 15 см. Балаларға 3 жастан.',
      ru: 'Снежный барс в технике сухого валяния, высота 15 см. Для детей от 3 лет.',
      en: 'A needle-felted snow leopard, 15 cm tall. For children aged 3 and over.',
    },
    materials: ['қой жүні', 'овечья шерсть'],
    variants: [{ sku: 'AV-BARYS-15', price: kzt(7_000), stock: 6 }],
    status: 'pending_review',
  },

  // ---------- Саятшы (East Kazakhstan): eagle-hunting gear and horse tack
  {
    maker: 'serik.mukhamediev@sheber.kz',
    category: 'horse-tack',
    title: { kk: 'Бүркітке арналған томаға', ru: 'Томага — клобучок для беркута', en: 'Tomagha hood for a golden eagle' },
    description: {
      kk: 'Бүркіттің басына кигізілетін томаға, қалың былғарыдан, үкісі бар. Құстың өлшемін жіберіңіз.',
      ru: 'Клобучок на голову беркута из плотной кожи, с пучком перьев. Пришлите мерку птицы.',
      en: 'A thick leather hood for a golden eagle, topped with a feather plume. Send us your bird’s measurements.',
    },
    materials: ['былғары', 'кожа', 'үкі', 'перья филина'],
    variants: [
      { sku: 'SM-TOMAGA-F', options: { size: 'самка (крупная)' }, price: kzt(40_000), stock: 2 },
      { sku: 'SM-TOMAGA-M', options: { size: 'самец' }, price: kzt(38_000), stock: 2 },
    ],
    status: 'published',
  },
  {
    maker: 'serik.mukhamediev@sheber.kz',
    category: 'horse-tack',
    title: { kk: 'Сегіз таспалы өрме қамшы', ru: 'Плетёная камча в восемь ремешков', en: 'Eight-strand braided qamshy whip' },
    description: {
      kk: 'Сабы арша ағашынан, өрімі сегіз таспа қайыс. Үйдің төріне ілуге немесе атқа.',
      ru: 'Рукоять из арчи, плетение из восьми сыромятных ремешков. Для верховой езды или на почётное место в доме.',
      en: 'A juniper handle and an eight-strand rawhide braid. For riding, or to hang in the place of honour.',
    },
    materials: ['қайыс', 'сыромятная кожа', 'арша', 'арча'],
    variants: [{ sku: 'SM-QAMSHY-8', price: kzt(15_000), stock: 5 }],
    status: 'published',
  },
  {
    maker: 'serik.mukhamediev@sheber.kz',
    category: 'horse-tack',
    title: { kk: 'Бүркітшінің биялайы', ru: 'Биялай — перчатка беркутчи', en: 'Biyalai eagle-hunter’s gauntlet' },
    description: {
      kk: 'Қос қабат былғарыдан тігілген ұзын биялай, бүркіттің тырнағынан қорғайды.',
      ru: 'Длинная перчатка из двойной кожи, защищает руку от когтей беркута.',
      en: 'A long double-leather gauntlet that protects the arm from the eagle’s talons.',
    },
    materials: ['былғары', 'кожа'],
    variants: [{ sku: 'SM-BIYALAI', price: kzt(30_000), stock: 3 }],
    status: 'published',
  },
  {
    maker: 'serik.mukhamediev@sheber.kz',
    category: 'horse-tack',
    title: { kk: 'Ер-тұрман жиынтығы (тапсырыспен)', ru: 'Комплект конского снаряжения (под заказ)', en: 'Saddle and tack set (made to order)' },
    description: {
      kk: 'Ағаш ер, тоқым, жүген, өмілдірік пен құйысқан. Күміспен әшекейлеуге болады.',
      ru: 'Деревянное седло, потник, уздечка, нагрудник и подхвостник. Возможна отделка серебром.',
      en: 'A wooden saddle, felt saddle pad, bridle, breastplate and crupper; silver fittings on request.',
    },
    materials: ['ағаш', 'дерево', 'былғары', 'кожа', 'киіз', 'войлок'],
    leadTimeDays: 60,
    variants: [{ sku: 'SM-ER-TURMAN', price: kzt(450_000), stock: 1 }],
    status: 'published',
  },

  // ---------- Қасымов аспаптары (East Kazakhstan): kobyz and zhetigen
  {
    maker: 'yerbolat.kassymov@sheber.kz',
    category: 'kobyz',
    title: { kk: 'Түйе терісімен қапталған қылқобыз', ru: 'Кылкобыз с декой из верблюжьей кожи', en: 'Qyl-kobyz with a camel-skin soundboard' },
    description: {
      kk: 'Тұтас қайыңнан ойылған қылқобыз, шанағы түйе терісімен қапталған, ішектері жылқы қылынан. Садағымен бірге.',
      ru: 'Кылкобыз, выдолбленный из цельной берёзы, дека из верблюжьей кожи, струны из конского волоса. В комплекте смычок.',
      en: 'A qyl-kobyz hollowed from solid birch with a camel-skin soundboard and horsehair strings. Bow included.',
    },
    materials: ['қайың', 'берёза', 'түйе терісі', 'конский волос'],
    variants: [{ sku: 'YK-KOBYZ', price: kzt(220_000), stock: 1 }],
    status: 'published',
  },
  {
    maker: 'yerbolat.kassymov@sheber.kz',
    category: 'zhetigen',
    title: { kk: 'Жеті ішекті жетіген', ru: 'Семиструнный жетыген', en: 'Seven-string zhetigen' },
    description: {
      kk: 'Ежелгі шертпелі аспап: шанағы қарағайдан, тиектері асықтан. Аңызына сай жеті ішекті.',
      ru: 'Древний щипковый инструмент: корпус из сосны, подставки из асыков. Семь струн — как в легенде.',
      en: 'An ancient plucked zither: a pine body with asyq-bone bridges and seven strings, as in the legend.',
    },
    materials: ['қарағай', 'сосна', 'асық'],
    variants: [
      { sku: 'YK-ZHETIGEN-7', options: { size: 'концертный' }, price: kzt(160_000), stock: 2 },
      { sku: 'YK-ZHETIGEN-KIDS', options: { size: 'детский' }, price: kzt(85_000), stock: 3 },
    ],
    status: 'published',
  },

  // ---------- Ольга Ким (no association): beadwork and souvenirs
  {
    maker: 'olga.kim@sheber.kz',
    category: 'beadwork',
    title: { kk: '«Тұмар» моншақ төсбелгісі', ru: 'Брошь из бисера «Тумар»', en: '“Tumar” beaded brooch' },
    description: {
      kk: 'Үшбұрышты тұмар пішінді төсбелгі, чех моншағынан кестеленген. Өлшемі 6×4 см.',
      ru: 'Брошь в форме треугольного амулета-тумара, вышита чешским бисером. Размер 6×4 см.',
      en: 'A brooch shaped like a triangular tumar amulet, embroidered with Czech seed beads. 6×4 cm.',
    },
    materials: ['чех моншағы', 'чешский бисер', 'фетр'],
    variants: [
      { sku: 'OK-TUMAR-RED', options: { colour: 'красный' }, price: kzt(6_500), stock: 5 },
      { sku: 'OK-TUMAR-TURQ', options: { colour: 'бирюзовый' }, price: kzt(6_500), stock: 4 },
    ],
    status: 'published',
  },
  {
    maker: 'olga.kim@sheber.kz',
    category: 'beadwork',
    title: { kk: '«Ою» моншақ сырғасы', ru: 'Серьги из бисера «Ою»', en: '“Oyu” beaded earrings' },
    description: {
      kk: 'Қошқар мүйіз оюы бар жеңіл сырға, ілгегі гипоаллергенді болаттан.',
      ru: 'Лёгкие серьги с орнаментом «кошкар муйиз», швензы из гипоаллергенной стали.',
      en: 'Light earrings with a ram’s-horn ornament on hypoallergenic steel hooks.',
    },
    materials: ['моншақ', 'бисер', 'хирургиялық болат', 'медицинская сталь'],
    variants: [
      { sku: 'OK-OYU-GOLD', options: { colour: 'золотистый' }, price: kzt(5_500), stock: 7 },
      { sku: 'OK-OYU-BLUE', options: { colour: 'синий' }, price: kzt(5_500), stock: 6 },
    ],
    status: 'published',
    revision: {
      description: {
        kk: 'Қошқар мүйіз оюы бар жеңіл сырға, ілгегі гипоаллергенді болаттан. Ұзындығы 5 см, салмағы 4 г.',
        ru: 'Лёгкие серьги с орнаментом «кошкар муйиз», швензы из гипоаллергенной стали. Длина 5 см, вес 4 г.',
        en: 'Light earrings with a ram’s-horn ornament on hypoallergenic steel hooks. 5 cm long, 4 g each.',
      },
    },
  },
  {
    maker: 'olga.kim@sheber.kz',
    category: 'souvenirs',
    title: { kk: '«Шаңырақ» магниттері, 3 дана', ru: 'Магниты «Шанырак», набор 3 шт.', en: '“Shanyrak” fridge magnets, set of 3' },
    description: {
      kk: 'Шаңырақ, домбыра және киіз үй бейнеленген магниттер.',
      ru: 'Магниты с шаныраком, домброй и юртой.',
      en: 'Magnets showing a shanyrak, a dombra and a yurt.',
    },
    materials: ['пластик', 'магнит'],
    variants: [{ sku: 'OK-MAGNET-SET3', price: kzt(3_000), stock: 20 }],
    status: 'rejected',
    rejectReason: 'Похоже на фабричную сувенирную продукцию: на Sheber продаются только изделия ручной работы. Пришлите фото процесса изготовления.',
  },
];
