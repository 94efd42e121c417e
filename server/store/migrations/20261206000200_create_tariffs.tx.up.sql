-- Tariffs of the communes' financial participation. A tariff is in force
-- from valid_from to valid_to, both days included; a null valid_to keeps
-- it in force until a later tariff ends it. The writer refuses periods
-- that overlap, so that one day has at most one tariff. Amounts are in
-- euro cents, so that sums stay exact.
CREATE TABLE tariffs (
    id {{.UUID}} PRIMARY KEY,
    name TEXT NOT NULL,
    valid_from {{.Date}} NOT NULL,
    valid_to {{.Date}},
    pc_fee_cents INTEGER NOT NULL CHECK (pc_fee_cents >= 0),
    commune_fee_cents INTEGER NOT NULL CHECK (commune_fee_cents >= 0),
    hourly_rate_cents INTEGER NOT NULL CHECK (hourly_rate_cents >= 0),
    included_minutes INTEGER NOT NULL CHECK (included_minutes >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_by {{.UUID}},
    created_at {{.Timestamp}} NOT NULL,
    updated_at {{.Timestamp}} NOT NULL,
    version INTEGER NOT NULL
);
--bun:split
CREATE INDEX tariffs_valid_from ON tariffs (valid_from);
