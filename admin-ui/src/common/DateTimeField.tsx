import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';

/** Date and time in the language the user chose in the app bar, not the browser's. */
export const DateTimeField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField showTime locales={locale} {...props} />;
};

/** The same formatting for values that are not a record field (timelines, payloads). */
export function useFormatDateTime(): (value: string) => string {
  const [locale] = useLocaleState();
  return (value) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date.toLocaleString(locale);
  };
}
