package cli

import (
	"strings"
	"testing"
)

func TestShownDSN(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"ducha.db", "ducha.db"},
		{"/var/lib/ducha/ducha.db", "/var/lib/ducha/ducha.db"},
		{"postgres://127.0.0.1:5432/test?sslmode=disable", "postgres://127.0.0.1:5432/test?sslmode=disable"},
		{"postgres://postgres@127.0.0.1/test", "postgres://postgres@127.0.0.1/test"},
		{"postgres://ducha:s3cret@db.example:5432/ducha?sslmode=require", "postgres://ducha:xxxxx@db.example:5432/ducha?sslmode=require"},
		{"postgresql://ducha:p%40ss@db/ducha", "postgresql://ducha:xxxxx@db/ducha"},
		{"postgres://db/ducha?user=ducha&password=s3cret", "postgres://db/ducha?password=xxxxx&user=ducha"},
		{"postgres://db/ducha?sslpassword=keypass&sslmode=verify-full", "postgres://db/ducha?sslmode=verify-full&sslpassword=xxxxx"},
		// not a URL Go parses: an unescaped # and / in the password
		{"postgres://ducha:a#b/c@db/ducha", "postgres://xxxxx@db/ducha"},
	} {
		if got := shownDSN(tc.dsn); got != tc.want {
			t.Errorf("shownDSN(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
	}
}

// A command that fails to reach PostgreSQL names the database without
// its password (port 1 on loopback: nothing listens there).
func TestCommandsDoNotPrintThePassword(t *testing.T) {
	dsn := "postgres://ducha:s3cret-pw@127.0.0.1:1/ducha?connect_timeout=2"
	for _, tc := range []struct {
		args  []string
		named bool // the message names the database
	}{
		{[]string{"migrate", "--db", dsn}, true},
		{[]string{"serve", "--db", dsn, "--addr", "127.0.0.1:0"}, true},
		{[]string{"import", "tasks", "--db", dsn, "testdata/none.xlsx"}, false},
		{[]string{"user", "list", "--db", dsn}, false},
	} {
		args := tc.args
		code, out, errOut := run(t, "", args...)
		if code == 0 {
			t.Fatalf("ducha %v: exit 0 without a database", args)
		}
		if strings.Contains(out+errOut, "s3cret-pw") {
			t.Errorf("ducha %v printed the password:\n%s%s", args, out, errOut)
		}
		if tc.named && !strings.Contains(errOut, "postgres://ducha:xxxxx@127.0.0.1:1/ducha") {
			t.Errorf("ducha %v: want the database named without its password, got\n%s", args, errOut)
		}
	}
}
