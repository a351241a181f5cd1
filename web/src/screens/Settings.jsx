// Organization settings (owner/admin): the name texts sign with, the
// opt-out language, the batch size and the time zone that campaigns start
// from or fall back to. A campaign's own value, set on its edit page,
// wins; campaigns without one follow a change here at once (the time
// zone: campaigns created from now on). Below them, the organization's
// tags and its opt-outs exported as CSV (ExportJobs.jsx).
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { FieldError, fieldError, formError } from '../components/FieldError.jsx';
import { useSubmit } from '../components/useSubmit.js';
import { timeZones } from '../tz.js';
import { TagSettings } from '../components/TagSettings.jsx';
import { ExportJobs } from '../components/ExportJobs.jsx';

const FIELDS = ['display_name', 'opt_out_language', 'default_batch_size', 'time_zone'];

function formOf(s) {
  return {
    display_name: s.display_name || '',
    opt_out_language: s.opt_out_language,
    default_batch_size: String(s.default_batch_size),
    time_zone: s.time_zone,
  };
}

function SettingsForm({ org, settings, onSaved }) {
  const [f, setF] = useState(() => formOf(settings));
  const [saved, setSaved] = useState('');
  const zones = useMemo(() => timeZones(f.time_zone), [f.time_zone]);
  const set = (patch) => {
    setSaved('');
    setF((old) => ({ ...old, ...patch }));
  };

  async function save() {
    setSaved('');
    const size = f.default_batch_size.trim();
    const updated = await api.updateSettings(org.org_id, {
      display_name: f.display_name.trim(),
      opt_out_language: f.opt_out_language.trim(),
      default_batch_size: /^\d+$/.test(size) ? Number(size) : size,
      time_zone: f.time_zone,
    });
    setF(formOf(updated));
    onSaved(updated);
    setSaved('Settings saved.');
  }
  const { busy, error, submit } = useSubmit(save, { again: true });

  return (
    <form class="form" onSubmit={submit} noValidate>
      <ErrorText error={formError(error, FIELDS)} />
      <div class="field">
        <label for="settings-display-name">
          Display name <span class="optional">(optional)</span>
        </label>
        <input
          id="settings-display-name"
          type="text"
          maxLength={200}
          autoComplete="organization"
          placeholder={settings.name}
          value={f.display_name}
          onInput={(e) => set({ display_name: e.currentTarget.value })}
          {...fieldError(error, 'display_name', 'settings-display-name-error', 'settings-display-name-hint')}
        />
        <p class="hint" id="settings-display-name-hint">
          The name initial messages sign with. Empty: “{settings.name}”.
        </p>
        <FieldError error={error} field="display_name" id="settings-display-name-error" />
      </div>
      <div class="field">
        <label for="settings-opt-out">Opt-out language</label>
        <textarea
          id="settings-opt-out"
          rows={2}
          maxLength={300}
          required
          value={f.opt_out_language}
          onInput={(e) => set({ opt_out_language: e.currentTarget.value })}
          {...fieldError(error, 'opt_out_language', 'settings-opt-out-error', 'settings-opt-out-hint')}
        />
        <p class="hint" id="settings-opt-out-hint">
          Added to every initial message, so each contact learns how to stop them.
        </p>
        <FieldError error={error} field="opt_out_language" id="settings-opt-out-error" />
      </div>
      <div class="field">
        <label for="settings-batch-size">Default batch size</label>
        <input
          id="settings-batch-size"
          type="text"
          inputMode="numeric"
          required
          value={f.default_batch_size}
          onInput={(e) => set({ default_batch_size: e.currentTarget.value })}
          {...fieldError(error, 'default_batch_size', 'settings-batch-size-error', 'settings-batch-size-hint')}
        />
        <p class="hint" id="settings-batch-size-hint">
          Conversations a texter takes at a time, 1 to 5000.
        </p>
        <FieldError error={error} field="default_batch_size" id="settings-batch-size-error" />
      </div>
      <div class="field">
        <label for="settings-time-zone">Time zone</label>
        <select
          id="settings-time-zone"
          value={f.time_zone}
          onChange={(e) => set({ time_zone: e.currentTarget.value })}
          {...fieldError(error, 'time_zone', 'settings-time-zone-error', 'settings-time-zone-hint')}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <p class="hint" id="settings-time-zone-hint">
          New campaigns start in this time zone.
        </p>
        <FieldError error={error} field="time_zone" id="settings-time-zone-error" />
      </div>
      <div>
        <button type="submit" class="button" disabled={busy}>
          Save settings
        </button>
      </div>
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}

export function Settings({ org }) {
  const [settings, setSettings] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setSettings(null);
    api.getSettings(org.org_id).then(
      (s) => live && setSettings(s),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [org.org_id]);

  return (
    <>
      <PageHeading title="Settings" />
      <p class="lead">
        Defaults of {org.org_name}’s campaigns. A campaign may set its own on its edit page; those without follow these.
      </p>
      <section class="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Campaign defaults</h2>
        <ErrorText error={error} />
        {settings ? (
          <SettingsForm key={org.org_id} org={org} settings={settings} onSaved={setSettings} />
        ) : (
          !error && <p role="status">Loading settings…</p>
        )}
      </section>
      <TagSettings org={org} />
      <section class="card" aria-labelledby="settings-exports-heading">
        <h2 id="settings-exports-heading">Opt-outs</h2>
        <p class="muted">Every phone number that asked not to be texted by {org.org_name}, with when, as CSV.</p>
        <ExportJobs org={org} kinds={['opt_outs']} />
      </section>
    </>
  );
}
