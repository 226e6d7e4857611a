import GRDB

extension BudgetStore {
    /// Versioned schema. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: history store") { db in
            // Departments (主管部门). The row with match_key '' stands for "not given".
            try db.execute(sql: """
                CREATE TABLE department (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    match_key TEXT NOT NULL UNIQUE
                );
                -- Units (实施单位 / 申报单位), named within a department. match_key '' = not given.
                CREATE TABLE unit (
                    id INTEGER PRIMARY KEY,
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    name TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    UNIQUE (department_id, match_key)
                );
                -- Projects, named within a unit: the name as written (display form) and its NFKC match key.
                CREATE TABLE project (
                    id INTEGER PRIMARY KEY,
                    unit_id INTEGER NOT NULL REFERENCES unit(id),
                    name TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    category TEXT,
                    UNIQUE (unit_id, match_key)
                );
                -- Other names a project is known by within its unit (names drift between years).
                CREATE TABLE project_alias (
                    unit_id INTEGER NOT NULL REFERENCES unit(id),
                    match_key TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    PRIMARY KEY (unit_id, match_key)
                ) WITHOUT ROWID;
                -- One row per import command that changed something (provenance).
                CREATE TABLE import_batch (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    options TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rows_inserted INTEGER NOT NULL,
                    rows_updated INTEGER NOT NULL,
                    rows_unchanged INTEGER NOT NULL,
                    rows_skipped INTEGER NOT NULL
                );
                CREATE INDEX import_batch_sha256 ON import_batch(sha256);
                -- Annual figures per project-year (绩效自评表). Money in integer fen; scores as decimal TEXT.
                CREATE TABLE annual_figures (
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                    source TEXT NOT NULL CHECK (source IN ('reported', 'declared')),
                    initial_budget INTEGER,
                    adjusted_budget INTEGER,
                    executed INTEGER,
                    appropriation INTEGER,
                    carryover INTEGER,
                    other_funds INTEGER,
                    execution_score TEXT,
                    total_score TEXT,
                    batch_id INTEGER REFERENCES import_batch(id),
                    PRIMARY KEY (project_id, year)
                ) WITHOUT ROWID;
                -- Target declarations per project-year (绩效目标申报表).
                CREATE TABLE declaration (
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER NOT NULL,
                    requested INTEGER,
                    total_budget INTEGER,
                    prior_budget INTEGER,
                    prior_executed INTEGER,
                    batch_id INTEGER REFERENCES import_batch(id),
                    PRIMARY KEY (project_id, year)
                ) WITHOUT ROWID;
                -- Performance indicators per project-year (绩效指标); filled by the form importer.
                CREATE TABLE indicator (
                    id INTEGER PRIMARY KEY,
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    level1 TEXT NOT NULL,
                    level2 TEXT NOT NULL,
                    level3 TEXT NOT NULL,
                    target TEXT,
                    actual TEXT,
                    weight TEXT,
                    score TEXT,
                    deviation_reason TEXT,
                    batch_id INTEGER REFERENCES import_batch(id),
                    UNIQUE (project_id, year, position)
                );
                -- Every change an import made to an existing figure: old value, new value, the batch.
                CREATE TABLE revision (
                    id INTEGER PRIMARY KEY,
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER,
                    field TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT
                );
                CREATE INDEX revision_project ON revision(project_id, year);
                -- Warnings found while importing, kept with their batch.
                CREATE TABLE finding (
                    id INTEGER PRIMARY KEY,
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    severity TEXT NOT NULL,
                    file TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    field TEXT,
                    message TEXT NOT NULL
                );
                INSERT INTO department (id, name, match_key) VALUES (1, '', '');
                """)
        }
        migrator.registerMigration("v2: findings name their project-year") { db in
            try db.execute(sql: """
                ALTER TABLE finding ADD COLUMN unit TEXT;
                ALTER TABLE finding ADD COLUMN project TEXT;
                ALTER TABLE finding ADD COLUMN year INTEGER;
                """)
        }
        migrator.registerMigration("v3: form details and sub-projects") { db in
            try db.execute(sql: """
                -- What a filed form says of a project-year beyond the figures: plan dates, goals, the stated rate.
                CREATE TABLE form_detail (
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('declaration', 'self-evaluation')),
                    planned_start TEXT,
                    planned_end TEXT,
                    goal_expected TEXT,
                    goal_achieved TEXT,
                    stated_rate TEXT,
                    execution_weight TEXT,
                    batch_id INTEGER REFERENCES import_batch(id),
                    PRIMARY KEY (project_id, year, kind)
                ) WITHOUT ROWID;
                -- A declaration's sub-projects (子项目) and their amounts, in form order.
                CREATE TABLE sub_project (
                    project_id INTEGER NOT NULL REFERENCES project(id),
                    year INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    batch_id INTEGER REFERENCES import_batch(id),
                    PRIMARY KEY (project_id, year, position)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4: exceptional years") { db in
            try db.execute(sql: """
                -- Project-years marked exceptional (e.g. 2020–2022 under the pandemic): forecasting leaves them out
                -- of fitting. A year may be marked before any figures exist for it. reason '' = no reason given.
                CREATE TABLE exceptional_year (
                    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                    year INTEGER NOT NULL,
                    reason TEXT NOT NULL DEFAULT '',
                    marked_at TEXT NOT NULL,
                    PRIMARY KEY (project_id, year)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5: departments belong to a data source") { db in
            // The data source (jurisdiction) a department's figures come from: forecasts never pool peers across
            // data sources. '' = unnamed (stores made before v5 hold one unnamed source).
            try db.execute(sql: "ALTER TABLE department ADD COLUMN data_source TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v6: material findings") { db in
            // 1 for a finding that may mean amounts are wrong (Finding.material): listed first by import and check.
            try db.execute(sql: "ALTER TABLE finding ADD COLUMN material INTEGER NOT NULL DEFAULT 0")
        }
        return migrator
    }
}
