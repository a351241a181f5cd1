// A number's provisioning status as the colour-coded tag used everywhere a
// number appears: yellow Provisioning Initiated, green Provisioning
// Complete, red Provisioning Failed followed by the reason. A number the
// provider would not release (a 404, or not ours any more) also shows red
// "Release Failed" with the provider's answer: it may still be billed.
// The words carry the meaning; the colour only repeats it.
export const PROVISIONING_LABELS = {
  initiated: 'Provisioning Initiated',
  complete: 'Provisioning Complete',
  failed: 'Provisioning Failed',
};

export function ProvisioningTag({ number, withReason = true }) {
  const status = number.provisioning_status;
  return (
    <span class="status">
      <span class={`tag tag-${status}`}>{PROVISIONING_LABELS[status] || status}</span>
      {withReason && status === 'failed' && number.failure_reason && (
        <span class="failure-reason">{number.failure_reason}</span>
      )}
      {number.release_failed && <span class="tag tag-release-failed">Release Failed</span>}
      {number.deleted && !number.release_failed && number.release_error && (
        <span class="tag tag-initiated">Releasing again</span>
      )}
      {withReason && number.release_failed && number.release_error && (
        <span class="failure-reason">{number.release_error}</span>
      )}
    </span>
  );
}
