import type { Catalogue } from './types';

const EXPIRY = 'После этого срока неоплаченный заказ отменяется, а товары возвращаются в продажу.';

export const ru: Catalogue = {
  words: {
    greeting: 'Здравствуйте!',
    footer: 'Это письмо отправлено автоматически сервисом Sheber. Отвечать на него не нужно.',
    item: 'Товар',
    quantity: 'Кол-во',
    amount: 'Сумма',
    apartment: 'кв.',
    carriers: { kazpost: 'Казпочта', cdek: 'СДЭК', courier: 'курьер', other: 'другая служба доставки' },
    flagReasons: {
      counterfeit: 'подделка',
      prohibited: 'запрещённый товар',
      offensive: 'оскорбительное содержание',
      intellectual_property: 'нарушение авторских прав',
      misleading: 'вводит в заблуждение',
      other: 'другое',
    },
  },

  order_placed: (d, f) => ({
    subject: `Заказ ${d.orderNumber} оформлен`,
    body: [
      `Спасибо за заказ ${d.orderNumber} на Sheber!`,
      { lines: d.lines, totals: [['Итого', d.total]] },
      d.provider === 'manual'
        ? `Заказ ожидает оплаты банковским переводом или наличными в пункте выдачи до ${f.date(d.expiresAt)}. ${EXPIRY}`
        : `Мы ждём подтверждения оплаты. Если заказ не будет оплачен до ${f.date(d.expiresAt)}, он будет отменён, а товары вернутся в продажу.`,
    ],
  }),

  order_paid_receipt: (d) => ({
    subject: `Оплата заказа ${d.orderNumber} получена`,
    body: [
      `Мы получили оплату заказа ${d.orderNumber}. Мастера уже знают о заказе и готовят ваши изделия.`,
      {
        lines: d.lines,
        totals: [
          ['Доставка', d.shipping],
          ['Оплачено', d.total],
        ],
      },
      'Это письмо — ваша квитанция об оплате.',
    ],
  }),

  new_sale: (d, f) => ({
    subject: `Новая продажа: заказ ${d.orderNumber}`,
    body: [
      `У вас новый заказ ${d.orderNumber}.`,
      {
        lines: d.lines,
        totals: [
          ['Товары', d.subtotal],
          ['Доставка', d.shipping],
        ],
      },
      d.delivery.type === 'shipping'
        ? { facts: [['Адрес доставки', f.address(d.delivery.address)]] }
        : `Покупатель заберёт заказ в пункте выдачи «${d.delivery.hubName}».`,
      `${d.delivery.type === 'shipping' ? 'Отправьте заказ' : 'Передайте заказ в пункт выдачи'} до ${f.date(d.shipBy)}, иначе он будет отменён, а покупателю вернут деньги.`,
    ],
  }),

  payment_failed: (d, f) => ({
    subject: `Не удалось оплатить заказ ${d.orderNumber}`,
    body: [
      `Оплата заказа ${d.orderNumber} не прошла.`,
      d.message && `Сообщение платёжной системы: ${d.message}`,
      `Повторить оплату можно до ${f.date(d.expiresAt)}. ${EXPIRY}`,
    ],
  }),

  order_expired: (d) => ({
    subject: `Заказ ${d.orderNumber} отменён: истёк срок оплаты`,
    body: [
      `Заказ ${d.orderNumber} не был оплачен вовремя и отменён.`,
      d.role === 'buyer' ? 'Товары вернулись в продажу, деньги с вас не списывались.' : 'Отправлять ничего не нужно.',
    ],
  }),

  order_cancelled: (d) => ({
    subject: `Заказ ${d.orderNumber} отменён`,
    body: [
      d.role === 'buyer' ? `Ваш заказ ${d.orderNumber} отменён.` : `Заказ ${d.orderNumber} отменён. Отправлять его не нужно.`,
      d.reason && `Причина: ${d.reason}`,
    ],
  }),

  seller_order_cancelled: (d) => ({
    subject: `Заказ ${d.orderNumber} отменён`,
    body: [
      {
        buyer: {
          buyer_cancelled: `Заказ ${d.orderNumber} отменён по вашей просьбе. Оплаченная сумма будет вам возвращена.`,
          ship_deadline_missed: `Мастер не отправил заказ ${d.orderNumber} в срок, поэтому мы его отменили. Оплаченная сумма будет возвращена вам полностью.`,
          fully_refunded: `Заказ ${d.orderNumber} отменён, так как вся оплаченная за него сумма возвращена вам.`,
        },
        maker: {
          buyer_cancelled: `Покупатель отменил заказ ${d.orderNumber}. Отправлять его не нужно.`,
          ship_deadline_missed: `Заказ ${d.orderNumber} не был отправлен в срок, поэтому он автоматически отменён, а покупателю возвращены деньги.`,
          fully_refunded: `По заказу ${d.orderNumber} оформлен полный возврат, заказ отменён.`,
        },
      }[d.role][d.cause],
      d.reason && `Причина: ${d.reason}`,
    ],
  }),

  shipped: (d, f) => ({
    subject: `Заказ ${d.orderNumber} отправлен`,
    body: [
      `Магазин «${d.shopName}» отправил ваш заказ ${d.orderNumber}.`,
      {
        facts: [
          ['Служба доставки', f.carrier(d.carrier)],
          ['Трек-номер', d.trackingNumber],
        ],
      },
    ],
  }),

  ready_for_pickup: (d) => ({
    subject: `Заказ ${d.orderNumber} ждёт вас в пункте выдачи`,
    body: [
      `Магазин «${d.shopName}» передал ваш заказ ${d.orderNumber} в пункт выдачи. Забрать его можно здесь:`,
      {
        facts: [
          ['Пункт выдачи', d.hub.name],
          ['Адрес', `${d.hub.address}, ${d.hub.city}`],
          ['Часы работы', d.hub.openingHours],
          ['Телефон', d.hub.phone],
        ],
      },
      'При получении назовите номер заказа.',
    ],
  }),

  delivered: (d) => ({
    subject: `Заказ ${d.orderNumber} доставлен`,
    body: [`Заказ ${d.orderNumber} доставлен покупателю. Спасибо за вашу работу!`],
  }),

  refund_issued: (d, f) => ({
    subject: `Возврат по заказу ${d.orderNumber}`,
    body: [
      d.role === 'buyer'
        ? `Мы вернули вам ${f.money(d.amount)} по заказу ${d.orderNumber}.`
        : `Покупателю оформлен возврат ${f.money(d.amount)} по заказу ${d.orderNumber}.`,
      `Причина: ${d.reason}`,
      d.role === 'buyer' && 'Деньги поступят в течение нескольких дней — срок зависит от вашего банка.',
    ],
  }),

  listing_approved: (d, f) => ({
    subject: `Объявление «${f.text(d.listingTitle)}» одобрено`,
    body: [`Ваше объявление «${f.text(d.listingTitle)}» прошло модерацию, и теперь его видят покупатели на Sheber.`],
  }),

  listing_rejected: (d, f) => ({
    subject: `Объявление «${f.text(d.listingTitle)}» не прошло модерацию`,
    body: [
      `Ваше объявление «${f.text(d.listingTitle)}» не прошло модерацию.`,
      `Причина: ${d.reason}`,
      d.revision
        ? 'Покупатели по-прежнему видят объявление в прежнем виде. Вы можете изменить его ещё раз.'
        : 'Исправьте объявление и отправьте его на проверку снова.',
    ],
  }),

  listing_hidden: (d, f) => ({
    subject: `Объявление «${f.text(d.listingTitle)}» скрыто до проверки`,
    body: [
      `На ваше объявление «${f.text(d.listingTitle)}» пожаловались несколько пользователей (${d.openFlags}), поэтому оно скрыто из каталога до проверки модератором.`,
      'Уже оформленные заказы это не затрагивает. Мы сообщим вам о решении.',
    ],
  }),

  listing_removed: (d, f) => ({
    subject: `Объявление «${f.text(d.listingTitle)}» снято с публикации`,
    body: [`Модератор снял ваше объявление «${f.text(d.listingTitle)}» с Sheber.`, `Причина: ${d.reason}`],
  }),

  shop_suspended: (d) => ({
    subject: `Магазин «${d.shopName}» приостановлен`,
    body: [
      `Работа вашего магазина «${d.shopName}» приостановлена: его объявления скрыты, новые заказы не принимаются.`,
      `Причина: ${d.reason}`,
      'Пожалуйста, выполните уже полученные заказы. Выплаты задержаны до снятия приостановки; чтобы обжаловать решение, обратитесь в своё объединение.',
    ],
  }),

  shop_reinstated: (d) => ({
    subject: `Магазин «${d.shopName}» снова работает`,
    body: [`Приостановка магазина «${d.shopName}» снята: объявления снова в каталоге, выплаты возобновлены.`, `Комментарий: ${d.note}`],
  }),

  flag_created: (d, f) => ({
    subject: `Жалоба на объявление «${f.text(d.listingTitle)}»`,
    body: [
      `Пользователь пожаловался на объявление «${f.text(d.listingTitle)}» магазина «${d.shopName}».`,
      { facts: [['Причина', f.flagReason(d.reason)], ['Подробности', d.details], ['Открытых жалоб', String(d.openFlags)]] },
      'Пожалуйста, рассмотрите её в очереди модерации.',
    ],
  }),

  membership_requested: (d) => ({
    subject: `Новая заявка на вступление в «${d.associationName}»`,
    body: [`${d.makerName} хочет вступить в «${d.associationName}». Рассмотрите заявку в кабинете ассоциации.`],
  }),

  membership_decided: (d) =>
    d.decision === 'approved'
      ? {
          subject: `Вы приняты в «${d.associationName}»`,
          body: [`Ваша заявка на вступление в «${d.associationName}» одобрена. Добро пожаловать!`, d.reason && `Комментарий: ${d.reason}`],
        }
      : {
          subject: `Заявка на вступление в «${d.associationName}» отклонена`,
          body: [`Ваша заявка на вступление в «${d.associationName}» отклонена.`, d.reason && `Причина: ${d.reason}`],
        },
  payout_sent: (d, f) => ({
    subject: `Выплата ${f.money(d.amount)} отправлена`,
    body: [
      d.to === 'maker' ? `Мы перевели вам ${f.money(d.amount)} за ваши продажи.` : `Мы перевели ассоциации комиссию ${f.money(d.amount)}.`,
      d.provider === 'stripe' ? 'Деньги поступят на ваш счёт Stripe.' : 'Выплата проведена банковским переводом или наличными.',
      { facts: [['Заказы', d.sellerOrders.join(', ')]] },
    ],
  }),
  monthly_report: (d, f) => ({
    subject: `${d.associationName}: отчёт о комиссии за ${d.from} – ${d.to}`,
    body: [
      `Отчёт о комиссии «${d.associationName}» за ${f.date(d.from)} – ${f.date(d.to)} готов.`,
      { facts: [['Заказов', String(d.sellerOrders)], ['Продажи', f.money(d.gross)], ['Комиссия', f.money(d.commission)]] },
      d.attachment ? 'Полный отчёт по каждому мастеру — во вложении, файл CSV (открывается в Excel).' : 'Полный отчёт по каждому мастеру — в Sheber, в разделе «Отчёты».',
    ],
  }),
};
