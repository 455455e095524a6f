import { Locale, LocalizedText } from '../../common/locale';
import { Money } from '../../common/money';

/** The shape of the demo content: plain data, turned into service calls by src/cli/seed.ts. */

/** Tenge → Money in tiyn: kzt(45_000) is { amount: 4_500_000, currency: 'KZT' }. */
export const kzt = (tenge: number): Money => ({ amount: Math.round(tenge * 100), currency: 'KZT' });

export interface DemoPerson {
  /** Stable key of the account: the seed finds it again by this e-mail. */
  email: string;
  name: string;
  locale: Locale;
}

export interface DemoHub {
  name: string;
  address: string;
  city: string;
  openingHours: string;
  phone: string;
}

export interface DemoAssociation {
  key: string;
  /** The seed finds the association again by its English name. */
  name: { kk: string; ru: string; en: string };
  description: LocalizedText;
  region: string;
  city: string;
  commissionRateBps: number;
  hubs: DemoHub[];
  admin: DemoPerson;
}

export interface DemoMaker extends DemoPerson {
  /** Key of the association the maker applies to; null: sells without one. */
  association: string | null;
  /** approved (most), or pending: the request waits for the association's admin. */
  membership?: 'approved' | 'pending';
  membershipMessage?: string;
  shop: {
    name: string;
    slug: string;
    bio: LocalizedText;
    region: string;
    city: string;
    shippingFee: Money;
    freeShippingOver: Money | null;
  };
}

export type DemoListingStatus = 'draft' | 'pending_review' | 'published' | 'rejected';

export interface DemoListing {
  /** The maker's e-mail. */
  maker: string;
  /** Leaf category slug (see the Foundation migration). */
  category: string;
  title: LocalizedText;
  description: LocalizedText;
  materials: string[];
  leadTimeDays?: number;
  /** The first SKU is the listing's stable key within its shop. */
  variants: { sku: string; options?: Record<string, string>; price: Money; stock: number }[];
  status: DemoListingStatus;
  /** Why a moderator rejected it (status rejected). */
  rejectReason?: string;
  /** A content edit made after publication, left waiting for review. */
  revision?: { description: LocalizedText };
  /** How many pictures to draw (default: 2 when published, else 1). */
  images?: number;
}
