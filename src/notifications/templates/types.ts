import type { LocalizedText } from '../../common/locale';
import type { Money } from '../../common/money';
import type { Carrier } from '../../orders/seller-order.state';
import type { FlagReason } from '../../moderation/moderation.dto';
import type { SellerOrderCancelCause } from '../outbox';

/** A title as the rows keep it: already picked, or in every language we have (picked for the reader). */
export type Text = string | LocalizedText;
/** A moment; ISO strings (as they come out of a JSON payload) are accepted too. */
export type When = Date | string;
export type Role = 'buyer' | 'maker';

export interface LineData {
  title: Text;
  quantity: number;
  total: Money;
}

export interface AddressData {
  recipientName?: string | null;
  street: string;
  apartment?: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, shown by its name in the reader's language. */
  country: string;
  phone?: string | null;
}

export interface HubData {
  name: string;
  address: string;
  city: string;
  openingHours: string | null;
  phone: string | null;
}

/** What each notification says, keyed by `kind`. `orderNumber` is the buyer's (SH-001042) or, to a maker, the seller order's. */
export type NotificationData =
  | {
      kind: 'order_placed';
      orderNumber: string;
      total: Money;
      lines: LineData[];
      provider: 'stripe' | 'manual';
      expiresAt: When;
    }
  | { kind: 'order_paid_receipt'; orderNumber: string; total: Money; lines: LineData[]; shipping: Money }
  | {
      kind: 'new_sale';
      orderNumber: string;
      /** Only this maker's lines. */
      lines: LineData[];
      subtotal: Money;
      shipping: Money;
      shipBy: When;
      delivery: { type: 'shipping'; address: AddressData } | { type: 'pickup'; hubName: string };
    }
  | { kind: 'payment_failed'; orderNumber: string; message: string | null; expiresAt: When }
  | { kind: 'order_expired'; role: Role; orderNumber: string }
  | { kind: 'order_cancelled'; role: Role; orderNumber: string; reason: string | null }
  | { kind: 'seller_order_cancelled'; role: Role; orderNumber: string; reason: string | null; cause: SellerOrderCancelCause }
  | { kind: 'shipped'; orderNumber: string; shopName: string; carrier: Carrier; trackingNumber: string }
  | { kind: 'ready_for_pickup'; orderNumber: string; shopName: string; hub: HubData }
  | { kind: 'delivered'; orderNumber: string }
  | { kind: 'refund_issued'; role: Role; orderNumber: string; amount: Money; reason: string }
  | { kind: 'listing_approved'; listingTitle: Text }
  | { kind: 'listing_rejected'; listingTitle: Text; reason: string; /** an edit of a published listing: the live version stays */ revision?: boolean }
  | { kind: 'listing_hidden'; listingTitle: Text; openFlags: number }
  | { kind: 'listing_removed'; listingTitle: Text; reason: string }
  | { kind: 'shop_suspended'; shopName: string; reason: string }
  | { kind: 'shop_reinstated'; shopName: string; note: string }
  | { kind: 'flag_created'; listingTitle: Text; shopName: string; reason: FlagReason; details: string | null; openFlags: number }
  | { kind: 'membership_requested'; makerName: string; associationName: string }
  | { kind: 'membership_decided'; associationName: string; decision: 'approved' | 'rejected'; reason: string | null }
  | {
      kind: 'payout_sent';
      /** To a maker (their shop) or to an association's admins (its commission). */
      to: 'maker' | 'association';
      amount: Money;
      /** The seller orders it pays for (their numbers). */
      sellerOrders: string[];
      provider: 'stripe' | 'manual';
    }
  | {
      kind: 'monthly_report';
      associationName: string;
      /** The month's first and last day, YYYY-MM-DD. */
      from: string;
      to: string;
      sellerOrders: number;
      gross: Money;
      commission: Money;
      /** The CSV, attached to the e-mail (a file under STORAGE_DIR). */
      attachment: { fileName: string; path: string } | null;
    };

export type NotificationKind = NotificationData['kind'];
export type NotificationDataOf<K extends NotificationKind> = Extract<NotificationData, { kind: K }>;

/** Formatting for one language, handed to the templates. */
export interface Fmt {
  money(money: Money): string;
  date(when: When): string;
  text(text: Text): string;
  carrier(carrier: Carrier): string;
  flagReason(reason: FlagReason): string;
  address(address: AddressData): string;
}

/**
 * A message body is a list of blocks; a string is a paragraph, and falsy entries are skipped (so a
 * template can write `d.reason && …`). Every string is plain text: the HTML part escapes all of it.
 */
export type Block =
  | string
  | null
  | undefined
  | false
  | { facts: Array<[label: string, value: string | null | undefined]> }
  | { lines: LineData[]; totals: Array<[label: string, money: Money]> };

export interface Message {
  subject: string;
  body: Block[];
}

/** One language's templates and the words around them. */
export type Catalogue = {
  [K in NotificationKind]: (data: NotificationDataOf<K>, f: Fmt) => Message;
} & {
  words: {
    greeting: string;
    footer: string;
    item: string;
    quantity: string;
    amount: string;
    apartment: string;
    carriers: Record<Carrier, string>;
    flagReasons: Record<FlagReason, string>;
  };
};
