// The live count under the script: characters, SMS segments and the
// encoding, computed in the browser as the script is typed (web/src/sms.js).
// When a character forces UCS-2 it names it, since that shrinks every
// segment from 160 to 70 characters (a curly quote is the usual culprit).
import { smsInfo, UCS2 } from '../sms.js';

// The server's limit on a script (as written, merge fields and all).
export const SCRIPT_MAX_CHARS = 1600;

export function SegmentCounter({ id, text, basis, scriptLength }) {
  const info = smsInfo(text);
  const shown = info.nonGsm.slice(0, 5).map((ch) => `“${ch}”`).join(' ');
  return (
    <div id={id} class="segment-counter">
      <p class="segment-count">
        <span data-testid="script-characters">{info.characters}</span> characters ·{' '}
        <span data-testid="script-segments">{info.segments}</span> SMS segment{info.segments === 1 ? '' : 's'} ·{' '}
        <span data-testid="script-encoding">{info.encoding}</span>
      </p>
      <p class="hint">
        {info.encoding === UCS2
          ? `Unicode (UCS-2) because of ${shown}: a segment holds ${info.segments > 1 ? 67 : 70} characters instead of ${info.segments > 1 ? 153 : 160}.`
          : `A segment holds ${info.segments > 1 ? 153 : 160} characters.`}{' '}
        {basis}
      </p>
      {scriptLength > SCRIPT_MAX_CHARS && (
        <p class="field-error">
          The script has {scriptLength.toLocaleString('en-US')} characters; at most{' '}
          {SCRIPT_MAX_CHARS.toLocaleString('en-US')} are allowed.
        </p>
      )}
    </div>
  );
}
