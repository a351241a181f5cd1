// The API's message about one input field, shown under that field.
// fieldError(error, field, id) gives the attributes that tie the input to
// it (aria-invalid, aria-describedby).
export function FieldError({ error, field, id }) {
  if (!error || error.field !== field) return null;
  return (
    <p class="field-error" role="alert" id={id}>
      {error.message}
    </p>
  );
}

// Attributes for the input `field`; `hint` is the id of a hint that
// describes it always.
export function fieldError(error, field, id, hint) {
  const bad = Boolean(error && error.field === field);
  const describedBy = [bad ? id : null, hint].filter(Boolean).join(' ');
  return {
    'aria-invalid': bad ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  };
}

// The error when no field of `fields` is at fault (shown above the form).
export function formError(error, fields) {
  return error && !(error.field && fields.includes(error.field)) ? error : null;
}
