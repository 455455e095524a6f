import { DemoMaker, kzt } from './types';

/**
 * Thirteen makers with their shops. Most are approved members of an association;
 * Timur Akhmetov's request waits in Turkestan, and Olga Kim sells without one.
 */
export const MAKERS: DemoMaker[] = [
  // ---------- Shymkent
  {
    email: 'aigerim.tolegenova@sheber.kz',
    name: 'Айгерім Төлегенова',
    locale: 'kk',
    association: 'shymkent',
    shop: {
      name: 'Айгерім керамика',
      slug: 'aigerim-keramika',
      bio: {
        kk: 'Сайрам құмырашыларының дәстүрін жалғастырамын: ыдысты қолмен илеп, көгілдір глазурьмен өрнектеймін. Әр кесе бір данада жасалады.',
        ru: 'Продолжаю традиции сайрамских гончаров: леплю вручную и расписываю бирюзовой глазурью. Каждая пиала — в единственном экземпляре.',
        en: 'I continue the tradition of the Sairam potters: every piece is thrown by hand and painted with turquoise glaze. Each bowl is one of a kind.',
      },
      region: 'shymkent',
      city: 'Шымкент',
      shippingFee: kzt(2_000),
      freeShippingOver: kzt(40_000),
    },
  },
  {
    email: 'zhanar.abdullaeva@sheber.kz',
    name: 'Жанар Абдуллаева',
    locale: 'ru',
    association: 'shymkent',
    shop: {
      name: 'Жанар ательесі',
      slug: 'zhanar-atelier',
      bio: {
        kk: 'Ұлттық киімді заманауи пішінде тігемін: шапан, тақия, жаулық. Кестенің бәрін қолмен саламын.',
        ru: 'Шью национальную одежду в современном крое: чапаны, такии, жаулыки. Вся вышивка — ручная.',
        en: 'Kazakh national clothing in a contemporary cut: chapans, takiya caps and zhaulyq headscarves, all embroidered by hand.',
      },
      region: 'shymkent',
      city: 'Шымкент',
      shippingFee: kzt(2_500),
      freeShippingOver: kzt(60_000),
    },
  },
  {
    email: 'dana.ospanova@sheber.kz',
    name: 'Дана Оспанова',
    locale: 'ru',
    association: 'shymkent',
    shop: {
      name: 'Dana Ospanova Art',
      slug: 'dana-ospanova-art',
      bio: {
        kk: 'Шымкенттік суретші. Майлы бояу мен графика: дала, Қаратау таулары, ескі Шымкенттің көшелері.',
        ru: 'Шымкентская художница. Масло и графика: степь, горы Каратау и улочки старого Шымкента.',
        en: 'A Shymkent painter working in oils and graphics: the steppe, the Karatau mountains and the streets of old Shymkent.',
      },
      region: 'shymkent',
      city: 'Шымкент',
      shippingFee: kzt(3_000),
      freeShippingOver: kzt(100_000),
    },
  },
  // ---------- Taraz
  {
    email: 'baurzhan.zholdasbekov@sheber.kz',
    name: 'Бауыржан Жолдасбеков',
    locale: 'kk',
    association: 'taraz',
    shop: {
      name: 'Жолдасбек домбыралары',
      slug: 'zholdasbek-dombra',
      bio: {
        kk: 'Домбыраны жиырма жылдан бері жасаймын. Шанағын тұтас өрік ағашынан ойып, әрқайсысын қолмен баптаймын.',
        ru: 'Делаю домбры двадцать лет. Корпус выдалбливаю из цельного абрикосового дерева, каждую настраиваю вручную.',
        en: 'I have been making dombras for twenty years, carving each body from solid apricot wood and setting it up by hand.',
      },
      region: 'zhambyl',
      city: 'Тараз',
      shippingFee: kzt(3_500),
      freeShippingOver: kzt(150_000),
    },
  },
  {
    email: 'gulmira.isaeva@sheber.kz',
    name: 'Гүлмира Исаева',
    locale: 'kk',
    association: 'taraz',
    shop: {
      name: 'Гүлмира: сырмақ пен текемет',
      slug: 'gulmira-kiiz',
      bio: {
        kk: 'Айша бибі ауылында анамнан үйренгенімдей сырмақ тігіп, текемет басамын. Қой жүні, табиғи бояулар.',
        ru: 'В селе Айша-Биби шью сырмаки и валяю текеметы так, как научила мама. Овечья шерсть, натуральные красители.',
        en: 'In the village of Aisha Bibi I make syrmak and tekemet felt rugs the way my mother taught me: sheep’s wool and natural dyes.',
      },
      region: 'zhambyl',
      city: 'Айша-Биби',
      shippingFee: kzt(3_000),
      freeShippingOver: kzt(80_000),
    },
  },
  {
    email: 'nurlan.abdirakhmanov@sheber.kz',
    name: 'Нұрлан Әбдірахманов',
    locale: 'kk',
    association: 'taraz',
    shop: {
      name: 'Ағаш шебері Нұрлан',
      slug: 'nurlan-agash',
      bio: {
        kk: 'Ағаштан ыдыс-аяқ пен ойып өрнектелген бұйымдар жасаймын: тостаған, ожау, астау, сандық.',
        ru: 'Деревянная посуда и резные изделия: тостаганы, ожау, астау, сандыки.',
        en: 'Wooden tableware and carved pieces: tostagan bowls, ozhau ladles, astau platters and sandyq chests.',
      },
      region: 'zhambyl',
      city: 'Тараз',
      shippingFee: kzt(2_000),
      freeShippingOver: kzt(50_000),
    },
  },
  // ---------- Turkestan
  {
    email: 'madina.zhumabaeva@sheber.kz',
    name: 'Мәдина Жұмабаева',
    locale: 'kk',
    association: 'turkestan',
    shop: {
      name: 'Мәдина күміс',
      slug: 'madina-kumis',
      bio: {
        kk: 'Күмістен әйелдер әшекейлерін жасаймын: сырға, білезік, жүзік, шолпы. Ескі түркістандық үлгілер бойынша.',
        ru: 'Женские украшения из серебра: серьги, браслеты, кольца, шолпы — по старинным туркестанским образцам.',
        en: 'Women’s silver jewellery — earrings, bracelets, rings and sholpy hair pendants — after old Turkestan designs.',
      },
      region: 'turkestan',
      city: 'Туркестан',
      shippingFee: kzt(1_500),
      freeShippingOver: kzt(50_000),
    },
  },
  {
    email: 'gulnar.tursynova@sheber.kz',
    name: 'Гүлнар Тұрсынова',
    locale: 'kk',
    association: 'turkestan',
    shop: {
      name: 'Сауран кілемдері',
      slug: 'sauran-kilem',
      bio: {
        kk: 'Түкті кілем мен алашаны өрмек станогында тоқимын, тұскиіз кестелеймін. Бояуды өсімдіктерден өзім дайындаймын.',
        ru: 'Тку ворсовые ковры и алаши на станке, вышиваю тускиизы. Красители готовлю сама из растений.',
        en: 'I weave pile carpets and alasha rugs on a loom and embroider tuskiiz wall hangings, with dyes I make from plants.',
      },
      region: 'turkestan',
      city: 'Туркестан',
      shippingFee: kzt(4_000),
      freeShippingOver: kzt(200_000),
    },
  },
  {
    email: 'timur.akhmetov@sheber.kz',
    name: 'Тимур Ахметов',
    locale: 'ru',
    association: 'turkestan',
    membership: 'pending',
    membershipMessage: 'Здравствуйте! Шью сумки и ремни из кожи растительного дубления в Кентау, хочу продавать через ваш хаб в Туркестане.',
    shop: {
      name: 'Akhmetov Leather',
      slug: 'akhmetov-leather',
      bio: {
        kk: 'Қолдан тігілген былғары сөмкелер, белдіктер мен әмияндар. Өсімдікпен иленген былғары, ер тігісі.',
        ru: 'Кожаные сумки, ремни и кошельки ручной работы. Кожа растительного дубления, седельный шов вручную.',
        en: 'Handmade leather bags, belts and wallets in vegetable-tanned leather, hand-stitched with a saddle stitch.',
      },
      region: 'turkestan',
      city: 'Кентау',
      shippingFee: kzt(2_000),
      freeShippingOver: kzt(40_000),
    },
  },
  // ---------- East Kazakhstan
  {
    email: 'anna.kravchenko@sheber.kz',
    name: 'Анна Кравченко',
    locale: 'ru',
    association: 'east',
    shop: {
      name: 'Алтайский войлок',
      slug: 'altai-felt',
      bio: {
        kk: 'Алтай қойларының жүнінен киіз басамын: тәпішке, пима, шарф, ойыншықтар. Тек табиғи материалдар.',
        ru: 'Валяю из шерсти алтайских овец: тапочки, валенки, шарфы, игрушки. Мокрое валяние, только натуральные материалы.',
        en: 'Wet-felted goods from Altai sheep wool: slippers, valenki boots, scarves and toys. Natural materials only.',
      },
      region: 'east_kazakhstan',
      city: 'Усть-Каменогорск',
      shippingFee: kzt(2_500),
      freeShippingOver: kzt(35_000),
    },
  },
  {
    email: 'serik.mukhamediev@sheber.kz',
    name: 'Серік Мұхамедиев',
    locale: 'kk',
    association: 'east',
    shop: {
      name: 'Саятшы',
      slug: 'sayatshy',
      bio: {
        kk: 'Бүркітшілерге арналған жабдық пен ер-тұрман жасаймын: томаға, биялай, қамшы. «Шығыс салбурыны» фестивалінің қатысушысы.',
        ru: 'Снаряжение для беркутчи и конская сбруя: томага, биялай, камчи. Участник фестиваля «Шығыс салбурыны».',
        en: 'Gear for eagle hunters and horse tack: tomagha hoods, biyalai gauntlets and qamshy whips. A regular at the Shygys Salburyny festival.',
      },
      region: 'east_kazakhstan',
      city: 'с. Бозанбай, Уланский район',
      shippingFee: kzt(3_000),
      freeShippingOver: kzt(100_000),
    },
  },
  {
    email: 'yerbolat.kassymov@sheber.kz',
    name: 'Ерболат Қасымов',
    locale: 'kk',
    association: 'east',
    shop: {
      name: 'Қасымов аспаптары',
      slug: 'kassymov-instruments',
      bio: {
        kk: 'Қылқобыз бен жетіген жасаймын, ескі аспаптарды қалпына келтіремін.',
        ru: 'Делаю кылкобызы и жетыгены, реставрирую старинные инструменты.',
        en: 'I make qyl-kobyz fiddles and zhetigen zithers and restore old instruments.',
      },
      region: 'east_kazakhstan',
      city: 'Усть-Каменогорск',
      shippingFee: kzt(3_500),
      freeShippingOver: kzt(150_000),
    },
  },
  // ---------- No association
  {
    email: 'olga.kim@sheber.kz',
    name: 'Ольга Ким',
    locale: 'ru',
    association: null,
    shop: {
      name: 'Ольга Ким: бисер и сувениры',
      slug: 'olga-kim-beads',
      bio: {
        kk: 'Қазақ оюы бар моншақ әшекейлер мен кәдесыйлар: төсбелгі, сырға, магниттер.',
        ru: 'Украшения из бисера с казахским орнаментом и сувениры: броши, серьги, магниты.',
        en: 'Beadwork with Kazakh ornaments, and souvenirs: brooches, earrings and magnets.',
      },
      region: 'almaty',
      city: 'Алматы',
      shippingFee: kzt(1_500),
      freeShippingOver: kzt(25_000),
    },
  },
];
