// A number's provisioning status as the colour-coded tag used everywhere a
// number appears: yellow Provisioning Initiated, green Provisioning
// Complete, red Provisioning Failed followed by the reason. The words carry
// the meaning; the colour only repeats it.
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
    </span>
  );
}
