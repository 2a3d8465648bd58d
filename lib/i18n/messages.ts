/** The message catalogues, one JSON file per language with the same keys (checked by messages.test.ts). */
import en from './messages/en.json';
import zh from './messages/zh.json';
import type { Locale } from './locales';

export type Messages = typeof en;
export const MESSAGES: Record<Locale, Messages> = { en, zh };
