import GRDB

/// The ledger's schema: versioned migrations, each setting `PRAGMA user_version` to its number.
///
/// Version 1 holds imports, report keys and request details, usage records, actual-cost lines and the priced roll-ups;
/// version 2 adds the live-call journal; version 3 stores every field of live mode's ``CallJournal`` records (the run's
/// kind and, as JSON text, the fields without a column of their own). A database whose version (or whose list of applied migrations)
/// is newer than ``version`` is refused, never modified.
public enum LedgerSchema {
  /// The newest schema version this build reads and writes.
  public static let version = 3

  /// Cost components with a column of their own in `rollups` (`usd_<kind>`, `tokens_<kind>`), in column order.
  static let componentColumns = ["text_input", "cached_text_input", "image_input", "cached_image_input", "image_output", "text_output", "image"]

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-usage") { db in
      try db.execute(
        sql: """
          CREATE TABLE imports (
            import_id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'complete', 'failed')),
            lines INTEGER NOT NULL DEFAULT 0,
            new_rows INTEGER NOT NULL DEFAULT 0,
            present_rows INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '[]',
            first_record INTEGER,
            last_record INTEGER,
            price_book_fingerprint TEXT
          );
          CREATE TABLE report_keys (
            key_id INTEGER PRIMARY KEY,
            key_text TEXT NOT NULL UNIQUE,
            model TEXT NOT NULL,
            quality TEXT,
            size TEXT,
            operation TEXT NOT NULL,
            provider TEXT,
            deployment_type TEXT,
            tags TEXT NOT NULL
          );
          CREATE TABLE request_details (
            detail_id INTEGER PRIMARY KEY,
            detail_text TEXT NOT NULL UNIQUE,
            region TEXT,
            n INTEGER NOT NULL,
            input_images TEXT NOT NULL,
            input_fidelity TEXT,
            partial_images INTEGER NOT NULL,
            status INTEGER
          );
          CREATE TABLE usage_records (
            record_id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL UNIQUE,
            day INTEGER NOT NULL,
            timestamp TEXT NOT NULL,
            key_id INTEGER NOT NULL,
            detail_id INTEGER NOT NULL,
            import_id INTEGER NOT NULL,
            input_tokens INTEGER,
            input_text_tokens INTEGER,
            input_image_tokens INTEGER,
            output_tokens INTEGER,
            output_image_tokens INTEGER,
            output_text_tokens INTEGER
          );
          CREATE VIEW usage_records_view AS
            SELECT r.record_id, r.identity AS id, r.timestamp, date(r.day * 86400, 'unixepoch') AS date,
                   k.provider, k.deployment_type, d.region, k.model, k.operation, k.size, k.quality, d.n,
                   d.input_images, d.input_fidelity, d.partial_images, d.status, k.tags,
                   r.input_tokens, r.input_text_tokens, r.input_image_tokens,
                   r.output_tokens, r.output_image_tokens, r.output_text_tokens, r.import_id
            FROM usage_records r JOIN report_keys k ON k.key_id = r.key_id JOIN request_details d ON d.detail_id = r.detail_id;
          CREATE TABLE actual_costs (
            line_id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL UNIQUE,
            import_id INTEGER NOT NULL,
            source_kind TEXT NOT NULL,
            day INTEGER NOT NULL,
            item TEXT NOT NULL,
            model TEXT,
            amount_nanos INTEGER NOT NULL,
            currency TEXT NOT NULL,
            quantity TEXT,
            unit TEXT
          );
          CREATE INDEX actual_costs_day ON actual_costs(day);
          CREATE TABLE rollup_coverage (
            pricing TEXT NOT NULL,
            import_id INTEGER NOT NULL,
            priced_at TEXT NOT NULL,
            PRIMARY KEY (pricing, import_id)
          ) WITHOUT ROWID;
          CREATE TABLE rollup_notes (
            pricing TEXT NOT NULL,
            day INTEGER NOT NULL,
            key_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('assumption', 'unpriced')),
            text TEXT NOT NULL,
            requests INTEGER NOT NULL,
            images INTEGER NOT NULL,
            first_record INTEGER NOT NULL,
            sample_record INTEGER,
            PRIMARY KEY (pricing, day, key_id, kind, text)
          ) WITHOUT ROWID;
          """)
      // Priced totals per day and report key. The key is ordered (pricing, month, key_id, day) so that a
      // report by month (or coarser) adds the days up with a GROUP BY month, key_id that streams in key
      // order, without sorting: over 10M records that is a few hundred thousand rows read in order.
      let money = componentColumns.map { "usd_\($0) INTEGER" }.joined(separator: ", ")
      let tokens = componentColumns.map { "tokens_\($0) INTEGER" }.joined(separator: ", ")
      try db.execute(
        sql: """
          CREATE TABLE rollups (
            pricing TEXT NOT NULL,
            month INTEGER NOT NULL,
            day INTEGER NOT NULL,
            key_id INTEGER NOT NULL,
            first_record INTEGER NOT NULL,
            requests INTEGER NOT NULL,
            images INTEGER NOT NULL,
            cost_nanos INTEGER NOT NULL,
            priced INTEGER NOT NULL,
            estimated INTEGER NOT NULL,
            unbilled INTEGER NOT NULL,
            unpriced INTEGER NOT NULL,
            \(money),
            \(tokens),
            PRIMARY KEY (pricing, month, key_id, day)
          ) WITHOUT ROWID;
          PRAGMA user_version = 1;
          """)
    }
    migrator.registerMigration("v2-live-journal") { db in
      try db.execute(
        sql: """
          CREATE TABLE live_runs (
            run_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            plan_file TEXT,
            provider TEXT NOT NULL,
            endpoint_host TEXT,
            max_spend_nanos INTEGER,
            predicted_nanos INTEGER,
            state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'aborted'))
          );
          CREATE TABLE live_calls (
            call_id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES live_runs(run_id),
            seq INTEGER NOT NULL,
            provider TEXT NOT NULL,
            deployment TEXT,
            model TEXT NOT NULL,
            operation TEXT NOT NULL,
            request_params TEXT NOT NULL,
            predicted_nanos INTEGER NOT NULL,
            worst_case_nanos INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed', 'abandoned')),
            attempts INTEGER NOT NULL DEFAULT 1,
            http_status INTEGER,
            error_code TEXT,
            error_message TEXT,
            input_tokens INTEGER,
            input_text_tokens INTEGER,
            input_image_tokens INTEGER,
            output_tokens INTEGER,
            output_image_tokens INTEGER,
            output_text_tokens INTEGER,
            actual_nanos INTEGER,
            latency_ms INTEGER,
            provider_request_id TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            UNIQUE (run_id, seq)
          );
          CREATE INDEX live_calls_pending ON live_calls(state) WHERE state = 'pending';
          PRAGMA user_version = 2;
          """)
    }
    // Live mode's journal records (`RunInfo`, `CallRecord`, `CallOutcome`), losslessly: the queryable fields keep
    // their v2 columns; the rest is JSON text (`run_json`, `call_json`, `outcome_json`, snake_case keys). A row
    // with `outcome_json` NULL and state `pending` was sent and never completed.
    migrator.registerMigration("v3-live-journal-records") { db in
      try db.execute(
        sql: """
          ALTER TABLE live_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'live-run';
          ALTER TABLE live_runs ADD COLUMN run_json TEXT NOT NULL DEFAULT '{}';
          ALTER TABLE live_calls ADD COLUMN call_group TEXT NOT NULL DEFAULT '';
          ALTER TABLE live_calls ADD COLUMN charged_nanos INTEGER;
          ALTER TABLE live_calls ADD COLUMN charge_basis TEXT;
          ALTER TABLE live_calls ADD COLUMN call_json TEXT NOT NULL DEFAULT '{}';
          ALTER TABLE live_calls ADD COLUMN outcome_json TEXT;
          PRAGMA user_version = 3;
          """)
    }
    return migrator
  }
}
