package batch

import (
	"database/sql"
	"fmt"
)

// schemaVersion is stored in PRAGMA user_version; bump it with a new
// step in migrations when the tables change.
const schemaVersion = 2

// The tables are documented in README.md ("The ledger") for accounting,
// who query them with the sqlite3 shell; keep the two in step.
var migrations = []string{
	`CREATE TABLE runs (
		id          INTEGER PRIMARY KEY,
		command     TEXT NOT NULL,
		input_file  TEXT NOT NULL,
		batch       TEXT NOT NULL,
		pid         INTEGER NOT NULL,
		started_at  TEXT NOT NULL,
		finished_at TEXT,
		exit_code   INTEGER,
		summary     TEXT
	);
	CREATE TABLE rows (
		identity           TEXT PRIMARY KEY,
		batch              TEXT NOT NULL,
		input_file         TEXT NOT NULL,
		row_number         INTEGER NOT NULL,
		cells              TEXT NOT NULL,
		content            TEXT NOT NULL,
		fingerprint        TEXT NOT NULL,
		po_number          TEXT NOT NULL,
		status             TEXT NOT NULL,
		product_id         INTEGER,
		partner_id         TEXT NOT NULL DEFAULT '',
		billing_contact_id TEXT NOT NULL DEFAULT '',
		service_id         TEXT NOT NULL DEFAULT '',
		quantity           INTEGER,
		order_no           TEXT NOT NULL DEFAULT '',
		order_id           TEXT NOT NULL DEFAULT '',
		order_status       TEXT NOT NULL DEFAULT '',
		transaction_no     TEXT NOT NULL DEFAULT '',
		instance_id        TEXT NOT NULL DEFAULT '',
		request_id         TEXT NOT NULL DEFAULT '',
		attempts           INTEGER NOT NULL DEFAULT 0,
		first_sent_at      TEXT,
		last_sent_at       TEXT,
		ordered_at         TEXT,
		updated_at         TEXT NOT NULL,
		last_error         TEXT NOT NULL DEFAULT '',
		run_id             INTEGER REFERENCES runs(id)
	);
	CREATE INDEX rows_status ON rows(status);
	CREATE INDEX rows_po_number ON rows(po_number);
	CREATE INDEX rows_batch ON rows(batch, row_number);
	CREATE TABLE events (
		id       INTEGER PRIMARY KEY,
		at       TEXT NOT NULL,
		run_id   INTEGER,
		identity TEXT NOT NULL,
		event    TEXT NOT NULL,
		detail   TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX events_identity ON events(identity);`,
	// A run's identity-shaping options, so report and settle can reuse
	// them: JSON of RunDefaults.
	`ALTER TABLE runs ADD COLUMN defaults TEXT NOT NULL DEFAULT '';`,
}

// migrate brings the schema up to schemaVersion, one step per
// transaction, so a ledger from an older release keeps its rows.
func migrate(db *sql.DB) error {
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > schemaVersion {
		return fmt.Errorf("ledger schema version %d is newer than this "+
			"release understands (%d); use a newer yeastar-bulk", version, schemaVersion)
	}
	for v := version; v < schemaVersion; v++ {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(migrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema step %d: %w", v+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
