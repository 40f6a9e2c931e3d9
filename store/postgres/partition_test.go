package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

// TestAuditPartitions: the audit log is partitioned by year; an entry goes
// to its year's partition (one of another age to the default one), the
// store reads across them, and every partition stays append-only.
func TestAuditPartitions(t *testing.T) {
	db := open(t, true)
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC),
		time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if err := db.AppendAudit(ctx, ledger.AuditEntry{At: at, Actor: "cli:test", Action: "test.partition",
			Entity: "test", Ref: at.Format("2006")}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Pool().Query(ctx, `SELECT ref, tableoid::regclass::text FROM audit_log WHERE entity = 'test' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var ref, part string
		if err := rows.Scan(&ref, &part); err != nil {
			t.Fatal(err)
		}
		got = append(got, ref+"→"+part)
	}
	rows.Close()
	if want := "2024→audit_log_y2024 2025→audit_log_y2025 2012→audit_log_other"; strings.Join(got, " ") != want {
		t.Errorf("partitions %v, want %s", got, want)
	}
	es, err := db.Audit(ctx, "test", "", 0)
	if err != nil || len(es) != 3 || es[0].Ref != "2012" {
		t.Errorf("audit across partitions: %d entries, %v (newest first: %+v)", len(es), err, es)
	}
	for _, stmt := range []string{
		`DELETE FROM audit_log WHERE entity = 'test'`,
		`UPDATE audit_log_y2024 SET actor = 'x'`,
		`TRUNCATE audit_log_y2024`,
		`TRUNCATE audit_log_other`,
		`TRUNCATE audit_log`,
	} {
		if _, err := db.Pool().Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", stmt, err)
		}
	}
}
