// One catalogue for every word a person sees: Vietnamese first, English by
// the switch in the header. Times are always Asia/Ho_Chi_Minh, whatever the
// machine's own zone.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { ActionError } from '../api/http.js';
import { en } from './en.js';
import { type MessageKey, vi } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LANG_KEY = 'giaoban.lang';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** 14:05 */
  time(iso: string | null | undefined): string;
  /** 14:05:09 */
  clock(iso: string | null | undefined): string;
  /** Thứ Hai, 30/11/2026 14:05 */
  dateTime(iso: string | null | undefined): string;
  /** What a failed action means to a person, and what to do. */
  errorText(error: unknown): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>) {
  let text = catalogues[lang][key] ?? vi[key] ?? key;
  if (vars)
    for (const [name, value] of Object.entries(vars))
      text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    localStorage.setItem(LANG_KEY, next);
  }, []);
  // Screen readers and the browser's spelling follow the page's language.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
    const fmt = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    const hm = fmt({ hour: '2-digit', minute: '2-digit', hour12: false });
    const hms = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    const full = fmt({
      weekday: 'long',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    const t = (key: MessageKey, vars?: Record<string, string | number>) =>
      translate(lang, key, vars);
    return {
      lang,
      setLang,
      t,
      time: (iso) => (iso ? hm.format(new Date(iso)) : '—'),
      clock: (iso) => (iso ? hms.format(new Date(iso)) : '—'),
      dateTime: (iso) => (iso ? full.format(new Date(iso)) : '—'),
      errorText: (error) => {
        const code = error instanceof ActionError ? error.code : 'INTERNAL';
        const key = `error.${code}` as MessageKey;
        return key in vi ? t(key) : t('error.INTERNAL');
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
