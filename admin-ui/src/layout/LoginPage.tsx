import Box from '@mui/material/Box';
import { Login, LoginForm } from 'react-admin';
import { LanguageSwitch } from './LanguageSwitch';

/** react-admin's login, with the language switch: people choose before they sign in. */
export const LoginPage = () => (
  <Login>
    <LoginForm />
    <Box sx={{ display: 'flex', justifyContent: 'center', paddingBottom: 1 }}>
      <LanguageSwitch />
    </Box>
  </Login>
);
