import { DemoPerson } from './types';

/** Every demo account signs in with this password (the bootstrap admin keeps its own). */
export const DEMO_PASSWORD = 'sheber-demo-2026';

/** The platform admin when BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD are not set. */
export const DEMO_ADMIN: DemoPerson = { email: 'admin@sheber.kz', name: 'Sheber әкімшісі', locale: 'ru' };

/** A platform moderator: no association, so every listing is in scope. */
export const DEMO_MODERATOR: DemoPerson = { email: 'moderator@sheber.kz', name: 'Динара Сапарова', locale: 'ru' };

/** A buyer, for trying the shop front. */
export const DEMO_BUYER: DemoPerson = { email: 'buyer@sheber.kz', name: 'Әлия Нұрланқызы', locale: 'kk' };
