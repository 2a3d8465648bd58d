/** LanguageCode.java: JSON headers carry the name, ROCKETMQ binary headers the ordinal. */
export const LANGUAGE_CODES = [
  'JAVA', 'CPP', 'DOTNET', 'PYTHON', 'DELPHI', 'ERLANG', 'RUBY', 'OTHER', 'HTTP', 'GO', 'PHP', 'OMS', 'RUST', 'NODE_JS',
] as const;

export type LanguageCode = (typeof LANGUAGE_CODES)[number];

export function languageFromOrdinal(n: number): LanguageCode {
  return LANGUAGE_CODES[n] ?? 'OTHER';
}

export function languageOrdinal(lang: string): number {
  const i = (LANGUAGE_CODES as readonly string[]).indexOf(lang);
  return i < 0 ? 7 : i;
}
