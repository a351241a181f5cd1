// The inputs of an account as the API limits them (email, name, password),
// each with its label and autocomplete hint; shared by the login form and
// the sign-up forms. When the API's error names the field, the input is
// marked invalid and described by the message shown as `errorId`.
import { fieldError } from './FieldError.jsx';

function Field({ id, label, hint, field, error, errorId, onValue, ...input }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        onInput={onValue && ((e) => onValue(e.currentTarget.value))}
        {...input}
        {...fieldError(error, field, errorId, hintId)}
      />
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

// Read-only when an invitation names the address.
export function EmailField({ readOnly, ...props }) {
  return <Field label="Email" type="email" autoComplete="username" readOnly={readOnly} required={!readOnly} field="email" {...props} />;
}

export function NameField(props) {
  return <Field label="Your name" type="text" autoComplete="name" required maxLength={100} field="name" {...props} />;
}

// A new password (sign-up) has the API's length limits and says so.
export function PasswordField({ isNew, ...props }) {
  const rules = isNew
    ? { autoComplete: 'new-password', minLength: 8, maxLength: 256, hint: 'At least 8 characters.' }
    : { autoComplete: 'current-password' };
  return <Field label="Password" type="password" required field="password" {...rules} {...props} />;
}
