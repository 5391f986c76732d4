import polyglotI18nProvider from 'ra-i18n-polyglot';
import en from './en';
import zhCN from './zh-CN';

/** Simplified Chinese first: the people at the counters and in the field read it. */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : zhCN), 'zh-CN', [
  { locale: 'zh-CN', name: '简体中文' },
  { locale: 'en', name: 'English' },
]);
