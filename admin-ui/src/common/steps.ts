import { useTranslate } from 'react-admin';

/**
 * A workflow step's name in the user's language. Numbered steps ("close-command-2") read the
 * key without the number ("app.steps.close-command") with %{attempt}.
 */
export function useStepLabel(): (step: string) => string {
  const translate = useTranslate();
  return (step) => {
    const numbered = /^(.+)-(\d+)$/.exec(step);
    if (numbered) return translate(`app.steps.${numbered[1]}`, { attempt: numbered[2], _: step });
    return translate(`app.steps.${step}`, { _: step });
  };
}
