/**
 * The message catalogues: per language a folder with one JSON file per console area, the same files and keys in
 * each (checked by messages.test.ts).
 */
import en from './messages/en';
import zh from './messages/zh';
import type { Locale } from './locales';

export type Messages = typeof en;
export const MESSAGES: Record<Locale, Messages> = { en, zh };
