-- The reference index: one row per reference a stored resource makes (a NIC ip configuration naming a pool, a
-- subnet naming an NSG). Back-references (a pool's backendIPConfigurations, a subnet's ipConfigurations) are
-- read from here, never stored on the referenced resource.
CREATE TABLE refs (
  from_key TEXT NOT NULL,
  from_id  TEXT NOT NULL,
  to_key   TEXT NOT NULL,
  kind     TEXT NOT NULL,
  PRIMARY KEY (from_key, to_key, kind)
);
CREATE INDEX refs_by_target ON refs (to_key, kind);
