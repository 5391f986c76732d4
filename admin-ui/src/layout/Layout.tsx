import { useEffect, type ReactNode } from 'react';
import { Layout as RaLayout, useLocaleState } from 'react-admin';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => {
  const [locale] = useLocaleState();
  // Screen readers and the browser's own controls (date pickers) follow the chosen language.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
};
