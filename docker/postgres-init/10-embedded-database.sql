-- Run once by the postgres image on an empty volume: the database of the `embedded` profile's application,
-- kept apart from `govit` (the external-engine application's) so the two profiles never share tables.
CREATE DATABASE govit_embedded;
