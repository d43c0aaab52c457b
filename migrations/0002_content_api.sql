-- Content API: an idempotency claim is owned by the request that made it. Only that request may
-- complete or release it, so a slow request whose claim was taken over cannot overwrite the new owner.
ALTER TABLE idempotency_records ADD COLUMN claim_token TEXT;
