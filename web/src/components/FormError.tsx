import { Alert } from '@mantine/core';
import { errorMessage } from './QueryState';

/**
 * A refused write's message above its form, in the API's words. Nothing while there is no error,
 * nor when `fields` (fieldErrors of the same error) already shows the reasons next to the fields.
 */
export function FormError({ error, fields }: { error: unknown; fields?: Record<string, string> }) {
  if (!error || (fields && Object.keys(fields).length > 0)) return null;
  return (
    <Alert color="red" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
