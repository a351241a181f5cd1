// The campaign's time zone (the US zones first, by the names people use),
// its initial-message window (start and end, entered as local dates and
// times of the campaign's time zone; the API gets UTC) and its daily open
// hours.
import { useMemo } from 'preact/hooks';
import { FieldError, fieldError } from './FieldError.jsx';
import { zoneGroups } from '../tz.js';
import { zoneLabel } from './format.js';

export function WindowFields({ f, set, error, editable, launched }) {
  const groups = useMemo(() => zoneGroups(f.time_zone), [f.time_zone]);
  return (
    <fieldset class="fieldset">
      <legend>Sending window</legend>
      <div class="field">
        <label for="campaign-time-zone">Time zone</label>
        <select
          id="campaign-time-zone"
          value={f.time_zone}
          disabled={!editable('time_zone')}
          onChange={(e) => set({ time_zone: e.currentTarget.value })}
          {...fieldError(error, 'time_zone', 'campaign-time-zone-error', 'campaign-time-zone-hint')}
        >
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.zones.map((z) => (
                <option key={z} value={z}>
                  {zoneLabel(z)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p class="hint" id="campaign-time-zone-hint">
          Dates, times and open hours below are in this time zone, where the contacts are.
        </p>
        <FieldError error={error} field="time_zone" id="campaign-time-zone-error" />
      </div>
      <div class="form-row">
        <div class="field field-grow">
          <label for="campaign-start">Start of initial messages</label>
          <input
            id="campaign-start"
            type="datetime-local"
            value={f.start}
            disabled={!editable('start_at')}
            onInput={(e) => set({ start: e.currentTarget.value })}
            {...fieldError(error, 'start_at', 'campaign-start-error', 'campaign-start-hint')}
          />
          <p class="hint" id="campaign-start-hint">
            {launched
              ? 'After launch the start can only move to a future time.'
              : 'Best practice: launch the day before, with the start when messages should go out.'}
          </p>
          <FieldError error={error} field="start_at" id="campaign-start-error" />
        </div>
        <div class="field field-grow">
          <label for="campaign-end">End of initial messages</label>
          <input
            id="campaign-end"
            type="datetime-local"
            value={f.end}
            disabled={!editable('end_at')}
            onInput={(e) => set({ end: e.currentTarget.value })}
            {...fieldError(error, 'end_at', 'campaign-end-error', 'campaign-end-hint')}
          />
          <p class="hint" id="campaign-end-hint">
            Replies can still be sent after the end.
          </p>
          <FieldError error={error} field="end_at" id="campaign-end-error" />
        </div>
      </div>
      <div class="form-row">
        <div class="field">
          <label for="campaign-open-from">Open from</label>
          <input
            id="campaign-open-from"
            type="time"
            required
            value={f.open_from}
            disabled={!editable('open_from')}
            onInput={(e) => set({ open_from: e.currentTarget.value })}
            {...fieldError(error, 'open_from', 'campaign-open-from-error', 'campaign-hours-hint')}
          />
          <FieldError error={error} field="open_from" id="campaign-open-from-error" />
        </div>
        <div class="field">
          <label for="campaign-open-until">Open until</label>
          <input
            id="campaign-open-until"
            type="time"
            required
            value={f.open_until}
            disabled={!editable('open_until')}
            onInput={(e) => set({ open_until: e.currentTarget.value })}
            {...fieldError(error, 'open_until', 'campaign-open-until-error', 'campaign-hours-hint')}
          />
          <FieldError error={error} field="open_until" id="campaign-open-until-error" />
        </div>
      </div>
      <p class="hint" id="campaign-hours-hint">
        Daily hours, local time, in which initial messages may be sent (usually 09:00 to 21:00).
      </p>
    </fieldset>
  );
}
