import { AppBar as RaAppBar, LoadingIndicator, TitlePortal } from 'react-admin';
import { LanguageSwitch } from './LanguageSwitch';

/** The language switch is always in reach: the app opens in Chinese, some users read English. */
export const AppBar = () => (
  <RaAppBar
    toolbar={
      <>
        <LanguageSwitch />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </RaAppBar>
);
