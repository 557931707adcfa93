-- The language to write the welcome email in: CustomerCreated v2's locale (BCP 47); null for
-- customers whose event was v1 (the mailer's default language).
ALTER TABLE welcome_emails ADD COLUMN locale VARCHAR(35) NULL;
