import type { Catalogue } from './types';

const EXPIRY = 'After that the order expires and its items go back on sale.';

export const en: Catalogue = {
  words: {
    greeting: 'Hello,',
    footer: 'This message was sent automatically by Sheber. There is no need to reply.',
    item: 'Item',
    quantity: 'Qty',
    amount: 'Amount',
    apartment: 'apt.',
    carriers: { kazpost: 'Kazpost', cdek: 'CDEK', courier: 'courier', other: 'another carrier' },
    flagReasons: {
      counterfeit: 'counterfeit',
      prohibited: 'prohibited item',
      offensive: 'offensive',
      intellectual_property: 'intellectual property',
      misleading: 'misleading',
      other: 'other',
    },
  },

  order_placed: (d, f) => ({
    subject: `Order ${d.orderNumber} placed`,
    body: [
      `Thank you for your order ${d.orderNumber} on Sheber!`,
      { lines: d.lines, totals: [['Total', d.total]] },
      d.provider === 'manual'
        ? `The order is waiting for your payment by bank transfer or in cash at the pickup point until ${f.date(d.expiresAt)}. ${EXPIRY}`
        : `We are waiting for the payment to be confirmed. If the order is not paid by ${f.date(d.expiresAt)}, it expires and its items go back on sale.`,
    ],
  }),

  order_paid_receipt: (d) => ({
    subject: `Payment received for order ${d.orderNumber}`,
    body: [
      `We have received your payment for order ${d.orderNumber}. The makers have been told and are preparing your items.`,
      {
        lines: d.lines,
        totals: [
          ['Shipping', d.shipping],
          ['Total paid', d.total],
        ],
      },
      'This email is your receipt.',
    ],
  }),

  new_sale: (d, f) => ({
    subject: `New sale: order ${d.orderNumber}`,
    body: [
      `You have a new order ${d.orderNumber}.`,
      {
        lines: d.lines,
        totals: [
          ['Subtotal', d.subtotal],
          ['Shipping', d.shipping],
        ],
      },
      d.delivery.type === 'shipping'
        ? { facts: [['Ship to', f.address(d.delivery.address)]] }
        : `The buyer will collect the order at the pickup point “${d.delivery.hubName}”.`,
      `Please ${d.delivery.type === 'shipping' ? 'ship the order' : 'bring the order to the pickup point'} by ${f.date(d.shipBy)}. Otherwise it is cancelled and the buyer gets their money back.`,
    ],
  }),

  payment_failed: (d, f) => ({
    subject: `Payment for order ${d.orderNumber} failed`,
    body: [
      `The payment for order ${d.orderNumber} did not go through.`,
      d.message && `The payment provider said: ${d.message}`,
      `You can try again until ${f.date(d.expiresAt)}. ${EXPIRY}`,
    ],
  }),

  order_expired: (d) => ({
    subject: `Order ${d.orderNumber} expired unpaid`,
    body: [
      `Order ${d.orderNumber} was not paid in time and has been cancelled.`,
      d.role === 'buyer' ? 'Its items went back on sale; no money was taken from you.' : 'There is nothing to ship.',
    ],
  }),

  order_cancelled: (d) => ({
    subject: `Order ${d.orderNumber} cancelled`,
    body: [
      d.role === 'buyer' ? `Your order ${d.orderNumber} has been cancelled.` : `Order ${d.orderNumber} has been cancelled. There is nothing to ship.`,
      d.reason && `Reason: ${d.reason}`,
    ],
  }),

  seller_order_cancelled: (d) => ({
    subject: `Order ${d.orderNumber} cancelled`,
    body: [
      {
        buyer: {
          buyer_cancelled: `Order ${d.orderNumber} has been cancelled at your request. The money you paid for it will be refunded.`,
          ship_deadline_missed: `The maker did not ship order ${d.orderNumber} in time, so we cancelled it. The money you paid for it will be refunded to you in full.`,
          fully_refunded: `Order ${d.orderNumber} has been cancelled because everything you paid for it has been refunded.`,
        },
        maker: {
          buyer_cancelled: `The buyer cancelled order ${d.orderNumber}. Please do not ship it.`,
          ship_deadline_missed: `Order ${d.orderNumber} was not shipped by its ship-by date, so it was cancelled automatically and the buyer is refunded.`,
          fully_refunded: `Order ${d.orderNumber} has been refunded in full and is now cancelled.`,
        },
      }[d.role][d.cause],
      d.reason && `Reason: ${d.reason}`,
    ],
  }),

  shipped: (d, f) => ({
    subject: `Order ${d.orderNumber} has been shipped`,
    body: [
      `${d.shopName} has shipped your order ${d.orderNumber}.`,
      {
        facts: [
          ['Carrier', f.carrier(d.carrier)],
          ['Tracking number', d.trackingNumber],
        ],
      },
    ],
  }),

  ready_for_pickup: (d) => ({
    subject: `Order ${d.orderNumber} is ready for pickup`,
    body: [
      `${d.shopName} has brought your order ${d.orderNumber} to the pickup point. You can collect it here:`,
      {
        facts: [
          ['Pickup point', d.hub.name],
          ['Address', `${d.hub.address}, ${d.hub.city}`],
          ['Opening hours', d.hub.openingHours],
          ['Phone', d.hub.phone],
        ],
      },
      'Please give the order number when you collect it.',
    ],
  }),

  delivered: (d) => ({
    subject: `Order ${d.orderNumber} delivered`,
    body: [`Order ${d.orderNumber} has been delivered to the buyer. Thank you for your work!`],
  }),

  refund_issued: (d, f) => ({
    subject: `Refund for order ${d.orderNumber}`,
    body: [
      d.role === 'buyer'
        ? `We have refunded ${f.money(d.amount)} to you for order ${d.orderNumber}.`
        : `A refund of ${f.money(d.amount)} has been issued to the buyer for order ${d.orderNumber}.`,
      `Reason: ${d.reason}`,
      d.role === 'buyer' && 'Depending on your bank, the money can take a few days to arrive.',
    ],
  }),

  listing_approved: (d, f) => ({
    subject: `Your listing “${f.text(d.listingTitle)}” is approved`,
    body: [`Your listing “${f.text(d.listingTitle)}” has passed moderation and buyers can now see it on Sheber.`],
  }),

  listing_rejected: (d, f) => ({
    subject: `Your listing “${f.text(d.listingTitle)}” was not approved`,
    body: [
      `Your listing “${f.text(d.listingTitle)}” did not pass moderation.`,
      `Reason: ${d.reason}`,
      d.revision
        ? 'Buyers keep seeing the listing as it was before your edit. You can edit it again.'
        : 'You can correct the listing and submit it again.',
    ],
  }),

  listing_hidden: (d, f) => ({
    subject: `Your listing “${f.text(d.listingTitle)}” is hidden pending review`,
    body: [
      `Several users (${d.openFlags}) reported your listing “${f.text(d.listingTitle)}”, so it is hidden from the catalogue until a moderator reviews it.`,
      'Orders already placed are not affected. You will hear from us once the review is done.',
    ],
  }),

  listing_removed: (d, f) => ({
    subject: `Your listing “${f.text(d.listingTitle)}” was removed`,
    body: [`A moderator removed your listing “${f.text(d.listingTitle)}” from Sheber.`, `Reason: ${d.reason}`],
  }),

  shop_suspended: (d) => ({
    subject: `Your shop “${d.shopName}” is suspended`,
    body: [
      `Your shop “${d.shopName}” has been suspended: its listings are hidden and it cannot take new orders.`,
      `Reason: ${d.reason}`,
      'Please fulfil the orders you already have. Payouts are held until the suspension is lifted; contact your association to appeal.',
    ],
  }),

  shop_reinstated: (d) => ({
    subject: `Your shop “${d.shopName}” is open again`,
    body: [`The suspension of your shop “${d.shopName}” has been lifted: its listings are back and payouts resume.`, `Note: ${d.note}`],
  }),

  flag_created: (d, f) => ({
    subject: `Listing reported: “${f.text(d.listingTitle)}”`,
    body: [
      `A user reported the listing “${f.text(d.listingTitle)}” of the shop “${d.shopName}”.`,
      { facts: [['Reason', f.flagReason(d.reason)], ['Details', d.details], ['Open reports', String(d.openFlags)]] },
      'Please review it in the moderation queue.',
    ],
  }),

  membership_requested: (d) => ({
    subject: `New request to join ${d.associationName}`,
    body: [`${d.makerName} would like to join ${d.associationName}. Please review the request in the association's dashboard.`],
  }),

  membership_decided: (d) =>
    d.decision === 'approved'
      ? {
          subject: `You are now a member of ${d.associationName}`,
          body: [`Your request to join ${d.associationName} has been approved. Welcome!`, d.reason && `Note: ${d.reason}`],
        }
      : {
          subject: `Your request to join ${d.associationName} was declined`,
          body: [`Your request to join ${d.associationName} has been declined.`, d.reason && `Reason: ${d.reason}`],
        },
  payout_sent: (d, f) => ({
    subject: `Payout of ${f.money(d.amount)} sent`,
    body: [
      d.to === 'maker' ? `We have paid you ${f.money(d.amount)} for your sales.` : `We have paid the association its commission of ${f.money(d.amount)}.`,
      d.provider === 'stripe' ? 'It is on its way to your Stripe account.' : 'It was settled by bank transfer or in cash.',
      { facts: [['Orders', d.sellerOrders.join(', ')]] },
    ],
  }),
  monthly_report: (d, f) => ({
    subject: `${d.associationName}: commission report ${d.from} – ${d.to}`,
    body: [
      `The commission report of ${d.associationName} for ${f.date(d.from)} – ${f.date(d.to)} is ready.`,
      { facts: [['Seller orders', String(d.sellerOrders)], ['Gross sales', f.money(d.gross)], ['Commission', f.money(d.commission)]] },
      d.attachment ? 'The full report, per member, is attached as a CSV file (it opens in Excel).' : 'The full report, per member, is in Sheber under Reports.',
    ],
  }),
};
