package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildDucha builds this command into a temporary directory.
func buildDucha(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ducha")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// initialised runs bin with GODEBUG=inittrace=1 and returns its standard
// output and the packages the runtime initialised.
func initialised(t *testing.T, bin string, args ...string) (string, map[string]bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ducha %v: %v\n%s", args, err, stderr.String())
	}
	pkgs := map[string]bool{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init ducha/extract @12 ms, 0.11 ms clock, 13040 bytes, 45 allocs
		if f := strings.Fields(line); len(f) > 2 && f[0] == "init" {
			pkgs[f[1]] = true
		}
	}
	return stdout.String(), pkgs
}

// The commands that only read a file must not pay for the initialisation
// of the web server, the databases and the spreadsheet library.
func TestExtractDoesNotInitialiseHeavyPackages(t *testing.T) {
	bin := buildDucha(t)
	dir := t.TempDir()
	tiny := filepath.Join(dir, "tiny.txt")
	if err := os.WriteFile(tiny, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(report, []byte("二、2025年工作安排\n新建学校3所，新增学位2000个以上。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	heavy := []string{"github.com/xuri/excelize/v2", "modernc.org/sqlite", "github.com/jackc/pgx/v5",
		"ducha/web", "ducha/store/sqlite", "ducha/store/postgres", "ducha/internal/cli", "net/http"}
	for _, args := range [][]string{
		{"extract", tiny},
		{"extract", "--format", "table", "--commitments", report},
		{"text", report},
	} {
		out, pkgs := initialised(t, bin, args...)
		if !pkgs["ducha/extract"] || !pkgs["ducha/internal/cli/light"] {
			t.Fatalf("ducha %v: no init trace of ducha/extract and ducha/internal/cli/light; got %d packages", args, len(pkgs))
		}
		for _, p := range heavy {
			if pkgs[p] {
				t.Errorf("ducha %v initialised %s", args, p)
			}
		}
		if out == "" {
			t.Errorf("ducha %v printed nothing", args)
		}
	}
	out, _ := initialised(t, bin, "extract", report)
	if !strings.Contains(out, `"quantity":"3所"`) || !strings.Contains(out, `"quantity":"2000个","value":2000,"unit":"个","comparator":"ge"`) {
		t.Errorf("ducha extract: want the mentions 3所 and 2000个 (以上), got\n%s", out)
	}
}

// Every other command goes on to main with every package initialised.
func TestOtherCommandsRunAsBefore(t *testing.T) {
	bin := buildDucha(t)
	out, pkgs := initialised(t, bin, "help")
	for _, name := range []string{"serve", "import", "extract", "text", "migrate"} {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("ducha help does not list %s:\n%s", name, out)
		}
	}
	if !pkgs["ducha/web"] || !pkgs["github.com/xuri/excelize/v2"] {
		t.Errorf("ducha help: ducha/web and excelize not initialised")
	}
}
