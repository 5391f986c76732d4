import GlobalStyles from '@mui/material/GlobalStyles';

/** Marks what the printed work order leaves out, and what only it shows. */
export const NO_PRINT = 'repair-no-print';
export const PRINT_ONLY = 'repair-print-only';

/**
 * The print stylesheet of a repair order's page: the app's chrome (bar, menu, buttons) is
 * hidden and the page takes the paper's width; the crew's report blank appears only on paper.
 */
export const RepairPrintStyles = () => (
  <GlobalStyles
    styles={{
      [`.${PRINT_ONLY}`]: { display: 'none' },
      '@media print': {
        [`header, .MuiAppBar-root, .RaSidebar-root, .MuiDrawer-root, .RaLayout-appFrame > .MuiToolbar-root, .${NO_PRINT}, .MuiSnackbar-root`]: { display: 'none !important' },
        [`.${PRINT_ONLY}`]: { display: 'block' },
        '.RaLayout-appFrame, .RaLayout-contentWithSidebar, .RaLayout-content': { margin: '0 !important', padding: '0 !important', marginTop: '0 !important' },
        '.RaShow-card, .MuiPaper-root': { boxShadow: 'none !important', border: 'none !important' },
        body: { background: '#fff' },
        section: { breakInside: 'avoid' },
      },
    }}
  />
);
