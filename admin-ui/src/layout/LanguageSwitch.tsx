import Box from '@mui/material/Box';
import { LocalesMenuButton } from 'react-admin';

/** react-admin's language menu; it remembers the choice for the next visit. */
export const LanguageSwitch = () => (
  <Box component="span" data-testid="locale-menu">
    <LocalesMenuButton />
  </Box>
);
