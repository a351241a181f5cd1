-- A number that failed after we bought it is released, as a deleted one
-- is: nobody can text from it, and the provider bills it every month.
-- release_due marks both kinds while the provider still holds them; the
-- provisioner's release claim reads them by this index. A failed number
-- stays listed (with its reason) after its release, a deleted one does not.
ALTER TABLE phone_numbers
  ADD COLUMN release_due TINYINT AS
    (IF(released_at IS NULL AND provider_number_id IS NOT NULL AND
        (release_requested_at IS NOT NULL OR provisioning_status = 'failed'),
        1, NULL)) PERSISTENT,
  ADD KEY phone_numbers_release_due (release_due, next_attempt_at);
